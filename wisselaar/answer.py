"""The figures of written question 342 (CONTRACT.md section 4), from the data at a moment.

Arithmetic is exact (Decimal) and every rounding is half up; a figure that cannot be computed
is None. The SQL in queries/ does the grouping; this module only derives shares and verdicts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from wisselaar.formatting import round_half_up
from wisselaar.moments import brussels_iso
from wisselaar.queries import run
from wisselaar.schema import DOELEN, MEERWAARDE, ONDERNOMEN, STATUSSEN
from wisselaar.settings import Settings
from wisselaar.store import Store, utc_now

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class VersionUsed:
    dataset: str
    version: int
    moment: dt.datetime  # naive UTC
    user: str
    filename: str | None
    sample: bool


@dataclass(frozen=True)
class Answer:
    figures: dict[str, Any]  # exactly the JSON of CONTRACT.md section 4 (Decimals inside)
    versions: list[VersionUsed]
    moment: dt.datetime  # the moment asked for (naive UTC)

    @property
    def sample(self) -> bool:
        return any(v.sample for v in self.versions)

    def to_json(self) -> str:
        # Compact: the C encoder (indent forces the pure-Python one, 3x slower on 10 MB).
        return json.dumps(self.figures, ensure_ascii=False, default=_number)


def _number(value: object) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def answer_342(settings: Settings, moment: dt.datetime | None = None) -> Answer | None:
    """The answer as of `moment` (naive UTC; default now), or None without any version."""
    moment = moment or utc_now()
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        return compute(con, moment, settings)


def compute(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> Answer | None:
    versions = [
        VersionUsed(
            r["dataset"],
            r["versie_id"],
            r["aangemaakt_op"],
            r["gebruiker"],
            r["bestandsnaam"],
            r["voorbeeld"],
        )
        for r in run(con, "versies_in_gebruik", stand=moment)
        if r["versie_id"] is not None
    ]
    if not versions:
        return None
    evaluaties = run(con, "evaluaties_samenvatting", stand=moment)[0]
    meerwaarde = {m: 0 for m in MEERWAARDE}
    for row in run(con, "meerwaarde_telling", stand=moment):
        meerwaarde[row["meerwaarde"]] = row["aantal"]
    figures = assemble(
        versions=versions,
        gemeenten=run(con, "experts_per_werkgever", stand=moment),
        trajecten=run(con, "trajecten_overzicht", stand=moment),
        scores=(Decimal(evaluaties["som_scores"]), evaluaties["aantal_scores"]),
        evaluaties=evaluaties["aantal_evaluaties"],
        doelen={d: evaluaties[f"doelen_{d}"] for d in DOELEN},
        meerwaarde=meerwaarde,
        rapporten=[(r["traject_id"], r["rapport"]) for r in run(con, "rapporten", stand=moment)],
        lines=[_budget_line(row, settings) for row in run(con, "budget_benutting", stand=moment)],
        criteria=run(con, "criteria_experts", stand=moment),
    )
    return Answer(figures, versions, moment)


def assemble(
    *,
    versions: list[VersionUsed],
    gemeenten: list[dict[str, Any]],
    trajecten: list[dict[str, Any]],
    scores: tuple[Decimal, int],
    evaluaties: int,
    doelen: dict[str, int],
    meerwaarde: dict[str, int],
    rapporten: list[tuple[str, str]],
    lines: list[dict[str, Any]],
    criteria: list[dict[str, Any]],
) -> dict[str, Any]:
    """The figures of CONTRACT.md section 4 from their parts (also for a filtered question:
    see question_figures). `trajecten` rows hold traject_id, oproep, aanbiedend, vragend
    (sorted), vorm, status; `scores` is (sum, number) of the filled-in satisfaction scores."""
    per_status = {status: 0 for status in STATUSSEN}
    per_oproep: dict[str, int] = {}
    for row in trajecten:
        per_status[row["status"]] += 1
        per_oproep[str(row["oproep"])] = per_oproep.get(str(row["oproep"]), 0) + 1
    ondernomen = sum(per_status[s] for s in ONDERNOMEN)
    gemiddelde = _ratio(*scores, 2)
    beschikbaar = sum((line["beschikbaar_eur"] for line in lines), Decimal("0.00"))
    uitbetaald = sum((line["uitbetaald_eur"] for line in lines), Decimal("0.00"))
    return {
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
                {k: row[k] for k in ("traject_id", "aanbiedend", "vragend", "vorm", "status")}
                for row in trajecten
            ],
        },
        "vraag_3": {
            "aantal_evaluaties": evaluaties,
            "gemiddelde_tevredenheid": gemiddelde,
            "doelen_bereikt": doelen,
            "meerwaarde": meerwaarde,
            "rapporten": [{"traject_id": i, "rapport": r} for i, r in sorted(rapporten)],
        },
        "vraag_4": {
            "totaal_beschikbaar_eur": beschikbaar,
            "totaal_uitbetaald_eur": uitbetaald,
            "budgetlijnen": lines,
        },
        "vraag_5": {"criteria": criteria},
        "vraag_6": {
            "ondernomen": ondernomen,
            "afgerond": per_status["afgerond"],
            "aandeel_doelen_bereikt_pct": _ratio(
                Decimal(doelen["ja"]) * HUNDRED, sum(doelen.values()), 1
            ),
            "gemiddelde_tevredenheid": gemiddelde,
            "benutting_pct": _ratio(uitbetaald * HUNDRED, beschikbaar, 1),
        },
    }


def _ratio(numerator: Decimal, denominator: Decimal | int, places: int) -> Decimal | None:
    if not denominator:
        return None
    return round_half_up(Decimal(numerator) / Decimal(denominator), places)


def verdict(available: Decimal, paid: Decimal, settings: Settings) -> str:
    """onderbenutting / conform / overbenutting from the unrounded percentage; n.v.t. at 0."""
    if not available:
        return "n.v.t."
    pct = paid * HUNDRED / available
    if pct < settings.onderbenutting_pct:
        return "onderbenutting"
    if pct > settings.overbenutting_pct:
        return "overbenutting"
    return "conform"


def _budget_line(row: dict[str, Any], settings: Settings) -> dict[str, Any]:
    available, paid = row["beschikbaar_eur"], row["uitbetaald_eur"]
    return {
        "begrotingsjaar": row["begrotingsjaar"],
        "budgetlijn": row["budgetlijn"],
        "beschikbaar_eur": available,
        "toegekend_eur": row["toegekend_eur"],
        "vastgelegd_eur": row["vastgelegd_eur"],
        "uitbetaald_eur": paid,
        "benutting_pct": _ratio(paid * HUNDRED, available, 1),
        "oordeel": verdict(available, paid, settings),
        "toelichting": row["toelichting"],
    }
