-- The headline figures per call of the filtered trajectories: what kerncijfers.sql counts,
-- and the municipalities of the period per role as gemeenten.sql counts them (a code that
-- cannot be counted in the period does not count; the province and municipality filter
-- narrow the municipalities). One query for every figure per call: answer 6's reach and
-- results per call and the satisfaction per call (Evaluatie). Grain: one row per call with
-- a trajectory. Parameters: $stand, $periode, $oproepen, $provincies, $statussen, $vormen,
-- $themas, $gemeente (see _macros.sql).
with t as (
    select * from trajecten_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

e as (
    select * from evaluaties_gefilterd(
        $stand, $periode, $oproepen::integer[], $provincies::varchar[], $statussen::varchar[],
        $vormen::varchar[], $themas::varchar[], $gemeente::varchar
    )
),

herkomst as (
    select
        oproep, 'trajecten' as maat, 'trajecten' as dataset, versie_id, rij,
        traject_id as sleutel, status as waarde, null::varchar as gemeente,
        null::integer as tevredenheid
    from t
    union all
    select oproep, 'ondernomen', 'trajecten', versie_id, rij, traject_id, status, null, null
    from t where status in ('lopend', 'afgerond', 'stopgezet')
    union all
    select
        t.oproep, 'trajecten_' || p.rol, 'trajecten', t.versie_id, t.rij, t.traject_id, p.rol,
        p.nis, null
    from partijen_op($stand, $periode) as p
    inner join t using (traject_id)
    where
        p.nis is not null
        and (len($provincies::varchar[]) = 0 or list_contains($provincies::varchar[], p.provincie))
        and ($gemeente::varchar is null or p.nis = $gemeente::varchar)
    union all
    select
        oproep, 'evaluaties', 'evaluaties', versie_id, rij, evaluatie_id, rol, bestuur,
        tevredenheid
    from e
    union all
    select
        oproep, 'tevredenheid', 'evaluaties', versie_id, rij, evaluatie_id,
        tevredenheid::varchar, bestuur, tevredenheid
    from e
    where tevredenheid is not null
    union all
    select
        oproep, 'doelen', 'evaluaties', versie_id, rij, evaluatie_id, doelen_bereikt, bestuur,
        null
    from e
    where doelen_bereikt is not null
)

-- figure
select
    oproep,
    count(*) filter (where maat = 'trajecten') as trajecten,
    count(*) filter (where maat = 'ondernomen') as ondernomen,
    count(*) filter (where maat = 'trajecten' and waarde = 'afgerond') as afgerond,
    count(distinct gemeente) filter (where maat = 'trajecten_aanbiedend') as aanbiedend,
    count(distinct gemeente) filter (where maat = 'trajecten_vragend') as vragend,
    count(*) filter (where maat = 'evaluaties') as evaluaties,
    count(*) filter (where maat = 'tevredenheid') as scores,
    coalesce(sum(tevredenheid) filter (where maat = 'tevredenheid'), 0)::bigint as som_scores,
    count(*) filter (where maat = 'doelen') as doelen_beantwoord,
    count(*) filter (where maat = 'doelen' and waarde = 'ja') as doelen_ja
from herkomst
group by oproep
having count(*) filter (where maat = 'trajecten') > 0
order by oproep
