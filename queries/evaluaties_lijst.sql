-- Evaluations of the filtered trajectories, with the municipality's name and the call; with
-- $traject the evaluations of that trajectory. Grain: one row per evaluation. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql), $traject.
with herkomst as (
    select
        e.evaluatie_id,
        e.traject_id,
        e.oproep,
        e.bestuur,
        coalesce(g.naam_nl, e.bestuur) as bestuur_naam,
        e.rol,
        e.datum,
        e.tevredenheid,
        e.doelen_bereikt,
        e.meerwaarde,
        e.rapport,
        e.toelichting,
        'evaluaties' as dataset,
        e.versie_id,
        e.rij
    from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    ) as e
    left join gemeente as g on g.nis_code = e.bestuur
    where $traject::varchar is null or e.traject_id = $traject::varchar
)

-- figure
select
    evaluatie_id,
    traject_id,
    oproep,
    bestuur,
    bestuur_naam,
    rol,
    datum,
    tevredenheid,
    doelen_bereikt,
    meerwaarde,
    rapport,
    toelichting,
    dataset,
    versie_id,
    rij
from herkomst
order by traject_id, evaluatie_id
