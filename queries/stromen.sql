-- Flows from offering to requesting municipality over the filtered trajectories.
-- Grain: one row per (aanbiedend, vragend) pair. Parameters: $stand, $oproepen, $provincies,
-- $statussen, $vormen, $themas.
with paren as (
    select t.aanbiedend, v.nis as vragend
    from trajecten_gefilterd(
        $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[]
    ) as t
    cross join unnest(t.vragend) as v (nis)
)

select
    p.aanbiedend,
    coalesce(ga.naam_nl, p.aanbiedend) as aanbiedend_naam,
    p.vragend,
    coalesce(gv.naam_nl, p.vragend) as vragend_naam,
    count(*) as trajecten
from paren as p
left join gemeente as ga on ga.nis_code = p.aanbiedend
left join gemeente as gv on gv.nis_code = p.vragend
group by all
order by trajecten desc, aanbiedend_naam, vragend_naam
