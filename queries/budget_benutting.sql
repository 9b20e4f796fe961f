-- Per budget year and line: available, granted, committed, paid net of recoveries.
-- Grain: one row per (begrotingsjaar, budgetlijn) of Budget. Parameters: $stand.
with boekingen as (
    select
        begrotingsjaar,
        budgetlijn,
        sum(bedrag) filter (where soort = 'toegekend') as toegekend,
        sum(bedrag) filter (where soort = 'vastgelegd') as vastgelegd,
        sum(bedrag) filter (where soort = 'uitbetaald') as uitbetaald,
        sum(bedrag) filter (where soort = 'teruggevorderd') as teruggevorderd
    from financien_op($stand)
    group by begrotingsjaar, budgetlijn
)

select
    b.begrotingsjaar,
    b.budgetlijn,
    b.beschikbaar as beschikbaar_eur,
    coalesce(f.toegekend, 0)::decimal(18, 2) as toegekend_eur,
    coalesce(f.vastgelegd, 0)::decimal(18, 2) as vastgelegd_eur,
    (coalesce(f.uitbetaald, 0) - coalesce(f.teruggevorderd, 0))::decimal(18, 2) as uitbetaald_eur,
    coalesce(b.toelichting, '') as toelichting
from budget_op($stand) as b
left join boekingen as f using (begrotingsjaar, budgetlijn)
order by b.begrotingsjaar, b.budgetlijn
