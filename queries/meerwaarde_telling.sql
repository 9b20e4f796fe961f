-- How often each added-value category is named (each item of each evaluation's list counts).
-- Grain: one row per category that occurs. Parameters: $stand (naive UTC moment).
with items as (
    select unnest(meerwaarde) as meerwaarde
    from evaluaties_op($stand)
)

select
    meerwaarde,
    count(*) as aantal
from items
group by meerwaarde
order by meerwaarde
