-- Per budget year and line: available, granted, committed and paid net of recoveries; and
-- the same over all lines (totaal true). Grain: one row per (begrotingsjaar, budgetlijn) of
-- Budget, and one in all. Parameters: $stand.
with herkomst as (
    select
        begrotingsjaar, budgetlijn, 'beschikbaar' as maat, beschikbaar as bedrag,
        coalesce(toelichting, '') as toelichting, 'budget' as dataset, versie_id, rij,
        begrotingsjaar || ' ' || budgetlijn as sleutel
    from budget_op($stand)
    union all
    select
        begrotingsjaar, budgetlijn, soort, bedrag, null, 'financien', versie_id, rij, boeking_id
    from financien_op($stand)
)

-- figure
select
    grouping(begrotingsjaar) = 1 as totaal,
    begrotingsjaar,
    budgetlijn,
    coalesce(sum(bedrag) filter (where maat = 'beschikbaar'), 0)::decimal(38, 2)
        as beschikbaar_eur,
    coalesce(sum(bedrag) filter (where maat = 'toegekend'), 0)::decimal(38, 2) as toegekend_eur,
    coalesce(sum(bedrag) filter (where maat = 'vastgelegd'), 0)::decimal(38, 2)
        as vastgelegd_eur,
    (
        coalesce(sum(bedrag) filter (where maat = 'uitbetaald'), 0)
        - coalesce(sum(bedrag) filter (where maat = 'teruggevorderd'), 0)
    )::decimal(38, 2) as uitbetaald_eur,
    case when grouping(begrotingsjaar) = 1 then '' else coalesce(max(toelichting), '') end
        as toelichting
from herkomst
group by grouping sets ((begrotingsjaar, budgetlijn), ())
having count(*) filter (where maat = 'beschikbaar') > 0 or grouping(begrotingsjaar) = 1
order by totaal, begrotingsjaar, budgetlijn
