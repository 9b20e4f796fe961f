-- Experts at a moment with their employer's name and province.
-- Grain: one row per expert. Parameters: $stand.
select
    e.expert_id,
    e.werkgever,
    coalesce(g.naam_nl, e.werkgever) as werkgever_naam,
    g.provincie,
    e.functie,
    e.in_dienst_sinds,
    e.criteria,
    e.financieringsbron,
    e.financiering,
    e.versie_id,
    e.rij
from experts_op($stand) as e
left join gemeente as g on g.nis_code = e.werkgever
order by e.expert_id
