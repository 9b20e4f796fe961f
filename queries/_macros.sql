-- The base layers every named query builds on; run by the store whenever it opens a database,
-- so they always match this checkout. Not a named query itself (the leading _ keeps it out).
--
-- Layers, each defined once: the data as of a moment (<dataset>_op), the municipality a stored
-- code counts as in a period (gemeente_toewijzing), the parties of a trajectory, the shared
-- filters (<dataset>_gefilterd) and the per-municipality rows the counts of municipalities are
-- made of (gemeente_herkomst). The filter parameters everywhere: moment (naive UTC), periode
-- ('2025', '2019-2024' or 'code': as resolved at import), oproepen, provincies, statussen,
-- vormen, themas (an empty list: no filter) and gemeente (a code of the period, or null).

-- "The data as of a moment": per dataset, the newest version at or before the moment.
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

-- The municipality a stored NIS code counts as, per period (README, "Counting
-- municipalities"). '2025': a code of 2019-2024 counts as the municipality it merged into;
-- '2019-2024': a code of that period counts as itself, a 2025 code only where it stands for
-- exactly one old municipality (else nis is null: it cannot be counted in that period);
-- 'code': every code as itself. Grain: one row per (periode, stored code).
create or replace view gemeente_toewijzing as
with codes as (
    select distinct nis_code
    from gemeente_periode
    where periode in ('2019-2024', '2025')
),

oud as (
    select nis_code, nieuw_nis from gemeente_periode where periode = '2019-2024'
),

nieuw as (
    select nis_code, string_split(fusie_van, ';') as van from gemeente_periode
    where periode = '2025'
),

doel as (
    select '2025' as periode, c.nis_code, coalesce(o.nieuw_nis, c.nis_code) as nis
    from codes as c left join oud as o using (nis_code)
    union all
    select
        '2019-2024',
        c.nis_code,
        case
            when o.nis_code is not null then c.nis_code
            when len(n.van) = 1 then n.van[1]
        end
    from codes as c
    left join oud as o using (nis_code)
    left join nieuw as n using (nis_code)
    union all
    select 'code', nis_code, nis_code from codes
)

select
    d.periode,
    d.nis_code,
    d.nis,
    g.naam_nl as naam,
    g.provincie
from doel as d
left join gemeente_periode as g
    on
        g.nis_code = d.nis
        and g.periode = case d.periode when 'code' then g.periode else d.periode end
qualify row_number() over (
    partition by d.periode, d.nis_code
    order by case g.periode when '2025' then 0 else 1 end
) = 1;

-- Every municipality a trajectory names, with its role and the municipality it counts as.
-- Grain: one row per (trajectory, role, named code).
create or replace macro partijen_op(moment, p_periode) as table
with partij as (
    select t.traject_id, 'aanbiedend' as rol, t.aanbiedend as code from trajecten_op(moment) as t
    union all
    select t.traject_id, 'vragend', v.code
    from trajecten_op(moment) as t cross join unnest(t.vragend) as v (code)
)

select p.traject_id, p.rol, p.code, g.nis, g.naam, g.provincie
from partij as p
left join gemeente_toewijzing as g on g.nis_code = p.code and g.periode = p_periode;

-- The trajectories that pass the shared filters. A trajectory is in a province (or is the
-- municipality's) when its offering or any requesting municipality is, in the period.
create or replace macro trajecten_gefilterd(
    moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
) as table
select t.*
from trajecten_op(moment) as t
where
    (len(oproepen) = 0 or list_contains(oproepen, t.oproep))
    and (len(statussen) = 0 or list_contains(statussen, t.status))
    and (len(vormen) = 0 or list_contains(vormen, t.vorm))
    and (len(themas) = 0 or len(list_intersect(themas, t.themas)) > 0)
    and (
        (len(provincies) = 0 and p_gemeente is null)
        or t.traject_id in (
            select p.traject_id
            from partijen_op(moment, p_periode) as p
            where
                (len(provincies) = 0 or list_contains(provincies, p.provincie))
                and (p_gemeente is null or p.nis = p_gemeente)
        )
    );

-- Evaluations follow their trajectory.
create or replace macro evaluaties_gefilterd(
    moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
) as table
select e.*, t.oproep
from evaluaties_op(moment) as e
inner join trajecten_gefilterd(
    moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
) as t using (traject_id);

-- Experts count at their employer (province and municipality filter the employer, in the
-- period); a call, status, form or theme filter keeps the experts listed on a kept trajectory.
create or replace macro experts_gefilterd(
    moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
) as table
select e.*, g.nis as werkgever_nis, g.naam as werkgever_naam, g.provincie
from experts_op(moment) as e
left join gemeente_toewijzing as g on g.nis_code = e.werkgever and g.periode = p_periode
where
    (len(provincies) = 0 or list_contains(provincies, g.provincie))
    and (p_gemeente is null or g.nis = p_gemeente)
    and (
        len(oproepen) + len(statussen) + len(vormen) + len(themas) = 0
        or e.expert_id in (
            select unnest(t.expert_ids)
            from trajecten_gefilterd(
                moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
            ) as t
        )
    );

-- Ledger rows follow the moment and their beneficiary's province and municipality (money
-- belongs to no call, status, form or theme; VVSG to no province).
create or replace macro financien_gefilterd(moment, p_periode, provincies, p_gemeente) as table
select f.*, g.nis as begunstigde_nis, g.naam as begunstigde_gemeente, g.provincie
from financien_op(moment) as f
left join gemeente_toewijzing as g on g.nis_code = f.begunstigde and g.periode = p_periode
where
    (len(provincies) = 0 or list_contains(provincies, g.provincie))
    and (p_gemeente is null or g.nis = p_gemeente);

-- What every count and figure per municipality is made of: one row per (municipality of the
-- period, measure, source row). Measures: trajecten_aanbiedend, trajecten_vragend (the
-- filtered trajectories), experts (the filtered experts, with their funding), toegekend and
-- ontvangen (the ledger, net of recoveries), evaluaties (evaluations by the municipality of a
-- filtered trajectory). nis is null where a code cannot be counted in the period. The
-- municipality rows follow the province and municipality filter.
create or replace macro gemeente_herkomst(
    moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
) as table
with t as (
    select traject_id, versie_id, rij
    from trajecten_gefilterd(
        moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
    )
),

rijen as (
    select
        'trajecten_' || p.rol as maat, p.code, p.nis, p.naam, p.provincie, 'trajecten' as dataset,
        t.versie_id, t.rij, p.traject_id as sleutel, null::decimal(38, 2) as bedrag
    from partijen_op(moment, p_periode) as p
    inner join t using (traject_id)
    union all
    select
        'experts', e.werkgever, e.werkgever_nis, e.werkgever_naam, e.provincie, 'experts',
        e.versie_id, e.rij, e.expert_id, e.financiering
    from experts_gefilterd(
        moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
    ) as e
    union all
    select
        case f.soort when 'toegekend' then 'toegekend' else 'ontvangen' end,
        f.begunstigde, f.begunstigde_nis, f.begunstigde_gemeente, f.provincie, 'financien',
        f.versie_id, f.rij, f.boeking_id,
        case f.soort when 'teruggevorderd' then -f.bedrag else f.bedrag end
    from financien_gefilterd(moment, p_periode, provincies, p_gemeente) as f
    where f.begunstigde <> 'VVSG' and f.soort in ('toegekend', 'uitbetaald', 'teruggevorderd')
    union all
    select
        'evaluaties', e.bestuur, g.nis, g.naam, g.provincie, 'evaluaties', e.versie_id, e.rij,
        e.evaluatie_id, null
    from evaluaties_gefilterd(
        moment, p_periode, oproepen, provincies, statussen, vormen, themas, p_gemeente
    ) as e
    left join gemeente_toewijzing as g on g.nis_code = e.bestuur and g.periode = p_periode
)

select *
from rijen
where
    (len(provincies) = 0 or list_contains(provincies, provincie))
    and (p_gemeente is null or nis = p_gemeente);
