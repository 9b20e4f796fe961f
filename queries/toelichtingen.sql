-- Evaluations of the filtered trajectories with an explanation (Toelichting), newest first,
-- with what they say about goals and added value. Grain: one row per evaluation with a
-- filled-in Toelichting. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with herkomst as (
    select
        e.traject_id,
        e.evaluatie_id,
        e.bestuur,
        coalesce(g.naam_nl, e.bestuur) as bestuur_naam,
        e.rol,
        e.oproep,
        e.datum,
        e.doelen_bereikt,
        e.meerwaarde,
        e.toelichting,
        'evaluaties' as dataset,
        e.versie_id,
        e.rij
    from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    ) as e
    left join gemeente as g on g.nis_code = e.bestuur
    where e.toelichting is not null and e.toelichting <> ''
)

-- figure
select
    traject_id,
    evaluatie_id,
    bestuur,
    bestuur_naam,
    rol,
    oproep,
    datum,
    doelen_bereikt,
    meerwaarde,
    toelichting,
    dataset,
    versie_id,
    rij
from herkomst
order by datum desc, evaluatie_id
