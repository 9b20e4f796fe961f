-- Every trajectory with its partners, form and status.
-- Grain: one row per trajectory. Parameters: $stand (naive UTC moment).
select
    traject_id,
    oproep,
    aanbiedend,
    list_sort(vragend) as vragend,
    vorm,
    themas,
    status,
    startdatum,
    einddatum,
    geplande_uren,
    gepresteerde_uren
from trajecten_op($stand)
order by traject_id
