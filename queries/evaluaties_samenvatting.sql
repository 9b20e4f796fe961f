-- Counts over all evaluations: scores (sum and number, for an exact mean) and goals reached.
-- Grain: one row. Parameters: $stand (naive UTC moment).
select
    count(*) as aantal_evaluaties,
    count(tevredenheid) as aantal_scores,
    coalesce(sum(tevredenheid), 0) as som_scores,
    count(*) filter (where doelen_bereikt = 'ja') as doelen_ja,
    count(*) filter (where doelen_bereikt = 'deels') as doelen_deels,
    count(*) filter (where doelen_bereikt = 'nee') as doelen_nee
from evaluaties_op($stand)
