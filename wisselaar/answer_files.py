"""The draft answer (.docx) and annex (.xlsx) of written question 342, and its sections.

The files come from draft_files (the writer every question shares); this module turns an
`Answer` into a `Draft`: the question's heading (number, date, member, ministers), a short
intro, the paragraphs of answer_text per sub-question, the annex tables of the figures, and
what the annex's Herkomst and Verantwoording sheets say. Composed questions
(question_blocks.py) reuse `section_342` on filtered figures.

The identifier `W342-<stand_van>-v<versions>-<sha>` names the moment (pass it back as
`--as-of`), the versions used and the first 8 hex digits of the SHA-256 of the figures the
draft shows (`answer --json` for question 342 on the command line) and, when the adviser
chose other quotes than the default, of that choice: the same moment and choice give the
same figures, the same text and the same identifier.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from wisselaar.answer import Answer
from wisselaar.answer_evaluation import quote_options, quotes_shown
from wisselaar.answer_store import files_342
from wisselaar.answer_tables import tables_342
from wisselaar.answer_text import answer_paragraphs, stand_line
from wisselaar.draft_files import (
    DOCX,
    DRAFT_LANGUAGE,
    SHEET,
    XLSX,
    Draft,
    Heading,
    Section,
    Table,
    draft_bytes,
    identifier,
    write_draft,
)
from wisselaar.filters import PERIODE_2025
from wisselaar.i18n import t
from wisselaar.labels import label
from wisselaar.provenance import Entry, summary_columns, summary_rows
from wisselaar.quotes import Choice, choice_key
from wisselaar.settings import Settings

__all__ = [
    "DOCX",
    "SHEET",
    "XLSX",
    "answer_draft",
    "answer_files_bytes",
    "answer_kenmerk",
    "kept_answer_files",
    "write_answer_files",
]
MEMBER_342, DATE_342 = "Suzy Wouters", dt.date(2022, 5, 25)
MINISTERS_342 = (
    ("Bart Somers", "vraag342.titel_somers"),
    ("Benjamin Dalle", "vraag342.titel_dalle"),
)


# -- question 342 ---------------------------------------------------------------------------


def answer_files_bytes(answer: Answer, choice: Choice | None = None) -> dict[str, bytes]:
    """{"antwoord.docx": ..., "bijlage.xlsx": ...} for the download buttons."""
    return draft_bytes(answer_draft(answer, choice))


def kept_answer_files(
    settings: Settings, answer: Answer, choice: Choice | None = None
) -> dict[str, bytes]:
    """`answer_files_bytes`, through the files kept with the data (answer_store.files_342)
    when they are the command line's: the contract's period and the default quotes; the same
    data, thresholds and code give the same bytes, so the app offers what `answer --out`
    wrote, and keeps what it made for the next time."""
    if answer.periode != PERIODE_2025 or _chosen(answer, choice):
        return answer_files_bytes(answer, choice)
    files = files_342(settings, answer.moment, lambda _con: answer_files_bytes(answer))
    return files if files is not None else answer_files_bytes(answer)


def answer_kenmerk(answer: Answer, choice: Choice | None = None) -> str:
    """The draft's identifier (module docstring) without making the draft."""
    chosen = _chosen(answer, choice)
    hashed = answer.shown_json() + (f"\n{chosen}" if chosen else "")
    versions = (v.version for v in answer.versions)
    return identifier("342", answer.figures["stand_van"], versions, hashed)


def _chosen(answer: Answer, choice: Choice | None) -> str:
    return choice_key(choice, quote_options(answer)[1])


def write_answer_files(answer: Answer, out_dir: Path, choice: Choice | None = None) -> list[Path]:
    return write_draft(answer_draft(answer, choice), out_dir)


