-- Net payments (uitbetaald minus teruggevorderd) accumulated over time.
-- Grain: one row per date with a payment or recovery. Parameters: $stand.
with herkomst as (
    select
        datum, soort, case soort when 'uitbetaald' then bedrag else -bedrag end as netto,
        'financien' as dataset, versie_id, rij, boeking_id as sleutel
    from financien_op($stand)
    where soort in ('uitbetaald', 'teruggevorderd')
)

-- figure
, per_dag as (
    select datum, sum(netto)::decimal(38, 2) as netto from herkomst group by datum
)

select
    datum,
    netto,
    sum(netto) over (order by datum rows unbounded preceding)::decimal(38, 2) as cumulatief
from per_dag
order by datum
