-- The filtered experts with their employer as a municipality of $periode; with $traject the
-- experts listed on that trajectory. Grain: one row per expert. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql), $traject.
with herkomst as (
    select
        e.expert_id,
        e.werkgever,
        coalesce(e.werkgever_naam, g.naam_nl, e.werkgever) as werkgever_naam,
        e.werkgever_nis,
        e.provincie,
        e.functie,
        e.in_dienst_sinds,
        e.criteria,
        e.financieringsbron,
        e.financiering,
        'experts' as dataset,
        e.versie_id,
        e.rij
    from experts_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    ) as e
    left join gemeente as g on g.nis_code = e.werkgever
    where
        $traject::varchar is null
        or e.expert_id in (
            select unnest(expert_ids) from trajecten_op($stand)
            where traject_id = $traject::varchar
        )
)

-- figure
select
    expert_id,
    werkgever,
    werkgever_naam,
    werkgever_nis,
    provincie,
    functie,
    in_dienst_sinds,
    criteria,
    financieringsbron,
    financiering,
    dataset,
    versie_id,
    rij
from herkomst
order by expert_id
