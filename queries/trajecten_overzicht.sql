-- Every trajectory with its call, partners, form and status (the overview of question 342).
-- Grain: one row per trajectory. Parameters: $stand (naive UTC moment).
select
    traject_id,
    oproep,
    aanbiedend,
    list_sort(vragend) as vragend,
    vorm,
    status
from trajecten_op($stand)
order by traject_id
