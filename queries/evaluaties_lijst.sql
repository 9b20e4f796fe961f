-- Evaluations of the filtered trajectories, with the municipality's name and the call.
-- Grain: one row per evaluation. Parameters: $stand, $oproepen, $provincies, $statussen,
-- $vormen, $themas.
select
    e.evaluatie_id,
    e.traject_id,
    t.oproep,
    e.bestuur,
    coalesce(g.naam_nl, e.bestuur) as bestuur_naam,
    e.rol,
    e.datum,
    e.tevredenheid,
    e.doelen_bereikt,
    e.meerwaarde,
    e.rapport,
    e.toelichting,
    e.versie_id,
    e.rij
from evaluaties_op($stand) as e
inner join trajecten_gefilterd(
    $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
    $vormen::varchar[], $themas::varchar[]
) as t using (traject_id)
left join gemeente as g on g.nis_code = e.bestuur
order by e.traject_id, e.evaluatie_id
