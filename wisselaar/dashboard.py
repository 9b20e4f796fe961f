"""Figures for the dashboard pages, assembled from the named queries (pages only present).

Each function takes the settings and the shared filters and returns plain values or
DataFrames; the reads are cached per data version (see `reads`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from wisselaar import reads
from wisselaar.answer import compute, verdict
from wisselaar.filters import Filters
from wisselaar.formatting import (
    format_decimal_places,
    format_eur,
    format_int,
    format_pct,
    round_half_up,
)
from wisselaar.schema import ONDERNOMEN, STATUSSEN, THEMAS, VORMEN
from wisselaar.settings import Settings
from wisselaar.store import Store


@dataclass(frozen=True)
class Overview:
    aanbiedend: int
    vragend: int
    per_status: dict[str, int]
    ondernomen: int
    beschikbaar: Decimal
    uitbetaald: Decimal
    benutting_pct: Decimal | None
    gemiddelde_tevredenheid: Decimal | None
    doelen_bereikt_pct: Decimal | None
    evaluaties: int


def _ratio(numerator: Decimal, denominator: Decimal | int, places: int) -> Decimal | None:
    return round_half_up(Decimal(numerator) / Decimal(denominator), places) if denominator else None


def overview(settings: Settings, filters: Filters) -> Overview:
    """The KPI figures; derived once per data version and filters (reruns reuse them)."""
    return reads.memo(settings, "overzicht", filters.params(), lambda: _overview(settings, filters))


def _overview(settings: Settings, filters: Filters) -> Overview:
    params = filters.params()
    trajecten = reads.frame(settings, "trajecten_lijst", **params)
    budget = reads.frame(settings, "budget_benutting", stand=filters.stand)
    evaluaties = reads.frame(settings, "evaluaties_lijst", **params)
    counts = trajecten["status"].value_counts()
    per_status = {s: int(counts.get(s, 0)) for s in STATUSSEN}
    beschikbaar = Decimal(sum(budget["beschikbaar_eur"], Decimal(0)))
    uitbetaald = Decimal(sum(budget["uitbetaald_eur"], Decimal(0)))
    scores = evaluaties["tevredenheid"].dropna()
    answered = evaluaties["doelen_bereikt"].dropna()
    return Overview(
        aanbiedend=int(trajecten["aanbiedend"].nunique()),
        vragend=len({nis for codes in trajecten["vragend"] for nis in codes}),
        per_status=per_status,
        ondernomen=sum(per_status[s] for s in ONDERNOMEN),
        beschikbaar=beschikbaar,
        uitbetaald=uitbetaald,
        benutting_pct=_ratio(uitbetaald * 100, beschikbaar, 1),
        gemiddelde_tevredenheid=_ratio(Decimal(int(scores.sum())), len(scores), 2),
        doelen_bereikt_pct=_ratio(Decimal(int((answered == "ja").sum()) * 100), len(answered), 1),
        evaluaties=len(evaluaties),
    )


@dataclass(frozen=True)
class Change:
    figure: str  # catalogue key under "verschil."
    before: Any
    after: Any

    def shown(self, value: Any, lang: str = "nl") -> str:
        """The value in Belgian format for this kind of figure."""
        if value is None:
            return ""
        if self.figure in {"beschikbaar", "uitbetaald", "financiering"}:
            return format_eur(value, lang)
        if self.figure == "benutting":
            return format_pct(value, 1, lang)
        if self.figure == "tevredenheid":
            return format_decimal_places(value, 2, lang)
        return format_int(value, lang)


def changes_since_previous(
    settings: Settings, stand: dt.datetime
) -> tuple[int | None, list[Change]]:
    """The newest version in force at `stand`, and how the headline figures of question 342
    differ from just before it (empty when nothing changed or there is no earlier version)."""
    return reads.memo(settings, "verschil", {"stand": stand}, lambda: _changes(settings, stand))


def _changes(settings: Settings, stand: dt.datetime) -> tuple[int | None, list[Change]]:
    versions = reads.frame(settings, "versies")
    moments = pd.to_datetime(versions["aangemaakt_op"])
    current = versions[moments <= pd.Timestamp(stand)] if stand.year < 9999 else versions
    if len(current) == 0:
        return None, []
    newest = current.iloc[0]
    moment = pd.Timestamp(newest["aangemaakt_op"]).to_pydatetime()
    if not (moments < pd.Timestamp(moment)).any():
        return int(newest["versie_id"]), []  # the first version: nothing to compare with
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        return int(newest["versie_id"]), headline_changes(con, moment, settings)


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


def headline_changes(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> list[Change]:
    """The headline figures that differ between just before `moment` (a version's) and at it;
    every figure, with `before` None, when there was no data before."""
    after = compute(con, moment, settings)
    if after is None:
        return []
    before = compute(con, moment - dt.timedelta(microseconds=1), settings)
    return [
        Change(name, before.figures[q][k] if before else None, after.figures[q][k])
        for name, (q, k) in HEADLINES.items()
        if before is None or before.figures[q][k] != after.figures[q][k]
    ]


def budget_lines(settings: Settings, filters: Filters) -> pd.DataFrame:
    return reads.memo(
        settings, "budgetlijnen", {"stand": filters.stand}, lambda: _budget_lines(settings, filters)
    )


def _budget_lines(settings: Settings, filters: Filters) -> pd.DataFrame:
    """Budget lines with benutting % and the verdict (thresholds from the settings)."""
    frame = reads.frame(settings, "budget_benutting", stand=filters.stand).copy()
    frame["benutting_pct"] = [
        _ratio(paid * 100, available, 1)
        for paid, available in zip(frame["uitbetaald_eur"], frame["beschikbaar_eur"], strict=True)
    ]
    frame["oordeel"] = [
        verdict(available, paid, settings)
        for paid, available in zip(frame["uitbetaald_eur"], frame["beschikbaar_eur"], strict=True)
    ]
    return frame


# -- Gemeenten ------------------------------------------------------------------------------


def municipalities(settings: Settings, filters: Filters, periode: str) -> pd.DataFrame:
    return reads.frame(settings, "gemeenten_overzicht", periode=periode, **filters.params())


def province_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Per province: municipalities involved and the sums of their figures."""
    summed = [
        "trajecten_aanbiedend",
        "trajecten_vragend",
        "experts",
        "toegekend_eur",
        "ontvangen_eur",
        "evaluaties",
    ]
    grouped = frame.assign(provincie=frame["provincie"].fillna("?")).groupby("provincie")
    totals = grouped[summed].sum()
    totals.insert(0, "gemeenten", grouped.size())
    return totals.reset_index()


@dataclass(frozen=True)
class Profile:
    trajecten: pd.DataFrame
    experts: pd.DataFrame
    financien: pd.DataFrame
    evaluaties: pd.DataFrame


def municipality_profile(settings: Settings, filters: Filters, codes: set[str]) -> Profile:
    """Everything about one municipality, given all codes it is known by in the period."""
    params = filters.params()
    trajecten = reads.frame(settings, "trajecten_lijst", **params)
    involved = trajecten["aanbiedend"].isin(codes) | trajecten["vragend"].map(
        lambda v: bool(codes.intersection(v))
    )
    experts = reads.frame(settings, "experts_lijst", stand=filters.stand)
    financien = reads.frame(settings, "financien_lijst", stand=filters.stand)
    evaluaties = reads.frame(settings, "evaluaties_lijst", **params)
    return Profile(
        trajecten=trajecten[involved],
        experts=experts[experts["werkgever"].isin(codes)],
        financien=financien[financien["begunstigde"].isin(codes)],
        evaluaties=evaluaties[evaluaties["bestuur"].isin(codes)],
    )


# -- Trajecten ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrajectDetail:
    traject: dict[str, Any]
    experts: pd.DataFrame
    geld: dict[str, Decimal]
    financien: pd.DataFrame
    evaluaties: pd.DataFrame


def traject_detail(settings: Settings, filters: Filters, traject_id: str) -> TrajectDetail | None:
    trajecten = reads.frame(settings, "trajecten_lijst", **Filters(stand=filters.stand).params())
    match = trajecten[trajecten["traject_id"] == traject_id]
    if match.empty:
        return None
    traject = match.iloc[0].to_dict()
    experts = reads.frame(settings, "experts_lijst", stand=filters.stand)
    financien = reads.frame(settings, "financien_lijst", stand=filters.stand)
    financien = financien[financien["traject_id"] == traject_id]
    evaluaties = reads.frame(settings, "evaluaties_lijst", **Filters(stand=filters.stand).params())
    geld = {
        soort: Decimal(sum(financien.loc[financien["soort"] == soort, "bedrag"], Decimal(0)))
        for soort in ("toegekend", "vastgelegd", "uitbetaald", "teruggevorderd")
    }
    return TrajectDetail(
        traject=traject,
        experts=experts[experts["expert_id"].isin(list(traject["expert_ids"] or []))],
        geld=geld,
        financien=financien,
        evaluaties=evaluaties[evaluaties["traject_id"] == traject_id],
    )


ORDER = {"status": STATUSSEN, "vorm": VORMEN, "thema": THEMAS}


def counts_by(settings: Settings, filters: Filters, kenmerk: str) -> pd.DataFrame:
    return reads.memo(
        settings,
        f"telling_{kenmerk}",
        filters.params(),
        lambda: _counts_by(settings, filters, kenmerk),
    )


def _counts_by(settings: Settings, filters: Filters, kenmerk: str) -> pd.DataFrame:
    """Trajectories per value of one feature; statuses, forms and themes in the contract's
    order with zeros included, calls in year order."""
    frame = reads.frame(settings, "trajecten_per_kenmerk", **filters.params())
    counts = frame[frame["kenmerk"] == kenmerk][["waarde", "aantal"]]
    if kenmerk in ORDER:
        counts = counts.set_index("waarde").reindex(ORDER[kenmerk], fill_value=0)
        counts = counts.rename_axis("waarde")
    return counts.reset_index(drop=kenmerk not in ORDER)


# -- Evaluatie ------------------------------------------------------------------------------


def evaluation_counts(
    settings: Settings, filters: Filters, column: str, values: tuple[str, ...] | range
) -> pd.DataFrame:
    """Counts of `column` per role over the filtered evaluations (cached per data version)."""
    return reads.memo(
        settings,
        f"evaluaties_{column}",
        filters.params(),
        lambda: _evaluation_counts(
            reads.frame(settings, "evaluaties_lijst", **filters.params()), column, values
        ),
    )


def _evaluation_counts(
    evaluaties: pd.DataFrame, column: str, values: tuple[str, ...] | range
) -> pd.DataFrame:
    """Counts of `column` per role (door_aanbiedend, door_vragend, totaal), every allowed
    value present (zeros included)."""
    exploded = evaluaties[["rol", column]].explode(column).dropna()
    table = pd.crosstab(exploded[column], exploded["rol"]).reindex(list(values), fill_value=0)
    counts = pd.DataFrame({"waarde": [str(v) for v in values]})
    for rol in ("aanbiedend", "vragend"):
        counts[f"door_{rol}"] = list(table[rol]) if rol in table.columns else 0
    counts["totaal"] = counts["door_aanbiedend"] + counts["door_vragend"]
    return counts


def report_list(evaluaties: pd.DataFrame) -> pd.DataFrame:
    """The evaluations with a report; `link` holds the report when it is a web address."""
    reports = evaluaties[evaluaties["rapport"].fillna("") != ""][
        ["traject_id", "bestuur_naam", "rol", "datum", "rapport"]
    ].copy()
    reports["link"] = [
        r if r.startswith(("https://", "http://")) else None for r in reports["rapport"]
    ]
    return reports.reset_index(drop=True)
