-- The filtered trajectories with the names of their partners, for tables and timelines.
-- Grain: one row per trajectory. Parameters: $stand, $oproepen, $provincies, $statussen,
-- $vormen, $themas (empty list = no filter).
with t as (
    select *
    from trajecten_gefilterd(
        $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[]
    )
),

namen as (
    select
        t.traject_id,
        list(coalesce(g.naam_nl, v.nis) order by coalesce(g.naam_nl, v.nis)) as vragend_namen
    from t
    cross join unnest(t.vragend) as v (nis)
    left join gemeente as g on g.nis_code = v.nis
    group by t.traject_id
)

select
    t.traject_id,
    t.oproep,
    t.aanbiedend,
    coalesce(ga.naam_nl, t.aanbiedend) as aanbiedend_naam,
    list_sort(t.vragend) as vragend,
    n.vragend_namen,
    t.vorm,
    t.themas,
    t.status,
    t.startdatum,
    t.einddatum,
    t.expert_ids,
    t.geplande_uren,
    t.gepresteerde_uren,
    t.omschrijving,
    t.versie_id,
    t.rij
from t
left join gemeente as ga on ga.nis_code = t.aanbiedend
left join namen as n using (traject_id)
order by t.traject_id
