-- Net payments (uitbetaald minus teruggevorderd) accumulated over time, per day with a payment.
-- Grain: one row per date with a payment or recovery. Parameters: $stand.
with per_dag as (
    select
        datum,
        sum(case soort when 'uitbetaald' then bedrag else -bedrag end)::decimal(18, 2) as netto
    from financien_op($stand)
    where soort in ('uitbetaald', 'teruggevorderd')
    group by datum
)

select
    datum,
    netto,
    sum(netto) over (order by datum rows unbounded preceding)::decimal(18, 2) as cumulatief
from per_dag
order by datum
