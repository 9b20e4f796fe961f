-- Money per beneficiary (VVSG or a municipality of $periode): granted, committed, paid net of
-- recoveries; following the beneficiary's province and municipality.
-- Grain: one row per beneficiary, and one in all (totaal true). Parameters: $stand, $periode, $provincies, $gemeente.
with herkomst as (
    select
        case when begunstigde = 'VVSG' then 'VVSG' else coalesce(begunstigde_nis, begunstigde) end
            as begunstigde,
        soort, bedrag, 'financien' as dataset, versie_id, rij, boeking_id as sleutel
    from financien_gefilterd($stand, $periode, $provincies::varchar[], $gemeente::varchar)
)

-- figure
select
    grouping(h.begunstigde) = 1 as totaal,
    h.begunstigde,
    case when h.begunstigde = 'VVSG' then 'VVSG' else coalesce(g.naam_nl, h.begunstigde) end
        as begunstigde_naam,
    coalesce(sum(h.bedrag) filter (where h.soort = 'toegekend'), 0)::decimal(38, 2)
        as toegekend_eur,
    coalesce(sum(h.bedrag) filter (where h.soort = 'vastgelegd'), 0)::decimal(38, 2)
        as vastgelegd_eur,
    (
        coalesce(sum(h.bedrag) filter (where h.soort = 'uitbetaald'), 0)
        - coalesce(sum(h.bedrag) filter (where h.soort = 'teruggevorderd'), 0)
    )::decimal(38, 2) as uitbetaald_eur
from herkomst as h
left join gemeente as g on g.nis_code = h.begunstigde
group by grouping sets ((h.begunstigde, g.naam_nl), ())
order by totaal, uitbetaald_eur desc, begunstigde_naam
