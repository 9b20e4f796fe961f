-- Every criterion with the number of experts whose Criteria list holds its code (any case).
-- Grain: one row per criterion. Parameters: $stand (naive UTC moment).
with genoemd as (
    select distinct
        expert_id,
        lower(unnest(criteria)) as code
    from experts_op($stand)
)

select
    c.code,
    c.omschrijving,
    count(g.expert_id) as aantal_experts
from criteria_op($stand) as c
left join genoemd as g on g.code = lower(c.code)
group by c.code, c.omschrijving
order by c.code
