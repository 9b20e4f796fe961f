-- Filtered trajectories started per quarter of their start date.
-- Grain: one row per quarter that has a start. Parameters: $stand, $oproepen, $provincies,
-- $statussen, $vormen, $themas.
select
    year(startdatum) as jaar,
    quarter(startdatum) as kwartaal,
    year(startdatum)::varchar || '-K' || quarter(startdatum)::varchar as periode,
    count(*) as aantal
from trajecten_gefilterd(
    $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
    $vormen::varchar[], $themas::varchar[]
)
group by jaar, kwartaal
order by jaar, kwartaal
