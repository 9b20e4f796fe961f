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
from wisselaar.answer import VersionUsed, assemble
from wisselaar.dashboard import budget_lines
from wisselaar.filters import Filters
from wisselaar.municipalities import merged_from
from wisselaar.questions import BlockFilters
from wisselaar.schema import DOELEN, MEERWAARDE
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
    scores = [int(s) for s in evaluaties["tevredenheid"] if pd.notna(s)]
    meerwaarde = {m: 0 for m in MEERWAARDE}
    for items in evaluaties["meerwaarde"]:
        for item in items if items is not None else ():
            meerwaarde[item] += 1
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
    criteria = reads.frame(settings, "criteria_experts", stand=stand)
    figures = assemble(
        versions=versions,
        gemeenten=gemeenten,
        trajecten=[
            {
                "traject_id": r.traject_id,
                "oproep": r.oproep,
                "aanbiedend": r.aanbiedend,
                "vragend": [str(n) for n in r.vragend],
                "vorm": r.vorm,
                "status": r.status,
            }
            for r in trajecten.itertuples()
        ],
        scores=(Decimal(sum(scores)), len(scores)),
        evaluaties=len(evaluaties),
        doelen={d: int((evaluaties["doelen_bereikt"] == d).sum()) for d in DOELEN},
        meerwaarde=meerwaarde,
        rapporten=[
            (r.traject_id, r.rapport)
            for r in evaluaties.itertuples()
            if r.rapport and r.rapport == r.rapport
        ],
        lines=lines,
        criteria=[
            {
                "code": c.code,
                "omschrijving": c.omschrijving,
                "aantal_experts": int(c.aantal_experts),
            }
            for c in criteria.itertuples()
        ],
    )
    details = {r["traject_id"]: r for r in trajecten.to_dict("records")}
    return figures, details
