-- Every criterion with the number of experts whose Criteria list holds its code (any case).
-- Grain: one row per criterion. Parameters: $stand.
with genoemd as (
    select distinct e.expert_id, lower(c.code) as code, e.versie_id, e.rij
    from experts_op($stand) as e
    cross join unnest(e.criteria) as c (code)
),

herkomst as (
    select
        c.code, c.omschrijving, 'criterium' as maat, 'criteria' as dataset, c.versie_id, c.rij,
        c.code as sleutel
    from criteria_op($stand) as c
    union all
    select c.code, c.omschrijving, 'expert', 'experts', g.versie_id, g.rij, g.expert_id
    from criteria_op($stand) as c
    inner join genoemd as g on g.code = lower(c.code)
)

-- figure
select
    code,
    omschrijving,
    count(distinct sleutel) filter (where maat = 'expert') as aantal_experts
from herkomst
group by code, omschrijving
order by code
