-- The filtered trajectories counted per call, status, form and theme (a trajectory counts
-- once for each of its themes). Grain: one row per (kenmerk, waarde) that occurs.
-- Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with t as (
    select * from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

herkomst as (
    select
        'oproep' as kenmerk, oproep::varchar as waarde, 'trajecten' as dataset, versie_id, rij,
        traject_id as sleutel
    from t
    union all
    select 'status', status, 'trajecten', versie_id, rij, traject_id from t
    union all
    select 'vorm', vorm, 'trajecten', versie_id, rij, traject_id from t
    union all
    select 'thema', th.thema, 'trajecten', t.versie_id, t.rij, t.traject_id
    from t cross join unnest(t.themas) as th (thema)
)

-- figure
select kenmerk, waarde, count(*) as aantal
from herkomst
group by kenmerk, waarde
order by kenmerk, waarde
