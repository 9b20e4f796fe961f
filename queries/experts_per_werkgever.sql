-- Municipalities that employ at least one expert, with their number and summed funding.
-- Grain: one row per werkgever (NIS code). Parameters: $stand (naive UTC moment).
with experts as (
    select werkgever, financiering
    from experts_op($stand)
),

per_werkgever as (
    select
        werkgever as nis,
        count(*) as experts,
        coalesce(sum(financiering), 0)::decimal(18, 2) as financiering_eur
    from experts
    group by werkgever
)

select
    p.nis,
    coalesce(g.naam_nl, p.nis) as naam,
    p.experts,
    p.financiering_eur
from per_werkgever as p
left join gemeente as g on g.nis_code = p.nis
order by p.nis
