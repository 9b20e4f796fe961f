-- Evaluations of the filtered trajectories with a report (title or web address).
-- Grain: one row per evaluation with a filled-in Rapport. Parameters: $stand, $periode, $oproepen, $provincies, $statussen,
-- $vormen, $themas, $gemeente (see _macros.sql).
with herkomst as (
    select
        e.traject_id,
        e.rapport,
        e.evaluatie_id,
        e.bestuur,
        coalesce(g.naam_nl, e.bestuur) as bestuur_naam,
        e.rol,
        e.datum,
        'evaluaties' as dataset,
        e.versie_id,
        e.rij
    from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    ) as e
    left join gemeente as g on g.nis_code = e.bestuur
    where e.rapport is not null and e.rapport <> ''
)

-- figure
select
    traject_id,
    rapport,
    evaluatie_id,
    bestuur,
    bestuur_naam,
    rol,
    datum,
    dataset,
    versie_id,
    rij
from herkomst
order by traject_id, rapport, evaluatie_id
