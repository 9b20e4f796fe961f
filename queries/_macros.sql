-- Macros every named query builds on; run by the store whenever it opens a database, so
-- they always match this checkout. Not a named query itself (the leading _ keeps it out).

-- The one mechanism for "the data as of a moment": per dataset, the newest version at or
-- before the moment (naive UTC). Every query reads <dataset>_op($stand).
create or replace macro versie_op(ds, moment) as (
    select max(vd.versie_id)
    from versie_dataset as vd
    inner join versie as v using (versie_id)
    where vd.dataset = ds and v.aangemaakt_op <= moment
);

create or replace macro trajecten_op(moment) as table
select * from trajecten where versie_id = versie_op('trajecten', moment);

create or replace macro experts_op(moment) as table
select * from experts where versie_id = versie_op('experts', moment);

create or replace macro criteria_op(moment) as table
select * from criteria where versie_id = versie_op('criteria', moment);

create or replace macro budget_op(moment) as table
select * from budget where versie_id = versie_op('budget', moment);

create or replace macro financien_op(moment) as table
select * from financien where versie_id = versie_op('financien', moment);

create or replace macro evaluaties_op(moment) as table
select * from evaluaties where versie_id = versie_op('evaluaties', moment);

-- The trajectories at a moment that pass the dashboard's shared filters. An empty list means
-- "no filter". A trajectory is in a province when its offering or any requesting
-- municipality is.
create or replace macro trajecten_gefilterd(moment, oproepen, provincies, statussen, vormen, themas)
as table
select t.*
from trajecten_op(moment) as t
where
    (len(oproepen) = 0 or list_contains(oproepen, t.oproep))
    and (len(statussen) = 0 or list_contains(statussen, t.status))
    and (len(vormen) = 0 or list_contains(vormen, t.vorm))
    and (len(themas) = 0 or len(list_intersect(themas, t.themas)) > 0)
    and (
        len(provincies) = 0
        or exists (
            select 1
            from gemeente_periode as g
            where
                (g.nis_code = t.aanbiedend or list_contains(t.vragend, g.nis_code))
                and list_contains(provincies, g.provincie)
        )
    );

-- A municipality code shown in a period: in 2025, a code of 2019-2024 becomes the code of the
-- municipality it merged into; codes valid in both periods stay. A 2025 code in the
-- 2019-2024 view stays as it is (a merged municipality cannot be split back).
create or replace macro gemeente_in_periode(nis, periode) as (
    case
        when periode = '2025' then coalesce(
            (
                select any_value(g.nieuw_nis) from gemeente_periode as g
                where g.nis_code = nis and g.periode = '2019-2024'
            ),
            nis
        )
        else nis
    end
);
