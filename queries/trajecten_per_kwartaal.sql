-- The filtered trajectories counted per quarter of their start date.
-- Grain: one row per quarter with a start. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with herkomst as (
    select
        year(startdatum) as jaar, quarter(startdatum) as kwartaal, 'trajecten' as dataset,
        versie_id, rij, traject_id as sleutel, startdatum
    from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
)

-- figure
select jaar, kwartaal, count(*) as aantal
from herkomst
group by jaar, kwartaal
order by jaar, kwartaal
