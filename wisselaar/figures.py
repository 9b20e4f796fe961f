"""Every figure the product shows, one function each: the named query it runs (through the
engine) and what is derived from it (shares, verdicts, zeros for values that do not occur).

Pages, maps, exports, the answer to question 342 and composed questions call these and only
present what they return; none of them counts or sums again (README, "One truth").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from wisselaar.engine import Figure, Source, derived, run
from wisselaar.filters import Filters
from wisselaar.schema import DOELEN, MEERWAARDE, STATUSSEN, THEMAS, VORMEN

if TYPE_CHECKING:
    import pandas as pd

HUNDRED = Decimal(100)
ORDER: dict[str, tuple[str, ...]] = {"status": STATUSSEN, "vorm": VORMEN, "thema": THEMAS}
EVALUATION_VALUES: dict[str, tuple[str, ...]] = {
    "tevredenheid": ("1", "2", "3", "4", "5"),
    "doelen_bereikt": DOELEN,
    "meerwaarde": MEERWAARDE,
}


def ratio(numerator: Decimal | int, denominator: Decimal | int, places: int) -> Decimal | None:
    """numerator / denominator rounded half up, or None for a share of nothing."""
    if not denominator:
        return None
    exact = Decimal(numerator) / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def verdict(available: Decimal, paid: Decimal, below: Decimal | int, above: Decimal | int) -> str:
    """onderbenutting / conform / overbenutting from the unrounded percentage; n.v.t. at 0."""
    if not available:
        return "n.v.t."
    pct = Decimal(paid) * HUNDRED / Decimal(available)
    if pct < below:
        return "onderbenutting"
    if pct > above:
        return "overbenutting"
    return "conform"


# -- the headline figures ------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """Where one headline figure comes from: its figure and the part of its provenance."""

    figure: Figure
    match: tuple[tuple[str, object], ...] = ()

    def provenance(self) -> pd.DataFrame:
        return self.figure.provenance(**dict(self.match))


@dataclass(frozen=True)
class Kerncijfers:
    """The headline figures, from three queries: the trajectories and evaluations
    (kerncijfers), the municipalities (gemeenten: its total row) and the budget
    (budgetlijnen: its total row). `cards` says where each comes from."""

    trajecten: int
    ondernomen: int
    aanbiedende_gemeenten: int
    vragende_gemeenten: int
    evaluaties: int
    gemiddelde_tevredenheid: Decimal | None
    doelen_bereikt_pct: Decimal | None
    beschikbaar: Decimal
    uitbetaald: Decimal
    benutting_pct: Decimal | None
    cards: dict[str, Card] = field(repr=False)

    @property
    def figure(self) -> Figure:
        return self.cards["trajecten"].figure


def kerncijfers(source: Source, filters: Filters) -> Kerncijfers:
    figure = run(source, "kerncijfers", filters)
    places = gemeenten_totaal(source, filters)
    budget = budget_totaal(source, filters)

    def produce() -> Kerncijfers:
        row, total, money = figure.frame.iloc[0], places.frame.iloc[0], budget.frame.iloc[0]
        beschikbaar, uitbetaald = (
            Decimal(money["beschikbaar_eur"]),
            Decimal(money["uitbetaald_eur"]),
        )
        own = {m: Card(figure, (("maat", m),)) for m in ("trajecten", "ondernomen", "evaluaties")}
        return Kerncijfers(
            trajecten=int(row["trajecten"]),
            ondernomen=int(row["ondernomen"]),
            aanbiedende_gemeenten=int(total["aanbiedend"]),
            vragende_gemeenten=int(total["vragend"]),
            evaluaties=int(row["evaluaties"]),
            gemiddelde_tevredenheid=ratio(int(row["som_scores"]), int(row["scores"]), 2),
            doelen_bereikt_pct=ratio(
                int(row["doelen_ja"]) * HUNDRED, int(row["doelen_beantwoord"]), 1
            ),
            beschikbaar=beschikbaar,
            uitbetaald=uitbetaald,
            benutting_pct=ratio(uitbetaald * HUNDRED, beschikbaar, 1),
            cards={
                **own,
                "tevredenheid": Card(figure, (("maat", "tevredenheid"),)),
                "doelen": Card(figure, (("maat", "doelen"),)),
                "aanbiedend": Card(
                    places, (("maat", "trajecten_aanbiedend"), ("in_periode", True))
                ),
                "vragend": Card(places, (("maat", "trajecten_vragend"), ("in_periode", True))),
                "beschikbaar": Card(budget, (("maat", "beschikbaar"),)),
                "uitbetaald": Card(budget, (("maat", ("uitbetaald", "teruggevorderd")),)),
                "benutting": Card(
                    budget, (("maat", ("beschikbaar", "uitbetaald", "teruggevorderd")),)
                ),
            },
        )

    return derived(source, "kerncijfers", figure.filters, produce)


# -- trajectories --------------------------------------------------------------------------


def per_kenmerk(source: Source, filters: Filters, kenmerk: str) -> Figure:
    """Trajectories per call, status, form or theme (`waarde`, `aantal`): statuses, forms and
    themes in the contract's order with zeros included, calls in year order."""
    figure = run(source, "trajecten_per_kenmerk", filters)

    def produce() -> Figure:
        rows = figure.frame[figure.frame["kenmerk"] == kenmerk][["waarde", "aantal"]]
        if kenmerk in ORDER:
            rows = rows.set_index("waarde").reindex(ORDER[kenmerk], fill_value=0)
            rows = rows.rename_axis("waarde").reset_index()
        else:
            rows = rows.assign(waarde=rows["waarde"].astype(int)).sort_values("waarde")
        return figure.narrowed(rows.reset_index(drop=True), kenmerk=kenmerk)

    return derived(source, "per_kenmerk", figure.filters, produce, kenmerk)


