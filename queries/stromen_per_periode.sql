-- Exchanges as drawn on the map of a period: per (aanbiedend, vragend) pair of municipality
-- codes of $periode ('2019-2024' or '2025'; mergers mapped by gemeente_in_periode) the number
-- of filtered trajectories. A pair that falls within one municipality after a merger (Melle
-- helping Merelbeke, in 2025) is left out: it is no line on the map.
-- Grain: one row per (aanbiedend, vragend). Parameters: $stand, $periode, $oproepen,
-- $provincies, $statussen, $vormen, $themas.
with paren as (
    select
        gemeente_in_periode(t.aanbiedend, $periode) as aanbiedend,
        gemeente_in_periode(v.nis, $periode) as vragend
    from trajecten_gefilterd(
        $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[]
    ) as t
    cross join unnest(t.vragend) as v (nis)
)

select
    p.aanbiedend,
    p.vragend,
    count(*) as trajecten
from paren as p
where p.aanbiedend <> p.vragend
group by p.aanbiedend, p.vragend
order by trajecten desc, p.aanbiedend, p.vragend
