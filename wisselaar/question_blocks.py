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
from pathlib import Path
from typing import Any

import pandas as pd

from wisselaar import figures as fig
from wisselaar.answer import assemble
from wisselaar.answer_files import provenance_342, provenance_table, section_342
from wisselaar.answer_text import stand_line
from wisselaar.dashboard_blocks import DASHBOARD, Result
from wisselaar.draft_files import (
    DRAFT_LANGUAGE,
    Draft,
    Heading,
    Section,
    Table,
    draft_bytes,
    identifier,
    write_draft,
)
from wisselaar.engine import Database, Source, Stand, resolve
from wisselaar.filters import NOW, PERIODE_2025, Filters
from wisselaar.formatting import (
    format_moment,
)
from wisselaar.i18n import t
from wisselaar.moments import brussels_iso
from wisselaar.municipalities import by_nis
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


def draft(
    settings: Settings, question: Question, moment: dt.datetime, lang: str = DRAFT_LANGUAGE
) -> Draft | None:
    """The draft of a composed question with the data at `moment` (naive UTC; blocks with a
    moment of their own use that); None when no block has any data. In Dutch, as every draft
    that goes to the Parliament (the page never asks for another language)."""
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
        versions=tuple(versions),
    )


def question_files_bytes(
    settings: Settings, question: Question, moment: dt.datetime = NOW, lang: str = DRAFT_LANGUAGE
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
    section = section_342(answer, number, nr, lang)
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
