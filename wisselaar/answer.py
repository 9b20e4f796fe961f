"""The figures of written question 342 (CONTRACT.md section 4), from the data at a moment.

Assembled from the figure engine (`wisselaar.figures`): the same functions, queries and
scope as the dashboard's cards and tables, so the answer and the pages cannot disagree. This
module only picks and renames (the contract's JSON) and keeps the figures it used, for the
draft's text, its annex and the annex's provenance sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import duckdb

from wisselaar import figures as fig
from wisselaar.engine import Connection, Database, Figure, Source, Stand, VersionUsed, resolve
from wisselaar.filters import PERIODE_2025, PERIODE_CODE, Filters
from wisselaar.formatting import format_decimal_places, format_eur, format_int, format_pct
from wisselaar.moments import brussels_iso
from wisselaar.settings import Settings
from wisselaar.store import utc_now

__all__ = ["Answer", "Change", "VersionUsed", "answer_342", "assemble", "compute"]


@dataclass(frozen=True)
class Call:
    """The figures of one call (answer 6: reach and results per call): the engine run with the
    scope narrowed to that call."""

    oproep: int
    kerncijfers: fig.Kerncijfers
    per_status: Figure

    @property
    def afgerond(self) -> int:
        return int(self.per_status.frame.set_index("waarde").at["afgerond", "aantal"])


@dataclass(frozen=True)
class Parts:
    """The engine's figures an answer was made of (their provenance is the answer's).

    What only the draft needs (the evaluations' explanations, the figures per call) is read
    when the draft first asks for it, on the same source and scope: `answer --json` never
    runs those queries."""

    kerncijfers: fig.Kerncijfers
    werkgevers: Figure  # the municipalities of answer 1, in the period the text counts in
    gemeenten_totaal: Figure  # their total (experts, funding) in that period
    trajecten: Figure
    per_status: Figure
    per_oproep: Figure
    doelen: Figure
    meerwaarde: Figure
    rapporten: Figure
    budgetlijnen: Figure
    budget_totaal: Figure
    criteria: Figure
    source: Source | None = field(default=None, repr=False, compare=False)
    scope: Filters | None = field(default=None, repr=False, compare=False)

    @cached_property
    def toelichtingen(self) -> Figure:
        """The evaluations' explanations, newest first (the quotes of answer 3)."""
        assert self.source is not None and self.scope is not None
        return fig.toelichtingen(self.source, self.scope)

    @cached_property
    def calls(self) -> tuple[Call, ...]:
        """Per call of the scope its figures: the same functions, the scope narrowed to it."""
        assert self.source is not None and self.scope is not None
        source, scope = self.source, self.scope
        years = [int(y) for y in self.per_oproep.frame["waarde"]]
        narrowed = [dataclasses.replace(scope, oproepen=(year,)) for year in years]
        return tuple(
            Call(year, fig.kerncijfers(source, one), fig.per_kenmerk(source, one, "status"))
            for year, one in zip(years, narrowed, strict=True)
        )

    @property
    def thresholds(self) -> tuple[Decimal | int, Decimal | int]:
        """The bounds of under- and overuse (%), as the verdicts use them."""
        assert self.source is not None
        settings = self.source.settings
        return (settings.onderbenutting_pct, settings.overbenutting_pct)


@dataclass(frozen=True)
class Answer:
    figures: dict[str, Any]  # exactly the JSON of CONTRACT.md section 4 (Decimals inside)
    stand: Stand
    parts: Parts
    # The figures as the draft shows them: the contract's, with answer 1's municipalities
    # counted in the draft's period (README, "Counting municipalities").
    shown: dict[str, Any]
    periode: str = PERIODE_2025

    @property
    def versions(self) -> list[VersionUsed]:
        return list(self.stand.versions)

    @property
    def moment(self) -> dt.datetime:
        """The moment the figures are of (naive UTC): the newest version used."""
        return self.stand.at

    @property
    def sample(self) -> bool:
        return self.stand.sample

    def to_json(self) -> str:
        # Compact: the C encoder (indent forces the pure-Python one, 3x slower on 10 MB).
        return json.dumps(self.figures, ensure_ascii=False, default=_number)

    def shown_json(self) -> str:
        return json.dumps(self.shown, ensure_ascii=False, default=_number)


def _number(value: object) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def answer_342(
    settings: Settings, moment: dt.datetime | None = None, periode: str = PERIODE_2025
) -> Answer | None:
    """The answer as of `moment` (naive UTC; default now), or None without any version;
    each figure read (and cached) on its own, as the app does."""
    return assemble(Database(settings), Filters(stand=moment or utc_now()), periode)


def compute(
    con: duckdb.DuckDBPyConnection,
    moment: dt.datetime,
    settings: Settings,
    periode: str = PERIODE_2025,
) -> Answer | None:
    """The answer on an open connection (the command line; an upload's preview)."""
    return assemble(Connection(con, settings), Filters(stand=moment), periode)


def assemble(source: Source, filters: Filters, periode: str = PERIODE_2025) -> Answer | None:
    """The figures of CONTRACT.md section 4 for `filters` (a composed question's block may
    narrow them; question 342 has none), or None without data at the moment."""
    stand = resolve(source, filters.stand)
    if not stand.versions:
        return None
    scope = dataclasses.replace(filters.at(stand.at), periode=periode)
    parts = Parts(
        kerncijfers=fig.kerncijfers(source, scope),
        werkgevers=_werkgevers(source, scope),
        gemeenten_totaal=fig.gemeenten_totaal(source, scope),
        trajecten=fig.trajecten(source, scope),
        per_status=fig.per_kenmerk(source, scope, "status"),
        per_oproep=fig.per_kenmerk(source, scope, "oproep"),
        doelen=fig.evaluatie_verdeling(source, scope, "doelen_bereikt"),
        meerwaarde=fig.evaluatie_verdeling(source, scope, "meerwaarde"),
        rapporten=fig.rapporten(source, scope),
        budgetlijnen=fig.budgetlijnen(source, scope),
        budget_totaal=fig.budget_totaal(source, scope),
        criteria=fig.criteria(source, scope),
        source=source,
        scope=scope,
    )
    contract = dataclasses.replace(scope, periode=PERIODE_CODE)
    vraag_1 = _vraag_1(_werkgevers(source, contract), fig.gemeenten_totaal(source, contract))
    figures = _figures(parts, vraag_1, stand)
    shown = {**figures, "vraag_1": _vraag_1(parts.werkgevers, parts.gemeenten_totaal)}
    return Answer(figures, stand, parts, shown, periode)


def _werkgevers(source: Source, scope: Filters) -> Figure:
    """The municipalities that employ an expert (answer 1), from the municipalities figure."""
    figure = fig.gemeenten_met_cijfers(source, scope)
    employing = figure.frame[figure.frame["experts"] > 0]
    return figure.narrowed(employing.sort_values("nis").reset_index(drop=True), maat="experts")


def _vraag_1(werkgevers: Figure, totaal: Figure) -> dict[str, Any]:
    gemeenten = [
        {
            "nis": str(r.nis),
            "naam": r.naam,
            "experts": int(r.experts),
            "financiering_eur": r.financiering_experts,
        }
        for r in werkgevers.frame.itertuples()
    ]
    total = totaal.frame["financiering_experts"].iloc[0]
    return {"gemeenten": gemeenten, "totaal_financiering_eur": total}


def _counts(figure: Figure, column: str = "aantal") -> dict[str, int]:
    return {
        str(w): int(n) for w, n in zip(figure.frame["waarde"], figure.frame[column], strict=True)
    }


def _figures(parts: Parts, vraag_1: dict[str, Any], stand: Stand) -> dict[str, Any]:
    k = parts.kerncijfers
    per_status = _counts(parts.per_status)
    lines = [
        {
            "begrotingsjaar": int(r.begrotingsjaar),
            "budgetlijn": r.budgetlijn,
            "beschikbaar_eur": r.beschikbaar_eur,
            "toegekend_eur": r.toegekend_eur,
            "vastgelegd_eur": r.vastgelegd_eur,
            "uitbetaald_eur": r.uitbetaald_eur,
            "benutting_pct": r.benutting_pct,
            "oordeel": r.oordeel,
            "toelichting": r.toelichting,
        }
        for r in parts.budgetlijnen.frame.itertuples()
    ]
    reports = sorted(
        zip(parts.rapporten.frame["traject_id"], parts.rapporten.frame["rapport"], strict=True)
    )
    return {
        "stand_van": brussels_iso(stand.at),
        "vraag_1": vraag_1,
        "vraag_2": {
            "aantal_trajecten": k.trajecten,
            "ondernomen": k.ondernomen,
            "per_status": per_status,
            "per_oproep": _counts(parts.per_oproep),
            "trajecten": [
                {
                    "traject_id": r.traject_id,
                    "aanbiedend": r.aanbiedend,
                    "vragend": [str(n) for n in r.vragend],
                    "vorm": r.vorm,
                    "status": r.status,
                }
                for r in parts.trajecten.frame.itertuples()
            ],
        },
        "vraag_3": {
            "aantal_evaluaties": k.evaluaties,
            "gemiddelde_tevredenheid": k.gemiddelde_tevredenheid,
            "doelen_bereikt": _counts(parts.doelen, "totaal"),
            "meerwaarde": _counts(parts.meerwaarde, "totaal"),
            "rapporten": [{"traject_id": i, "rapport": r} for i, r in reports],
        },
        "vraag_4": {
            "totaal_beschikbaar_eur": k.beschikbaar,
            "totaal_uitbetaald_eur": k.uitbetaald,
            "budgetlijnen": lines,
        },
        "vraag_5": {
            "criteria": [
                {
                    "code": r.code,
                    "omschrijving": r.omschrijving,
                    "aantal_experts": int(r.aantal_experts),
                }
                for r in parts.criteria.frame.itertuples()
            ]
        },
        "vraag_6": {
            "ondernomen": k.ondernomen,
            "afgerond": per_status["afgerond"],
            "aandeel_doelen_bereikt_pct": k.doelen_bereikt_pct,
            "gemiddelde_tevredenheid": k.gemiddelde_tevredenheid,
            "benutting_pct": k.benutting_pct,
        },
    }


# -- what a new version changed --------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    figure: str  # catalogue key under "verschil."
    before: Any
    after: Any

    def shown(self, value: Any, lang: str = "nl") -> str:
        """The value in the language's format for this kind of figure."""
        if value is None:
            return ""
        if self.figure in {"beschikbaar", "uitbetaald", "financiering"}:
            return format_eur(value, lang)
        if self.figure == "benutting":
            return format_pct(value, 1, lang)
        if self.figure == "tevredenheid":
            return format_decimal_places(value, 2, lang)
        return format_int(value, lang)


# The headline figures compared between versions: catalogue key under "verschil." -> figure.
HEADLINES = {
    "trajecten": ("vraag_2", "aantal_trajecten"),
    "ondernomen": ("vraag_2", "ondernomen"),
    "evaluaties": ("vraag_3", "aantal_evaluaties"),
    "tevredenheid": ("vraag_3", "gemiddelde_tevredenheid"),
    "beschikbaar": ("vraag_4", "totaal_beschikbaar_eur"),
    "uitbetaald": ("vraag_4", "totaal_uitbetaald_eur"),
    "benutting": ("vraag_6", "benutting_pct"),
    "financiering": ("vraag_1", "totaal_financiering_eur"),
}


def changes(source: Source, moment: dt.datetime) -> list[Change]:
    """The headline figures that differ between just before `moment` (a version's) and at
    it; every figure, with `before` None, when there was no data before."""
    after = assemble(source, Filters(stand=moment))
    if after is None:
        return []
    before = assemble(source, Filters(stand=moment - dt.timedelta(microseconds=1)))
    return [
        Change(name, before.figures[q][k] if before else None, after.figures[q][k])
        for name, (q, k) in HEADLINES.items()
        if before is None or before.figures[q][k] != after.figures[q][k]
    ]


def headline_changes(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> list[Change]:
    """`changes` on an open connection (an upload's preview, before it is stored)."""
    return changes(Connection(con, settings), moment)


def changes_since_previous(
    settings: Settings, stand: dt.datetime
) -> tuple[VersionUsed | None, list[Change]]:
    """The newest version in force at `stand`, and what it changed (Overzicht)."""
    source = Database(settings)
    newest = resolve(source, stand).newest
    if newest is None:
        return None, []
    if not resolve(source, newest.moment - dt.timedelta(microseconds=1)).versions:
        return newest, []  # the first version: nothing to compare with
    return newest, changes(source, newest.moment)
