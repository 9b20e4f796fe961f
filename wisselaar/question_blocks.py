"""The blocks a composed question's sub-questions are answered from, and its draft.

Blocks: the six answers of question 342 (`v1`..`v6`: the same sentences and annex tables as
question 342, on the figures of `answer.assemble` for the block's filters) and tables of the
dashboard pages (the engine's own figures, `wisselaar.figures`). Each block applies the
filters that make sense for it (APPLIES); a filter it cannot apply is named in its notes
("geldt niet voor dit antwoord"), and budget figures of the whole programme say so.
Municipalities are counted as today's (2025): a block's municipality is a 2025 code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from wisselaar import figures as fig
from wisselaar.answer import assemble
from wisselaar.answer_files import provenance_342, provenance_table, renumbered, sections_342
from wisselaar.answer_text import stand_line
from wisselaar.draft_files import (
    Draft,
    Heading,
    Section,
    Table,
    draft_bytes,
    identifier,
    write_draft,
)
from wisselaar.engine import Database, Figure, Source, Stand, resolve
from wisselaar.export import EUR_FORMAT
from wisselaar.filters import NOW, PERIODE_2025, Filters
from wisselaar.formatting import (
    format_decimal_places,
    format_eur,
    format_int,
    format_moment,
    format_pct,
)
from wisselaar.i18n import t
from wisselaar.moments import brussels_iso
from wisselaar.municipalities import by_nis
from wisselaar.provenance import Entry
from wisselaar.questions import FILTERS, NO_BLOCK, Block, Question, unanswered_section
from wisselaar.settings import Settings

ALL = frozenset(FILTERS)
APPLIES: dict[str, frozenset[str]] = {  # block -> the filters it applies
    "v1": ALL,
    "v2": ALL,
    "v3": ALL,
    "v4": frozenset(),
    "v5": frozenset(),
    "v6": ALL,
    "kerncijfers": ALL,
    "gemeenten": ALL,
    "per_kenmerk": ALL,
    "stromen": ALL,
    "begunstigden": frozenset({"provincies", "gemeente"}),
}
BLOCKS = tuple(APPLIES)
WHOLE_BUDGET = {"v6", "kerncijfers"}  # their text holds budget figures of the whole programme
LABELS = {
    "oproepen": "filter.oproep",
    "provincies": "filter.provincie",
    "gemeente": "bestand.gemeente",
    "statussen": "filter.status",
}


@dataclass(frozen=True)
class Result:
    """One block as sub-question `nr`: its text, annex tables, the figures it shows (hashed
    into the identifier) and where they come from (the annex's Herkomst sheet)."""

    text: tuple[str, ...]
    tables: tuple[Table, ...]
    data: Any
    entries: tuple[Entry, ...]


def scope(block: Block, stand: dt.datetime) -> Filters:
    """The engine's scope of a block: the filters the block applies, today's municipalities."""
    f, applies = block.filters, APPLIES[block.blok]
    return Filters(
        stand=stand,
        oproepen=f.oproepen if "oproepen" in applies else (),
        provincies=f.provincies if "provincies" in applies else (),
        statussen=f.statussen if "statussen" in applies else (),
        gemeente=f.gemeente if "gemeente" in applies else None,
        periode=PERIODE_2025,
    )


def draft(settings: Settings, question: Question, moment: dt.datetime, lang: str) -> Draft | None:
    """The draft of a composed question with the data at `moment` (naive UTC; blocks with a
    moment of their own use that); None when no block has any data."""
    source = Database(settings)
    sections, stands, figures, entries = [], [], [], []
    for nr, block in enumerate(question.blokken, 1):
        if block.blok == NO_BLOCK:  # the cabinet writes this answer itself
            sections.append(unanswered_section(block, nr, lang))
            continue
        stand = resolve(source, block.filters.stand or moment)
        kop = t("antwoord.kop", lang, nr=nr)
        if not stand.versions:
            empty = (Table(t(f"blok.{block.blok}", lang), (t("kolom.waarde", lang),), []),)
            text = (t("app.geen_gegevens_op_moment", lang),)
            sections.append(Section(kop, block.vraag, text, empty))
            continue
        result = answer_block(source, block, nr, stand, lang)
        notes = _notes(block, stand, lang)
        sections.append(Section(kop, block.vraag, result.text, result.tables, notes))
        stands.append(stand)
        entries.extend(result.entries)
        figures.append(
            {"blok": block.blok, "filters": block.filters.to_json(), "cijfers": result.data}
        )
    if not stands:
        return None
    used = Stand(
        moment, tuple({(v.dataset, v.version): v for s in stands for v in s.versions}.values())
    )
    versions = sorted(used.versions, key=lambda v: (v.dataset, v.version))
    stand_van = brussels_iso(max(v.moment for v in versions))
    figures_json = json.dumps(figures, ensure_ascii=False, sort_keys=True, default=_plain)
    heading = Heading(
        question.nummer,
        question.datum,
        question.lid,
        question.ministers_with_titles(),
        question.onderwerp,
    )
    return Draft(
        heading,
        (t("bestand.intro", lang),),
        stand_line(used, lang),
        identifier(question.nummer, stand_van, (v.version for v in versions), figures_json),
        t("bestand.reproduceer_vraag", lang, id=question.id or "–", stand=stand_van),
        used.sample,
        tuple(sections),
        lang,
        stand_van,
        herkomst=provenance_table(entries, lang),
    )


def question_files_bytes(
    settings: Settings, question: Question, moment: dt.datetime = NOW, lang: str = "nl"
) -> dict[str, bytes] | None:
    made = draft(settings, question, moment, lang)
    return draft_bytes(made) if made else None


def write_question_files(
    settings: Settings,
    question: Question,
    out_dir: Path,
    moment: dt.datetime = NOW,
    lang: str = "nl",
) -> list[Path]:
    made = draft(settings, question, moment, lang)
    return write_draft(made, out_dir) if made else []


def answer_block(source: Source, block: Block, nr: int, stand: Stand, lang: str) -> Result:
    """The text, annex tables, figures and provenance of one block as sub-question `nr`."""
    filters = scope(block, stand.at)
    if block.blok in DASHBOARD:
        return DASHBOARD[block.blok](source, filters, nr, lang)
    number = int(block.blok[1:])
    answer = assemble(source, filters)
    assert answer is not None  # the stand has versions
    section = renumbered(sections_342(answer, lang)[number - 1], number, nr, lang)
    entries = tuple(
        dataclasses.replace(e, table=nr) for e in provenance_342(answer, lang) if e.table == number
    )
    return Result(section.tekst, section.tabellen, answer.shown[f"vraag_{number}"], entries)


def _notes(block: Block, stand: Stand, lang: str) -> tuple[str, ...]:
    applies, given = APPLIES[block.blok], block.filters.given
    shown = [
        f"{t(LABELS[name], lang)}: {_shown(name, value)}"
        for name, value in given.items()
        if name in applies
    ]
    notes = [t("bestand.filters", lang, filters="; ".join(shown) or t("filter.geen", lang))]
    ignored = [t(LABELS[name], lang) for name in given if name not in applies]
    if ignored:
        notes.append(t("bestand.filter_niet", lang, filters=", ".join(ignored)))
    if block.blok in WHOLE_BUDGET and shown:
        notes.append(t("blok.budget_niet_gefilterd", lang))
    if block.filters.stand:
        notes.append(t("bestand.stand_blok", lang, moment=format_moment(stand.at)))
    return tuple(notes)


def _shown(name: str, value: Any) -> str:
    if name == "gemeente":
        gemeente = by_nis(value)
        return f"{gemeente.naam} ({value})" if gemeente else str(value)
    return ", ".join(str(v) for v in value)


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)  # Decimal: its exact digits


