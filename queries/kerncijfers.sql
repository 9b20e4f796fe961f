-- The headline figures of the trajectories and their evaluations (the counts of
-- municipalities are in gemeenten.sql, the budget totals in budgetlijnen.sql).
-- Grain: one row. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with t as (
    select * from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

e as (
    select * from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

herkomst as (
    select
        'trajecten' as maat, 'trajecten' as dataset, versie_id, rij, traject_id as sleutel,
        status as waarde, null::varchar as gemeente, null::integer as score
    from t
    union all
    select 'ondernomen', 'trajecten', versie_id, rij, traject_id, status, null, null
    from t where status in ('lopend', 'afgerond', 'stopgezet')
    union all
    select
        'evaluaties', 'evaluaties', versie_id, rij, evaluatie_id, rol, bestuur, tevredenheid
    from e
    union all
    select 'tevredenheid', 'evaluaties', versie_id, rij, evaluatie_id, tevredenheid::varchar,
        bestuur, tevredenheid
    from e
    where tevredenheid is not null
    union all
    select 'doelen', 'evaluaties', versie_id, rij, evaluatie_id, doelen_bereikt, bestuur, null
    from e
    where doelen_bereikt is not null
)

-- figure
select
    count(*) filter (where maat = 'trajecten') as trajecten,
    count(*) filter (where maat = 'ondernomen') as ondernomen,
    count(*) filter (where maat = 'evaluaties') as evaluaties,
    count(*) filter (where maat = 'tevredenheid') as scores,
    coalesce(sum(score) filter (where maat = 'tevredenheid'), 0)::bigint as som_scores,
    count(*) filter (where maat = 'doelen') as doelen_beantwoord,
    count(*) filter (where maat = 'doelen' and waarde = 'ja') as doelen_ja
from herkomst
