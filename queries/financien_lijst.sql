-- Ledger rows at a moment with the beneficiary's name and the trajectory's call.
-- Grain: one row per booking. Parameters: $stand.
select
    f.boeking_id,
    f.begrotingsjaar,
    f.budgetlijn,
    f.begunstigde,
    case when f.begunstigde = 'VVSG' then 'VVSG' else coalesce(g.naam_nl, f.begunstigde) end
        as begunstigde_naam,
    f.traject_id,
    f.soort,
    f.bedrag,
    case when f.soort = 'teruggevorderd' then -f.bedrag
        when f.soort = 'uitbetaald' then f.bedrag else 0 end::decimal(18, 2) as netto_betaald,
    f.datum,
    f.omschrijving,
    f.versie_id,
    f.rij
from financien_op($stand) as f
left join gemeente as g on g.nis_code = f.begunstigde
order by f.datum, f.boeking_id
