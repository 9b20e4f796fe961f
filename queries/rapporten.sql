-- Evaluations with a report (title or URL).
-- Grain: one row per evaluation with a filled-in Rapport. Parameters: $stand (naive UTC moment).
select
    traject_id,
    rapport,
    evaluatie_id,
    bestuur,
    rol,
    datum
from evaluaties_op($stand)
where rapport is not null and rapport <> ''
order by traject_id, rapport, evaluatie_id
