-- The filtered trajectories with the names of their partners (as stored), for tables, the
-- timeline and the overview of question 342; with $traject one trajectory.
-- Grain: one row per trajectory. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql). $traject.
with t as (
    select * from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
    where $traject::varchar is null or traject_id = $traject::varchar
),

namen as (
    select
        t.traject_id,
        list(coalesce(g.naam_nl, v.nis) order by coalesce(g.naam_nl, v.nis)) as vragend_namen
    from t
    cross join unnest(t.vragend) as v (nis)
    left join gemeente as g on g.nis_code = v.nis
    group by t.traject_id
),

herkomst as (
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
        'trajecten' as dataset,
        t.versie_id,
        t.rij
    from t
    left join gemeente as ga on ga.nis_code = t.aanbiedend
    left join namen as n using (traject_id)
)

-- figure
select
    traject_id,
    oproep,
    aanbiedend,
    aanbiedend_naam,
    vragend,
    vragend_namen,
    vorm,
    themas,
    status,
    startdatum,
    einddatum,
    expert_ids,
    geplande_uren,
    gepresteerde_uren,
    omschrijving,
    dataset,
    versie_id,
    rij
from herkomst
order by traject_id
