-- Money per beneficiary (VVSG or a municipality): granted, committed, paid net of recoveries.
-- Grain: one row per beneficiary. Parameters: $stand.
select
    f.begunstigde,
    case when f.begunstigde = 'VVSG' then 'VVSG' else coalesce(g.naam_nl, f.begunstigde) end
        as begunstigde_naam,
    coalesce(sum(f.bedrag) filter (where f.soort = 'toegekend'), 0)::decimal(18, 2)
        as toegekend_eur,
    coalesce(sum(f.bedrag) filter (where f.soort = 'vastgelegd'), 0)::decimal(18, 2)
        as vastgelegd_eur,
    (
        coalesce(sum(f.bedrag) filter (where f.soort = 'uitbetaald'), 0)
        - coalesce(sum(f.bedrag) filter (where f.soort = 'teruggevorderd'), 0)
    )::decimal(18, 2) as uitbetaald_eur
from financien_op($stand) as f
left join gemeente as g on g.nis_code = f.begunstigde
group by all
order by uitbetaald_eur desc, begunstigde_naam