# -- the dashboard's tables ------------------------------------------------------------------


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[list[Any]]:
    part = frame[list(columns)]
    return part.astype(object).where(part.notna(), None).values.tolist()


def _join(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items) or "0"
    return t("antwoord.en", lang, eerste=", ".join(items[:-1]), laatste=items[-1])


def _entry(nr: int, key: str, figure: Figure, match: tuple[tuple[str, Any], ...] = ()) -> Entry:
    return Entry(nr, key, figure, match)


def _kerncijfers(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    o = fig.kerncijfers(source, filters)
    nvt = t("antwoord.nvt", lang)
    text = t(
        "blok.tekst_kerncijfers",
        lang,
        trajecten=format_int(o.trajecten, lang),
        ondernomen=format_int(o.ondernomen, lang),
        aanbiedend=format_int(o.aanbiedende_gemeenten, lang),
        vragend=format_int(o.vragende_gemeenten, lang),
        evaluaties=format_int(o.evaluaties, lang),
        tevredenheid=format_decimal_places(o.gemiddelde_tevredenheid, 2, lang) or nvt,
        doelen=format_pct(o.doelen_bereikt_pct, 1, lang) or nvt,
        beschikbaar=format_eur(o.beschikbaar, lang),
        uitbetaald=format_eur(o.uitbetaald, lang),
        benutting=format_pct(o.benutting_pct, 1, lang) or nvt,
        nr=nr,
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
        [[t(key, lang), nvt if value is None else value] for _, key, value, _ in rows],
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
    text = t(
        "blok.tekst_gemeenten",
        lang,
        aantal=int(total["gemeenten"]),
        **{rol: int(total[rol]) for rol in ("aanbiedend", "vragend", "beide", "geen")},
        ontvangen=format_eur(total["ontvangen_eur"], lang),
        nr=nr,
    )
    money = ("financiering_experts", "toegekend_eur", "ontvangen_eur")
    rows = _records(figure.frame, GEMEENTEN_COLUMNS)
    for row in rows:
        row[5] = t(f"rol.{row[5]}", lang)
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
            shown = [f"{n} {w}" for w, n in pairs if n]
        parts[kenmerk] = _join(shown, lang)
        rows += [[t(f"blok.kenmerk_{kenmerk}", lang), w, n] for w, n in pairs]
    text = t(
        "blok.tekst_per_kenmerk",
        lang,
        oproepen=parts["oproep"],
        statussen=parts["status"],
        vormen=parts["vorm"],
        themas=parts["thema"],
        nr=nr,
    )
    columns = (t("bijlage.kenmerk", lang), t("kolom.waarde", lang), t("kolom.aantal", lang))
    table = Table(t("blok.per_kenmerk", lang), columns, rows)
    return Result((text,), (table,), rows, tuple(entries))


STROMEN_COLUMNS = ("aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten")


def _stromen(source: Source, filters: Filters, nr: int, lang: str) -> Result:
    figure = fig.stromen(source, filters)
    rows = _records(figure.frame, STROMEN_COLUMNS)
    text = [
        t(
            "blok.tekst_stromen",
            lang,
            trajecten=fig.kerncijfers(source, filters).trajecten,
            paren=len(rows),
            nr=nr,
        )
    ]
    text += [
        "- " + t("blok.stromen_paar", lang, van=r[1], naar=r[3], aantal=int(r[4])) for r in rows
    ]
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
        t(
            "blok.tekst_begunstigden",
            lang,
            aantal=len(rows),
            toegekend=format_eur(total["toegekend_eur"], lang),
            uitbetaald=format_eur(total["uitbetaald_eur"], lang),
            nr=nr,
        )
    ]
    text += [
        "- "
        + t(
            "blok.begunstigde",
            lang,
            naam=row[1],
            toegekend=format_eur(row[2], lang),
            uitbetaald=format_eur(row[4], lang),
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


def choices(settings: Settings, stand: dt.datetime) -> dict[str, Any]:
    """What the page offers: calls, municipalities (2025 codes) and versions at `stand`."""
    source = Database(settings)
    everything = Filters(stand=stand)
    calls = fig.per_kenmerk(source, everything, "oproep").frame["waarde"]
    gemeenten = fig.gemeenten(source, everything).frame
    versions = fig.versies(source)
    return {
        "oproepen": sorted(str(c) for c in calls),
        "gemeenten": dict(zip(gemeenten["nis"], gemeenten["naam"], strict=True)),
        "versies": {
            int(v): pd.Timestamp(at).to_pydatetime()
            for v, at in zip(versions["versie_id"], versions["aangemaakt_op"], strict=True)
        },
    }
