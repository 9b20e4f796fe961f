-- The money of one trajectory per kind of booking (every kind, zeros included).
-- Grain: one row per soort. Parameters: $stand, $traject.
with herkomst as (
    select soort, bedrag, 'financien' as dataset, versie_id, rij, boeking_id as sleutel
    from financien_op($stand)
    where traject_id = $traject::varchar
)

-- figure
select s.soort, coalesce(sum(h.bedrag), 0)::decimal(38, 2) as bedrag
from (
    select unnest(['toegekend', 'vastgelegd', 'uitbetaald', 'teruggevorderd']) as soort,
        generate_subscripts(['toegekend', 'vastgelegd', 'uitbetaald', 'teruggevorderd'], 1)
            as volgorde
) as s
left join herkomst as h using (soort)
group by s.soort, s.volgorde
order by s.volgorde
