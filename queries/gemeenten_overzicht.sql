-- Per municipality: its roles, trajectories, experts, money received and evaluations, with
-- codes shown in the chosen period ($periode: '2019-2024' or '2025', mergers mapped).
-- Grain: one row per municipality involved. Parameters: $stand, $periode, $oproepen,
-- $provincies, $statussen, $vormen, $themas.
with t as (
    select *
    from trajecten_gefilterd(
        $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[]
    )
),

aanbiedend as (
    select gemeente_in_periode(aanbiedend, $periode) as nis, count(*) as trajecten_aanbiedend
    from t group by 1
),

vragend as (
    select gemeente_in_periode(v.nis, $periode) as nis, count(*) as trajecten_vragend
    from t cross join unnest(t.vragend) as v (nis)
    group by 1
),

experts as (
    select
        gemeente_in_periode(werkgever, $periode) as nis,
        count(*) as experts,
        coalesce(sum(financiering), 0)::decimal(18, 2) as financiering_experts
    from experts_op($stand) group by 1
),

ontvangen as (
    select
        gemeente_in_periode(begunstigde, $periode) as nis,
        sum(case soort when 'uitbetaald' then bedrag when 'teruggevorderd' then -bedrag
            else 0 end)::decimal(18, 2) as ontvangen_eur,
        sum(bedrag) filter (where soort = 'toegekend')::decimal(18, 2) as toegekend_eur
    from financien_op($stand)
    where begunstigde <> 'VVSG'
    group by 1
),

evaluaties as (
    select gemeente_in_periode(e.bestuur, $periode) as nis, count(*) as evaluaties
    from evaluaties_op($stand) as e
    inner join t using (traject_id)
    group by 1
),

alle as (
    select nis from aanbiedend
    union select nis from vragend
    union select nis from experts
    union select nis from ontvangen
)

select
    a.nis,
    coalesce(g.naam_nl, a.nis) as naam,
    g.provincie,
    coalesce(ab.trajecten_aanbiedend, 0) as trajecten_aanbiedend,
    coalesce(vr.trajecten_vragend, 0) as trajecten_vragend,
    case
        when ab.nis is not null and vr.nis is not null then 'beide'
        when ab.nis is not null then 'aanbiedend'
        when vr.nis is not null then 'vragend'
        else 'geen'
    end as rol,
    coalesce(ex.experts, 0) as experts,
    coalesce(ex.financiering_experts, 0)::decimal(18, 2) as financiering_experts,
    coalesce(o.toegekend_eur, 0)::decimal(18, 2) as toegekend_eur,
    coalesce(o.ontvangen_eur, 0)::decimal(18, 2) as ontvangen_eur,
    coalesce(ev.evaluaties, 0) as evaluaties
from alle as a
left join gemeente as g on g.nis_code = a.nis
left join aanbiedend as ab on ab.nis = a.nis
left join vragend as vr on vr.nis = a.nis
left join experts as ex on ex.nis = a.nis
left join ontvangen as o on o.nis = a.nis
left join evaluaties as ev on ev.nis = a.nis
where len($provincies::varchar[]) = 0 or list_contains($provincies::varchar[], g.provincie)
order by naam, a.nis
