"""The blocks a composed question's sub-questions are answered from, and its draft.

Blocks: the six answers of question 342 (`v1`..`v6`: the same sentences and annex tables as
question 342, on the filtered figures of question_figures.py) and tables of the dashboard
pages (through the dashboard's own functions and named queries). Each block applies the
filters that make sense for it (APPLIES); a filter it cannot apply is named in its notes
("geldt niet voor dit antwoord"), and budget figures of the whole programme say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd

from wisselaar import reads
from wisselaar.answer import Answer, VersionUsed
from wisselaar.answer_files import renumbered, sections_342
from wisselaar.answer_text import stand_line
from wisselaar.dashboard import counts_by, municipalities, overview
from wisselaar.draft_files import (
    Draft,
    Heading,
    Section,
    Table,
    identifier,
)
from wisselaar.export import EUR_FORMAT
from wisselaar.filters import Filters
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
from wisselaar.question_figures import codes, filtered_figures, sidebar_filters, trajectories
from wisselaar.questions import FILTERS, NO_BLOCK, Block, BlockFilters, Question, unanswered_section
from wisselaar.settings import Settings

ALL, TRAJECTORY = frozenset(FILTERS), frozenset({"oproepen", "provincies", "statussen"})
APPLIES: dict[str, frozenset[str]] = {  # block -> the filters it applies
    "v1": ALL,
    "v2": ALL,
    "v3": ALL,
    "v4": frozenset(),
    "v5": frozenset(),
    "v6": ALL,
    "kerncijfers": TRAJECTORY,
    "gemeenten": ALL,
    "per_kenmerk": TRAJECTORY,
    "stromen": ALL,
    "begunstigden": frozenset({"gemeente"}),
}
BLOCKS = tuple(APPLIES)
WHOLE_BUDGET = {"v6", "kerncijfers"}  # their text holds budget figures of the whole programme
LABELS = {
    "oproepen": "filter.oproep",
    "provincies": "filter.provincie",
    "gemeente": "bestand.gemeente",
    "statussen": "filter.status",
}
Result = tuple[tuple[str, ...], tuple[Table, ...], Any]  # text, tables, figures (for the hash)


def draft(settings: Settings, question: Question, moment: dt.datetime, lang: str) -> Draft | None:
    sections, used, figures = [], {}, []
    for nr, block in enumerate(question.blokken, 1):
        if block.blok == NO_BLOCK:  # the cabinet writes this answer itself
            sections.append(unanswered_section(block, nr, lang))
            continue
        stand = block.filters.stand or moment
        versions = versions_at(settings, stand)
        kop = t("antwoord.kop", lang, nr=nr)
        if not versions:
            empty = (Table(t(f"blok.{block.blok}", lang), (t("kolom.waarde", lang),), []),)
            text = (t("app.geen_gegevens_op_moment", lang),)
            sections.append(Section(kop, block.vraag, text, empty))
            continue
        used.update({(v.dataset, v.version): v for v in versions})
        text, tables, data = answer_block(settings, block, nr, stand, versions, lang)
        notes = _notes(block, versions, lang)
        sections.append(Section(kop, block.vraag, text, tables, notes))
        figures.append({"blok": block.blok, "filters": block.filters.to_json(), "cijfers": data})
    if not used:
        return None
    versions = sorted(used.values(), key=lambda v: (v.dataset, v.version))
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
        stand_line(Answer({}, versions, moment), lang),
        identifier(question.nummer, stand_van, (v.version for v in versions), figures_json),
        t("bestand.reproduceer_vraag", lang, id=question.id or "–", stand=stand_van),
        any(v.sample for v in versions),
        tuple(sections),
        lang,
        stand_van,
    )


def versions_at(settings: Settings, stand: dt.datetime) -> list[VersionUsed]:
    used = reads.frame(settings, "versies_in_gebruik", stand=stand)
    return [
        VersionUsed(
            r.dataset,
            int(r.versie_id),
            pd.Timestamp(r.aangemaakt_op).to_pydatetime(),
            r.gebruiker,
            r.bestandsnaam,
            bool(r.voorbeeld),
        )
        for r in used.itertuples()
    ]


def answer_block(
    settings: Settings,
    block: Block,
    nr: int,
    stand: dt.datetime,
    versions: list[VersionUsed],
    lang: str,
) -> Result:
    """The text, annex tables and figures of one block as sub-question `nr`."""
    if block.blok in DASHBOARD:
        return DASHBOARD[block.blok](settings, block.filters, stand, nr, lang)
    number = int(block.blok[1:])
    figures, details = filtered_figures(settings, block.filters, stand, versions)
    section = sections_342(Answer(figures, versions, stand), lang, details)[number - 1]
    section = renumbered(section, number, nr, lang)
    return section.tekst, section.tabellen, figures[f"vraag_{number}"]


def _notes(block: Block, versions: list[VersionUsed], lang: str) -> tuple[str, ...]:
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
        moment = format_moment(max(v.moment for v in versions))
        notes.append(t("bestand.stand_blok", lang, moment=moment))
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


def _kerncijfers(
    settings: Settings, f: BlockFilters, stand: dt.datetime, nr: int, lang: str
) -> Result:
    o = overview(settings, sidebar_filters(f, stand))
    nvt = t("antwoord.nvt", lang)
    trajecten = sum(o.per_status.values())
    text = t(
        "blok.tekst_kerncijfers",
        lang,
        trajecten=format_int(trajecten, lang),
        ondernomen=format_int(o.ondernomen, lang),
        aanbiedend=format_int(o.aanbiedend, lang),
        vragend=format_int(o.vragend, lang),
        evaluaties=format_int(o.evaluaties, lang),
        tevredenheid=format_decimal_places(o.gemiddelde_tevredenheid, 2, lang) or nvt,
        doelen=format_pct(o.doelen_bereikt_pct, 1, lang) or nvt,
        beschikbaar=format_eur(o.beschikbaar, lang),
        uitbetaald=format_eur(o.uitbetaald, lang),
        benutting=format_pct(o.benutting_pct, 1, lang) or nvt,
        nr=nr,
    )
    rows = (
        ("overzicht.trajecten", trajecten, None),
        ("overzicht.ondernomen", o.ondernomen, None),
        ("overzicht.aanbiedend", o.aanbiedend, None),
        ("overzicht.vragend", o.vragend, None),
        ("bijlage.evaluaties", o.evaluaties, None),
        ("overzicht.tevredenheid", o.gemiddelde_tevredenheid, "0.00"),
        ("overzicht.doelen", o.doelen_bereikt_pct, "0.0"),
        ("overzicht.beschikbaar", o.beschikbaar, EUR_FORMAT),
        ("overzicht.uitbetaald", o.uitbetaald, EUR_FORMAT),
        ("overzicht.benutting", o.benutting_pct, "0.0"),
    )
    table = Table(
        t("blok.kerncijfers", lang),
        (t("bijlage.cijfer", lang), t("kolom.waarde", lang)),
        [[t(key, lang), nvt if value is None else value] for key, value, _ in rows],
        row_formats=tuple(fmt for _, _, fmt in rows),
    )
    return (text,), (table,), dataclasses.asdict(o)


def _gemeenten(
    settings: Settings, f: BlockFilters, stand: dt.datetime, nr: int, lang: str
) -> Result:
    frame = municipalities(settings, sidebar_filters(f, stand), "2025")
    if f.gemeente:
        frame = frame[frame["nis"].isin(codes(f.gemeente))]
    roles = frame["rol"].value_counts()
    text = t(
        "blok.tekst_gemeenten",
        lang,
        aantal=len(frame),
        **{rol: int(roles.get(rol, 0)) for rol in ("aanbiedend", "vragend", "beide", "geen")},
        ontvangen=format_eur(sum(frame["ontvangen_eur"], Decimal(0)), lang),
        nr=nr,
    )
    columns = ("nis", "naam", "provincie", "trajecten_aanbiedend", "trajecten_vragend", "rol")
    columns += ("experts", "financiering_experts", "toegekend_eur", "ontvangen_eur", "evaluaties")
    money = ("financiering_experts", "toegekend_eur", "ontvangen_eur")
    rows = _records(frame, columns)
    for row in rows:
        row[5] = t(f"rol.{row[5]}", lang)
    table = Table(
        t("blok.gemeenten", lang),
        tuple(t(f"kolom.{c}", lang) for c in columns),
        rows,
        money=tuple(t(f"kolom.{c}", lang) for c in money),
    )
    return (text,), (table,), _records(frame, columns)


def _per_kenmerk(
    settings: Settings, f: BlockFilters, stand: dt.datetime, nr: int, lang: str
) -> Result:
    rows, parts = [], {}
    for kenmerk in ("oproep", "status", "vorm", "thema"):
        counts = counts_by(settings, sidebar_filters(f, stand), kenmerk)
        pairs = [(str(w), int(n)) for w, n in zip(counts["waarde"], counts["aantal"], strict=True)]
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
    return (text,), (Table(t("blok.per_kenmerk", lang), columns, rows),), rows


def _stromen(settings: Settings, f: BlockFilters, stand: dt.datetime, nr: int, lang: str) -> Result:
    frame = reads.frame(settings, "stromen", **sidebar_filters(f, stand).params())
    wanted = codes(f.gemeente)
    if wanted:
        frame = frame[frame["aanbiedend"].isin(wanted) | frame["vragend"].isin(wanted)]
    columns = ("aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten")
    rows = _records(frame, columns)
    text = [
        t(
            "blok.tekst_stromen",
            lang,
            trajecten=len(trajectories(settings, f, stand)),
            paren=len(rows),
            nr=nr,
        )
    ]
    text += [
        "- " + t("blok.stromen_paar", lang, van=r[1], naar=r[3], aantal=int(r[4])) for r in rows
    ]
    labels = tuple(t(f"kolom.{c}", lang) for c in columns)
    return tuple(text), (Table(t("blok.stromen", lang), labels, rows),), rows


def _begunstigden(
    settings: Settings, f: BlockFilters, stand: dt.datetime, nr: int, lang: str
) -> Result:
    frame = reads.frame(settings, "budget_per_begunstigde", stand=stand)
    if f.gemeente:
        frame = frame[frame["begunstigde"].isin(codes(f.gemeente))]
    money = ("toegekend_eur", "vastgelegd_eur", "uitbetaald_eur")
    rows = _records(frame, ("begunstigde", "begunstigde_naam", *money))
    sums = [sum((row[i] for row in rows), Decimal("0.00")) for i in (2, 3, 4)]
    text = [
        t(
            "blok.tekst_begunstigden",
            lang,
            aantal=len(rows),
            toegekend=format_eur(sums[0], lang),
            uitbetaald=format_eur(sums[2], lang),
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
        tuple(t(f"kolom.{c}", lang) for c in ("begunstigde", "begunstigde_naam", *money)),
        rows,
        money=tuple(t(f"kolom.{c}", lang) for c in money),
        total=[None, t("bestand.totaal", lang), *sums],
    )
    return tuple(text), (table,), rows


DASHBOARD: dict[str, Callable[[Settings, BlockFilters, dt.datetime, int, str], Result]] = {
    "kerncijfers": _kerncijfers,
    "gemeenten": _gemeenten,
    "per_kenmerk": _per_kenmerk,
    "stromen": _stromen,
    "begunstigden": _begunstigden,
}


def choices(settings: Settings, stand: dt.datetime) -> dict[str, Any]:
    """What the page offers: calls, municipalities (2025 codes) and versions at `stand`."""
    everything = Filters(stand=stand)
    calls = counts_by(settings, everything, "oproep")["waarde"]
    gemeenten = municipalities(settings, everything, "2025")
    versions = reads.frame(settings, "versies")
    return {
        "oproepen": sorted(str(c) for c in calls),
        "gemeenten": dict(zip(gemeenten["nis"], gemeenten["naam"], strict=True)),
        "versies": {
            int(v): pd.Timestamp(at).to_pydatetime()
            for v, at in zip(versions["versie_id"], versions["aangemaakt_op"], strict=True)
        },
    }