def per_kwartaal(source: Source, filters: Filters) -> Figure:
    """Starts per quarter (`jaar`, `kwartaal`, `aantal`)."""
    return run(source, "trajecten_per_kwartaal", filters)


def stromen(source: Source, filters: Filters) -> Figure:
    """Exchanges between municipalities of the period (see queries/stromen.sql)."""
    return run(source, "stromen", filters)


# The columns of `trajecten` that the Trajecten page lists (the warm-up prepares that list).
TRAJECTEN_LIJST = (
    "traject_id",
    "oproep",
    "aanbiedend_naam",
    "vragend_namen",
    "vorm",
    "themas",
    "status",
    "startdatum",
    "einddatum",
)


def trajecten(source: Source, filters: Filters, traject: str | None = None) -> Figure:
    return run(source, "trajecten_lijst", filters, traject=traject)


def traject_geld(source: Source, filters: Filters, traject: str) -> Figure:
    """The money of one trajectory per kind of booking (`soort`, `bedrag`)."""
    return run(source, "traject_geld", filters, traject=traject)


def experts(source: Source, filters: Filters, traject: str | None = None) -> Figure:
    return run(source, "experts_lijst", filters, traject=traject)


def financien(source: Source, filters: Filters, traject: str | None = None) -> Figure:
    return run(source, "financien_lijst", filters, traject=traject)


def evaluaties(source: Source, filters: Filters, traject: str | None = None) -> Figure:
    return run(source, "evaluaties_lijst", filters, traject=traject)


# -- municipalities ------------------------------------------------------------------------


def _gemeenten(source: Source, filters: Filters, part: str) -> Figure:
    figure = run(source, "gemeenten", filters)

    def produce() -> Figure:
        rows = figure.frame
        municipalities = rows[rows["niveau"] == "gemeente"]
        involved = municipalities["betrokken"]
        chosen = {
            "betrokken": municipalities[involved & municipalities["in_periode"]],
            "met_cijfers": municipalities[involved],
            "kaart": municipalities[municipalities["in_periode"]],
            "buiten_periode": municipalities[~municipalities["in_periode"]],
            "provincies": rows[rows["niveau"] == "provincie"],
            "totaal": rows[rows["niveau"] == "totaal"],
        }[part]
        return figure.narrowed(chosen.reset_index(drop=True))

    return derived(source, "gemeenten", figure.filters, produce, part)


def gemeenten(source: Source, filters: Filters) -> Figure:
    """The municipalities of the period with figures: one row each, with its role."""
    return _gemeenten(source, filters, "betrokken")


def gemeenten_met_cijfers(source: Source, filters: Filters) -> Figure:
    """Every code with figures: the municipalities of the period and the stored codes that
    cannot be counted in it (in_periode false), so that rows add up to the totals."""
    return _gemeenten(source, filters, "met_cijfers")


def gemeenten_kaart(source: Source, filters: Filters) -> Figure:
    """Every municipality of the period (in the province filter), zeros where it has no
    figures: what the map colours."""
    return _gemeenten(source, filters, "kaart")


def gemeenten_buiten_periode(source: Source, filters: Filters) -> Figure:
    """Stored codes that cannot be counted in the period (a 2025 merger, on 2019-2024)."""
    return _gemeenten(source, filters, "buiten_periode")


