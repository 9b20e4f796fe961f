-- The filtered evaluations counted per value of satisfaction, goals reached and added value,
-- by the role of the municipality that evaluated (each item of an added-value list counts).
-- Grain: one row per (kenmerk, waarde) that occurs. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with e as (
    select * from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

herkomst as (
    select
        'tevredenheid' as kenmerk, tevredenheid::varchar as waarde, rol, 'evaluaties' as dataset,
        versie_id, rij, evaluatie_id as sleutel
    from e where tevredenheid is not null
    union all
    select 'doelen_bereikt', doelen_bereikt, rol, 'evaluaties', versie_id, rij, evaluatie_id
    from e where doelen_bereikt is not null
    union all
    select 'meerwaarde', m.waarde, e.rol, 'evaluaties', e.versie_id, e.rij, e.evaluatie_id
    from e cross join unnest(e.meerwaarde) as m (waarde)
)

-- figure
select
    kenmerk,
    waarde,
    count(*) filter (where rol = 'aanbiedend') as door_aanbiedend,
    count(*) filter (where rol = 'vragend') as door_vragend,
    count(*) as totaal
from herkomst
group by kenmerk, waarde
order by kenmerk, waarde
