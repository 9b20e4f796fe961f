"""The blocks of a composed question that present the dashboard's tables: the headline
figures, the municipalities, the counts per feature, the exchanges and the beneficiaries.

Each turns the engine's figures (`wisselaar.figures`) for a block's scope into sentences and
an annex table; none counts or sums itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wisselaar import figures as fig
from wisselaar.answer_text import join
from wisselaar.draft_files import Table
from wisselaar.engine import Figure, Source
from wisselaar.export import EUR_FORMAT
from wisselaar.filters import Filters
from wisselaar.formatting import format_decimal_places, format_eur_text, format_int, format_pct
from wisselaar.i18n import t, tn
from wisselaar.labels import label
from wisselaar.provenance import Entry


@dataclass(frozen=True)
class Result:
    """One block as sub-question `nr`: its text, annex tables, the figures it shows (hashed
    into the identifier) and where they come from (the annex's Herkomst sheet)."""

    text: tuple[str, ...]
    tables: tuple[Table, ...]
    data: Any
    entries: tuple[Entry, ...]


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[list[Any]]:
    part = frame[list(columns)]
    return part.astype(object).where(part.notna(), None).values.tolist()


def _join(items: list[str], lang: str) -> str:
    return join(items, lang) or "0"


def _reference(block: str, nr: int, lang: str) -> str:
    """The block's annex table as the text names it: number and title, as the annex does."""
    return t("bestand.verwijzing", lang, nr=nr, titel=t(f"blok.{block}", lang))


def _clause(name: str, value: str, lang: str) -> str:
    """`, met een gemiddelde tevredenheid van 3,75 op 5`, or nothing without a value."""
    return t(f"blok.met_{name}", lang, **{name: value}) if value else ""


def _entry(nr: int, key: str, figure: Figure, match: tuple[tuple[str, Any], ...] = ()) -> Entry:
    return Entry(nr, key, figure, match)


def _kerncijfers(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    o = fig.kerncijfers(source, filters)
    text = t(
        "blok.tekst_kerncijfers",
        lang,
        trajecten=tn("aantal.trajecten", lang, o.trajecten),
        ondernomen=format_int(o.ondernomen, lang),
        aanbiedend=tn("aantal.aanbiedend", lang, o.aanbiedende_gemeenten),
        vragend=tn("aantal.vragend", lang, o.vragende_gemeenten),
        evaluaties=tn("aantal.evaluaties", lang, o.evaluaties),
        # A figure that cannot be computed (no scores, no budget) is left out of the sentence.
        tevredenheid=_clause(
            "tevredenheid", format_decimal_places(o.gemiddelde_tevredenheid, 2, lang), lang
        ),
        doelen=_clause("doelen", format_pct(o.doelen_bereikt_pct, 1, lang), lang),
        beschikbaar=format_eur_text(o.beschikbaar, lang),
        uitbetaald=format_eur_text(o.uitbetaald, lang),
        benutting=_clause("benutting", format_pct(o.benutting_pct, 1, lang), lang),
        tabel=_reference("kerncijfers", nr, lang),
    )
    rows = (
        ("trajecten", "overzicht.trajecten", o.trajecten, None),
        ("ondernomen", "overzicht.ondernomen", o.ondernomen, None),
        ("aanbiedend", "overzicht.aanbiedend", o.aanbiedende_gemeenten, None),
        ("vragend", "overzicht.vragend", o.vragende_gemeenten, None),
        ("evaluaties", "bijlage.evaluaties", o.evaluaties, None),
        ("tevredenheid", "overzicht.tevredenheid", o.gemiddelde_tevredenheid, "0.00"),
        ("doelen", "overzicht.doelen", o.doelen_bereikt_pct, "0.0"),
        ("beschikbaar", "overzicht.beschikbaar", o.beschikbaar, EUR_FORMAT),
        ("uitbetaald", "overzicht.uitbetaald", o.uitbetaald, EUR_FORMAT),
        ("benutting", "overzicht.benutting", o.benutting_pct, "0.0"),
    )
    table = Table(
        t("blok.kerncijfers", lang),
        (t("bijlage.cijfer", lang), t("kolom.waarde", lang)),
        [
            [t(key, lang), t("antwoord.nvt", lang) if value is None else value]
            for _, key, value, _ in rows
        ],
        row_formats=tuple(fmt for *_, fmt in rows),
    )
    entries = tuple(
        _entry(nr, t(key, lang), o.cards[card].figure, o.cards[card].match)
        for card, key, _, _ in rows
    )
    data = {card: value for card, _, value, _ in rows}
    return Result((text,), (table,), data, entries)


GEMEENTEN_COLUMNS = (
    "nis",
    "naam",
    "provincie",
    "trajecten_aanbiedend",
    "trajecten_vragend",
    "rol",
    "experts",
    "financiering_experts",
    "toegekend_eur",
    "ontvangen_eur",
    "evaluaties",
)


def _gemeenten(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    figure = fig.gemeenten(source, filters)
    total = fig.gemeenten_totaal(source, filters).frame.iloc[0]
    text = tn(
        "blok.tekst_gemeenten",
        lang,
        int(total["gemeenten"]),
        **{rol: format_int(int(total[rol]), lang) for rol in ("aanbiedend", "vragend", "beide")},
        geen=format_int(int(total["geen"]), lang),
        ontvangen=format_eur_text(total["ontvangen_eur"], lang),
        tabel=_reference("gemeenten", nr, lang),
    )
    money = ("financiering_experts", "toegekend_eur", "ontvangen_eur")
    rows = _records(figure.frame, GEMEENTEN_COLUMNS)
    for row in rows:
        row[2], row[5] = label("provincie", row[2], lang), label("rol", row[5], lang)
    table = Table(
        t("blok.gemeenten", lang),
        tuple(t(f"kolom.{c}", lang) for c in GEMEENTEN_COLUMNS),
        rows,
        money=tuple(t(f"kolom.{c}", lang) for c in money),
    )
    data = _records(figure.frame, GEMEENTEN_COLUMNS)
    return Result((text,), (table,), data, (_entry(nr, t("blok.gemeenten", lang), figure),))


def _per_kenmerk(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    rows, parts, entries = [], {}, []
    for kenmerk in ("oproep", "status", "vorm", "thema"):
        counts = fig.per_kenmerk(source, filters, kenmerk)
        entries.append(_entry(nr, t(f"blok.kenmerk_{kenmerk}", lang), counts))
        pairs = [
            (str(w), int(n))
            for w, n in zip(counts.frame["waarde"], counts.frame["aantal"], strict=True)
        ]
        if kenmerk == "oproep":
            shown = [f"{n} ({t('antwoord.oproep', lang)} {w})" for w, n in pairs]
        else:
            shown = [f"{n} {label(kenmerk, w, lang)}" for w, n in pairs if n]
        parts[kenmerk] = _join(shown, lang)
        rows += [[t(f"blok.kenmerk_{kenmerk}", lang), label(kenmerk, w, lang), n] for w, n in pairs]
    text = t(
        "blok.tekst_per_kenmerk",
        lang,
        oproepen=parts["oproep"],
        statussen=parts["status"],
        vormen=parts["vorm"],
        themas=parts["thema"],
        tabel=_reference("per_kenmerk", nr, lang),
    )
    columns = (t("bijlage.kenmerk", lang), t("kolom.waarde", lang), t("kolom.aantal", lang))
    table = Table(t("blok.per_kenmerk", lang), columns, rows)
    return Result((text,), (table,), rows, tuple(entries))


STROMEN_COLUMNS = ("aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten")


def _stromen(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    figure = fig.stromen(source, filters)
    rows = _records(figure.frame, STROMEN_COLUMNS)
    text = [
        tn(
            "blok.tekst_stromen",
            lang,
            fig.kerncijfers(source, filters).trajecten,
            paren=tn("aantal.paren", lang, len(rows)),
            tabel=_reference("stromen", nr, lang),
        )
    ]
    text += ["- " + tn("blok.stromen_paar", lang, int(r[4]), van=r[1], naar=r[3]) for r in rows]
    labels = tuple(t(f"kolom.{c}", lang) for c in STROMEN_COLUMNS)
    table = Table(t("blok.stromen", lang), labels, rows)
    return Result(tuple(text), (table,), rows, (_entry(nr, t("blok.stromen", lang), figure),))


BEGUNSTIGDEN_COLUMNS = (
    "begunstigde",
    "begunstigde_naam",
    "toegekend_eur",
    "vastgelegd_eur",
    "uitbetaald_eur",
)


def _begunstigden(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    figure = fig.begunstigden(source, filters)
    total = fig.begunstigden_totaal(source, filters).frame.iloc[0]
    money = BEGUNSTIGDEN_COLUMNS[2:]
    rows = _records(figure.frame, BEGUNSTIGDEN_COLUMNS)
    text = [
        tn(
            "blok.tekst_begunstigden",
            lang,
            len(rows),
            toegekend=format_eur_text(total["toegekend_eur"], lang),
            uitbetaald=format_eur_text(total["uitbetaald_eur"], lang),
            tabel=_reference("begunstigden", nr, lang),
        )
    ]
    text += [
        "- "
        + t(
            "blok.begunstigde",
            lang,
            naam=row[1],
            toegekend=format_eur_text(row[2], lang),
            uitbetaald=format_eur_text(row[4], lang),
        )
        for row in rows
    ]
    table = Table(
        t("blok.begunstigden", lang),
        tuple(t(f"kolom.{c}", lang) for c in BEGUNSTIGDEN_COLUMNS),
        rows,
        money=tuple(t(f"kolom.{c}", lang) for c in money),
        total=[None, t("bestand.totaal", lang), *(total[c] for c in money)],
    )
    entry = _entry(nr, t("blok.begunstigden", lang), figure)
    return Result(tuple(text), (table,), rows, (entry,))


DASHBOARD: dict[str, Callable[[Source, Filters, int, str], Result]] = {
    "kerncijfers": _kerncijfers,
    "gemeenten": _gemeenten,
    "per_kenmerk": _per_kenmerk,
    "stromen": _stromen,
    "begunstigden": _begunstigden,
}