def answer_draft(answer: Answer, choice: Choice | None = None) -> Draft:
    """The draft of question 342, in Dutch (it goes to the Flemish Parliament); `choice`: the
    quotes of answer 3 the adviser kept (None: the default, the two most recent per theme)."""
    lang = DRAFT_LANGUAGE
    stand = answer.figures["stand_van"]
    heading = Heading(
        "342",
        DATE_342,
        MEMBER_342,
        tuple((name, t(key, lang)) for name, key in MINISTERS_342),
        t("vraag342.onderwerp", lang),
        t("vraag342.gesteld_aan", lang),
    )
    chosen = _chosen(answer, choice)
    return Draft(
        heading,
        (t("vraag342.intro", lang),),
        stand_line(answer.stand, lang),
        answer_kenmerk(answer, choice),
        t("bestand.reproduceer_342", lang, stand=stand),
        answer.sample,
        tuple(sections_342(answer, lang, choice)),
        lang,
        stand,
        herkomst=provenance_table(provenance_342(answer, lang, choice), lang),
        versions=tuple(answer.versions),
        choices=_choice_rows(chosen, lang),
    )


def _choice_rows(chosen: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The Verantwoording's row on the quotes: the default, or which the cabinet chose."""
    if not chosen:
        return ((t("bestand.v_citaten", lang), t("bestand.v_citaten_standaard", lang)),)
    picked = "; ".join(
        f"{label('meerwaarde', theme, lang)}: {', '.join(ids) or '–'}"
        for theme, ids in json.loads(chosen).items()
    )
    return ((t("bestand.v_citaten", lang), t("bestand.v_citaten_keuze", lang, keuze=picked)),)


def provenance_342(
    answer: Answer, lang: str = DRAFT_LANGUAGE, choice: Choice | None = None
) -> list[Entry]:
    """Every figure of the answer with the annex sheet it is on (the `Herkomst` sheet), the
    quotes of answer 3 included."""
    p, cards = answer.parts, answer.parts.kerncijfers.cards

    def card(nr: int, key: str) -> Entry:
        return Entry(nr, t(f"herkomst.{key}", lang), cards[key].figure, cards[key].match)

    def named(key: str) -> str:
        return t(f"herkomst.{key}", lang)

    quoted = sorted({q.evaluatie_id for qs in quotes_shown(answer, choice).values() for q in qs})
    return [
        Entry(1, named("werkgevers"), p.werkgevers),
        Entry(2, named("trajecten"), p.trajecten),
        Entry(2, named("per_status"), p.per_status),
        Entry(2, named("per_oproep"), p.per_oproep),
        card(3, "evaluaties"),
        card(3, "tevredenheid"),
        Entry(3, named("doelen"), p.doelen),
        Entry(3, named("meerwaarde"), p.meerwaarde),
        *(
            [Entry(3, named("citaten"), p.toelichtingen, (("evaluatie_id", tuple(quoted)),))]
            if quoted
            else []
        ),
        Entry(3, named("rapporten"), p.rapporten),
        Entry(4, named("budgetlijnen"), p.budgetlijnen),
        card(4, "beschikbaar"),
        card(4, "uitbetaald"),
        Entry(5, named("criteria"), p.criteria),
        card(6, "ondernomen"),
        card(6, "doelen"),
        *(
            Entry(6, t("herkomst.oproep", lang, jaar=c.oproep), c.kerncijfers.figure)
            for c in p.calls
        ),
    ]


def provenance_table(entries: list[Entry], lang: str = "nl") -> Table:
    return Table(t("herkomst.titel", lang), summary_columns(lang), summary_rows(entries, lang))


def sections_342(
    answer: Answer, lang: str = DRAFT_LANGUAGE, choice: Choice | None = None
) -> list[Section]:
    return [section_342(answer, nr, nr, lang, choice) for nr in range(1, 7)]


def section_342(
    answer: Answer,
    number: int,
    nr: int | None = None,
    lang: str = DRAFT_LANGUAGE,
    choice: Choice | None = None,
) -> Section:
    """Answer `number` of question 342 as sub-question `nr` of a document (its annex tables
    are numbered `nr`, and its text refers to them so)."""
    nr = nr or number
    return Section(
        t("antwoord.kop", lang, nr=nr),
        t(f"vraag342.v{number}", lang),
        tuple(answer_paragraphs(answer, number, nr, lang, choice)),
        tables_342(answer, number, lang),
    )
