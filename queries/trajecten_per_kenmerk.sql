-- Counts of the filtered trajectories per call, status, form and theme (a trajectory counts
-- once for each of its themes). Grain: one row per (kenmerk, waarde).
-- Parameters: $stand, $oproepen, $provincies, $statussen, $vormen, $themas.
with t as (
    select *
    from trajecten_gefilterd(
        $stand, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[]
    )
),

per_oproep as (
    select 'oproep' as kenmerk, oproep::varchar as waarde, count(*) as aantal
    from t group by oproep
),

per_status as (
    select 'status' as kenmerk, status as waarde, count(*) as aantal
    from t group by status
),

per_vorm as (
    select 'vorm' as kenmerk, vorm as waarde, count(*) as aantal
    from t group by vorm
),

per_thema as (
    select 'thema' as kenmerk, thema as waarde, count(*) as aantal
    from (select unnest(themas) as thema from t)
    group by thema
)

select kenmerk, waarde, aantal from per_oproep
union all
select kenmerk, waarde, aantal from per_status
union all
select kenmerk, waarde, aantal from per_vorm
union all
select kenmerk, waarde, aantal from per_thema
order by kenmerk, waarde
