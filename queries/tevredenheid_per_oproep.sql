-- The filled-in satisfaction scores of the filtered evaluations per call (sum and number, for
-- an exact mean). Grain: one row per call with a score. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with herkomst as (
    select
        oproep, tevredenheid, 'evaluaties' as dataset, versie_id, rij, evaluatie_id as sleutel
    from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
    where tevredenheid is not null
)

-- figure
select oproep, count(*) as scores, sum(tevredenheid)::bigint as som_scores
from herkomst
group by oproep
order by oproep
