-- The version each dataset comes from at a moment, with who stored it and when.
-- Grain: one row per dataset that has a version at $stand. Parameters: $stand.
with in_gebruik as (
    select
        dataset,
        versie_op(dataset, $stand) as versie_id
    from (select distinct dataset from versie_dataset)
)

select
    i.dataset,
    i.versie_id,
    v.aangemaakt_op,
    v.gebruiker,
    v.bestandsnaam,
    v.voorbeeld
from in_gebruik as i
join versie as v using (versie_id)
order by i.dataset
