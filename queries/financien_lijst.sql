-- Ledger rows at a moment with the beneficiary's name, following the beneficiary's province
-- and municipality ($periode); with $traject the rows of that trajectory.
-- Grain: one row per booking. Parameters: $stand, $periode, $provincies, $gemeente, $traject.
with herkomst as (
    select
        f.boeking_id,
        f.begrotingsjaar,
        f.budgetlijn,
        f.begunstigde,
        case when f.begunstigde = 'VVSG' then 'VVSG'
            else coalesce(g.naam_nl, f.begunstigde) end as begunstigde_naam,
        f.traject_id,
        f.soort,
        f.bedrag,
        case f.soort when 'teruggevorderd' then -f.bedrag when 'uitbetaald' then f.bedrag
            else 0 end::decimal(38, 2) as netto_betaald,
        f.datum,
        f.omschrijving,
        'financien' as dataset,
        f.versie_id,
        f.rij
    from financien_gefilterd($stand, $periode, $provincies::varchar[], $gemeente::varchar) as f
    left join gemeente as g on g.nis_code = f.begunstigde
    where $traject::varchar is null or f.traject_id = $traject::varchar
)

-- figure
select
    boeking_id,
    begrotingsjaar,
    budgetlijn,
    begunstigde,
    begunstigde_naam,
    traject_id,
    soort,
    bedrag,
    netto_betaald,
    datum,
    omschrijving,
    dataset,
    versie_id,
    rij
from herkomst
order by datum, boeking_id