def provincies(source: Source, filters: Filters) -> Figure:
    """Per province: municipalities involved and their figures (a trajectory counts once)."""
    return _gemeenten(source, filters, "provincies")


def gemeenten_totaal(source: Source, filters: Filters) -> Figure:
    """One row: the municipalities involved (per role: aanbiedend, vragend, beide, geen, of
    the period) and the figures over all of them (a trajectory counts once)."""
    return _gemeenten(source, filters, "totaal")


# -- budget --------------------------------------------------------------------------------


def _budget(source: Source, filters: Filters, totaal: bool) -> Figure:
    figure = run(source, "budgetlijnen", filters.moment_only())
    settings = source.settings

    def produce() -> Figure:
        rows = figure.frame[figure.frame["totaal"] == totaal].reset_index(drop=True)
        pairs = list(zip(rows["uitbetaald_eur"], rows["beschikbaar_eur"], strict=True))
        rows["benutting_pct"] = [ratio(paid * HUNDRED, available, 1) for paid, available in pairs]
        rows["oordeel"] = [
            verdict(available, paid, settings.onderbenutting_pct, settings.overbenutting_pct)
            for paid, available in pairs
        ]
        return figure.narrowed(rows)

    return derived(source, "budgetlijnen", figure.filters, produce, totaal)


def budgetlijnen(source: Source, filters: Filters) -> Figure:
    """Per budget line: available, granted, committed, paid, benutting % and verdict (the
    thresholds are settings). Budget follows the moment only."""
    return _budget(source, filters, False)


def budget_totaal(source: Source, filters: Filters) -> Figure:
    """The same over all budget lines, one row."""
    return _budget(source, filters, True)


def betalingen(source: Source, filters: Filters) -> Figure:
    """Net payments accumulated over time (`datum`, `netto`, `cumulatief`)."""
    return run(source, "budget_cumulatief", filters.moment_only())


def _begunstigden(source: Source, filters: Filters, totaal: bool) -> Figure:
    figure = run(source, "budget_per_begunstigde", filters)

    def produce() -> Figure:
        return figure.narrowed(
            figure.frame[figure.frame["totaal"] == totaal].reset_index(drop=True)
        )

    return derived(source, "begunstigden", figure.filters, produce, totaal)


def begunstigden(source: Source, filters: Filters) -> Figure:
    """Money per beneficiary; follows the beneficiary's province and municipality."""
    return _begunstigden(source, filters, False)


def begunstigden_totaal(source: Source, filters: Filters) -> Figure:
    return _begunstigden(source, filters, True)


# -- evaluations ---------------------------------------------------------------------------


def evaluatie_verdeling(source: Source, filters: Filters, kenmerk: str) -> Figure:
    """Per value of satisfaction, goals reached or added value: counts by the offering and
    requesting municipalities and in all, every allowed value present."""
    figure = run(source, "evaluatie_verdeling", filters)

    def produce() -> Figure:
        rows = figure.frame[figure.frame["kenmerk"] == kenmerk]
        rows = rows.set_index("waarde")[["door_aanbiedend", "door_vragend", "totaal"]]
        rows = rows.reindex(list(EVALUATION_VALUES[kenmerk]), fill_value=0)
        return figure.narrowed(rows.rename_axis("waarde").reset_index(), kenmerk=kenmerk)

    return derived(source, "evaluatie_verdeling", figure.filters, produce, kenmerk)


def tevredenheid_per_oproep(source: Source, filters: Filters) -> Figure:
    """The mean satisfaction per call (`oproep`, `scores`, `gemiddelde`), two decimals."""
    figure = run(source, "tevredenheid_per_oproep", filters)

    def produce() -> Figure:
        rows = figure.frame.copy()
        rows["gemiddelde"] = [
            ratio(int(s), int(n), 2)
            for s, n in zip(rows["som_scores"], rows["scores"], strict=True)
        ]
        return figure.narrowed(rows[["oproep", "scores", "gemiddelde"]])

    return derived(source, "tevredenheid_per_oproep", figure.filters, produce)


def rapporten(source: Source, filters: Filters) -> Figure:
    return run(source, "rapporten", filters)


def toelichtingen(source: Source, filters: Filters) -> Figure:
    return run(source, "toelichtingen", filters)


def criteria(source: Source, filters: Filters) -> Figure:
    """Every criterion with the number of experts that meet it (moment only)."""
    return run(source, "criteria_experts", filters.moment_only())


def versies(source: Source) -> pd.DataFrame:
    """Every version, newest first (the "stand van" choice and the versions page)."""
    from wisselaar import queries

    return source.frame(queries.load("versies"), {})
