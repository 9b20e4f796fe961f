-- Exchanges from offering to requesting municipality, as municipalities of $periode: per pair
-- the number of filtered trajectories. binnen_gemeente marks a pair that a merger turned into
-- one municipality (Melle helping Merelbeke, in 2025); in_periode is false where an end cannot
-- be counted in the period (shown under its stored code). With $gemeente, only the pairs
-- with the municipality at one end. Grain: one row per (aanbiedend, vragend).
-- Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with t as (
    select * from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

partij as (
    select
        p.traject_id, p.rol, coalesce(p.nis, p.code) as nis, p.nis is not null as in_periode,
        coalesce(p.naam, g.naam_nl, p.code) as naam
    from partijen_op($stand, $periode) as p
    left join gemeente as g on g.nis_code = p.code
),

herkomst as (
    select
        a.nis as aanbiedend, a.naam as aanbiedend_naam, v.nis as vragend,
        v.naam as vragend_naam, a.in_periode and v.in_periode as in_periode,
        'trajecten' as dataset, t.versie_id, t.rij, t.traject_id as sleutel
    from t
    inner join partij as a on a.traject_id = t.traject_id and a.rol = 'aanbiedend'
    inner join partij as v on v.traject_id = t.traject_id and v.rol = 'vragend'
    where $gemeente::varchar is null or a.nis = $gemeente::varchar or v.nis = $gemeente::varchar
)

-- figure
select
    aanbiedend,
    aanbiedend_naam,
    vragend,
    vragend_naam,
    count(distinct sleutel) as trajecten,
    aanbiedend = vragend as binnen_gemeente,
    bool_and(in_periode) as in_periode
from herkomst
group by aanbiedend, aanbiedend_naam, vragend, vragend_naam
order by trajecten desc, aanbiedend_naam, vragend_naam
