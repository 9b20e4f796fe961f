"""The figures behind a composed question's blocks, with the dashboard's filters.

The filters mean what they mean in the sidebar: call(s), province(s) and status keep the
trajectories (`trajecten_gefilterd`); a municipality keeps the trajectories it takes part in
(under its pre-2025 codes too); evaluations follow their trajectory. Experts count at their
employer: province and municipality filter the employer, and a call or status filter keeps the
experts listed on a kept trajectory. The budget and the criteria belong to the whole
programme. Without filters, `filtered_figures` equals `answer --json` (a test proves it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from wisselaar import reads
from wisselaar.answer import VersionUsed
from wisselaar.dashboard import budget_lines
from wisselaar.filters import Filters
from wisselaar.formatting import round_half_up
from wisselaar.moments import brussels_iso
from wisselaar.municipalities import merged_from
from wisselaar.questions import BlockFilters
from wisselaar.schema import DOELEN, MEERWAARDE, ONDERNOMEN, STATUSSEN
from wisselaar.settings import Settings


def codes(nis: str | None) -> set[str]:
    """A municipality's codes: a 2025 code also stands for the codes it was formed from."""
    if not nis:
        return set()
    try:
        return {nis, *merged_from(nis)}
    except KeyError:
        return {nis}


def sidebar_filters(f: BlockFilters, stand: dt.datetime) -> Filters:
    return Filters(stand=stand, oproepen=f.oproepen, provincies=f.provincies, statussen=f.statussen)


def trajectories(settings: Settings, f: BlockFilters, stand: dt.datetime) -> pd.DataFrame:
    frame = reads.frame(settings, "trajecten_lijst", **sidebar_filters(f, stand).params())
    wanted = codes(f.gemeente)
    if not wanted:
        return frame
    involved = frame["aanbiedend"].isin(wanted) | frame["vragend"].map(
        lambda v: bool(wanted.intersection(v))
    )
    return frame[involved]


def _ratio(numerator: Decimal, denominator: Decimal | int, places: int) -> Decimal | None:
    return round_half_up(Decimal(numerator) / Decimal(denominator), places) if denominator else None


def filtered_figures(
    settings: Settings, f: BlockFilters, stand: dt.datetime, versions: list[VersionUsed]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The figures of question 342 (CONTRACT.md section 4) for the filtered data, and the
    trajectories' details (call, dates) for the annex."""
    trajecten = trajectories(settings, f, stand)
    kept = set(trajecten["traject_id"])
    evaluaties = reads.frame(settings, "evaluaties_lijst", **sidebar_filters(f, stand).params())
    evaluaties = evaluaties[evaluaties["traject_id"].isin(kept)]
    experts = reads.frame(settings, "experts_lijst", stand=stand)
    if f.provincies:
        experts = experts[experts["provincie"].isin(f.provincies)]
    if f.gemeente:
        experts = experts[experts["werkgever"].isin(codes(f.gemeente))]
    if f.oproepen or f.statussen:
        listed = {e for ids in trajecten["expert_ids"] if ids is not None for e in ids}
        experts = experts[experts["expert_id"].isin(listed)]
    per_werkgever: dict[str, list[Any]] = {}
    for e in experts.itertuples():
        entry = per_werkgever.setdefault(e.werkgever, [e.werkgever_naam, 0, Decimal("0.00")])
        entry[1] += 1
        entry[2] += e.financiering if isinstance(e.financiering, Decimal) else 0
    gemeenten = [
        {"nis": nis, "naam": naam, "experts": n, "financiering_eur": euro}
        for nis, (naam, n, euro) in sorted(per_werkgever.items())
    ]
    per_status = {s: 0 for s in STATUSSEN}
    per_oproep: dict[str, int] = {}
    for row in trajecten.itertuples():
        per_status[row.status] += 1
        per_oproep[str(row.oproep)] = per_oproep.get(str(row.oproep), 0) + 1
    ondernomen = sum(per_status[s] for s in ONDERNOMEN)
    scores = [int(s) for s in evaluaties["tevredenheid"] if pd.notna(s)]
    gemiddelde = _ratio(Decimal(sum(scores)), len(scores), 2)
    doelen = {d: int((evaluaties["doelen_bereikt"] == d).sum()) for d in DOELEN}
    meerwaarde = {m: 0 for m in MEERWAARDE}
    for items in evaluaties["meerwaarde"]:
        for item in items if items is not None else ():
            meerwaarde[item] += 1
    rapporten = sorted(
        (r.traject_id, r.rapport)
        for r in evaluaties.itertuples()
        if r.rapport and r.rapport == r.rapport
    )
    lines = [
        {
            "begrotingsjaar": int(line.begrotingsjaar),
            "budgetlijn": line.budgetlijn,
            "beschikbaar_eur": line.beschikbaar_eur,
            "toegekend_eur": line.toegekend_eur,
            "vastgelegd_eur": line.vastgelegd_eur,
            "uitbetaald_eur": line.uitbetaald_eur,
            "benutting_pct": line.benutting_pct,
            "oordeel": line.oordeel,
            "toelichting": line.toelichting,
        }
        for line in budget_lines(settings, Filters(stand=stand)).itertuples()
    ]
    beschikbaar = sum((line["beschikbaar_eur"] for line in lines), Decimal("0.00"))
    uitbetaald = sum((line["uitbetaald_eur"] for line in lines), Decimal("0.00"))
    criteria = reads.frame(settings, "criteria_experts", stand=stand)
    figures = {
        "stand_van": brussels_iso(max(v.moment for v in versions)),
        "vraag_1": {
            "gemeenten": gemeenten,
            "totaal_financiering_eur": sum(
                (g["financiering_eur"] for g in gemeenten), Decimal("0.00")
            ),
        },
        "vraag_2": {
            "aantal_trajecten": len(trajecten),
            "ondernomen": ondernomen,
            "per_status": per_status,
            "per_oproep": dict(sorted(per_oproep.items())),
            "trajecten": [
                {
                    "traject_id": r.traject_id,
                    "aanbiedend": r.aanbiedend,
                    "vragend": [str(n) for n in r.vragend],
                    "vorm": r.vorm,
                    "status": r.status,
                }
                for r in trajecten.itertuples()
            ],
        },
        "vraag_3": {
            "aantal_evaluaties": len(evaluaties),
            "gemiddelde_tevredenheid": gemiddelde,
            "doelen_bereikt": doelen,
            "meerwaarde": meerwaarde,
            "rapporten": [{"traject_id": i, "rapport": r} for i, r in rapporten],
        },
        "vraag_4": {
            "totaal_beschikbaar_eur": beschikbaar,
            "totaal_uitbetaald_eur": uitbetaald,
            "budgetlijnen": lines,
        },
        "vraag_5": {
            "criteria": [
                {
                    "code": c.code,
                    "omschrijving": c.omschrijving,
                    "aantal_experts": int(c.aantal_experts),
                }
                for c in criteria.itertuples()
            ]
        },
        "vraag_6": {
            "ondernomen": ondernomen,
            "afgerond": per_status["afgerond"],
            "aandeel_doelen_bereikt_pct": _ratio(
                Decimal(doelen["ja"]) * 100, sum(doelen.values()), 1
            ),
            "gemiddelde_tevredenheid": gemiddelde,
            "benutting_pct": _ratio(uitbetaald * 100, beschikbaar, 1),
        },
    }
    details = {r["traject_id"]: r for r in trajecten.to_dict("records")}
    return figures, details
