"""A draft answer and its annex as files: `antwoord.docx` and `bijlage.xlsx`.

One writer for every parliamentary question: a `Draft` (heading, intro, numbered sections of
text with their annex tables, the moment, the versions used and an identifier) becomes a Word
document (draft_docx.py) and a workbook with one sheet `Vraag n` per sub-question, a sheet
`Herkomst` and a sheet `Verantwoording` (draft_xlsx.py). The body of the document names no
command and no version: the moment and the identifier close it in one sober line and sit in
its properties; the versions, their uploads and how to make the same files again are in the
annex's `Verantwoording`. Drafts go to the Flemish Parliament, so they are written in Dutch
whatever the language of the app (DRAFT_LANGUAGE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wisselaar.formatting import BRUSSELS, LOCALES
from wisselaar.i18n import t

if TYPE_CHECKING:  # the engine loads pandas: writing kept files needs none of it
    from wisselaar.engine import VersionUsed

DOCX, XLSX = "antwoord.docx", "bijlage.xlsx"
SHEET = "Vraag {nr}"  # the sheet names of CONTRACT.md section 3, in every language
PROVENANCE_SHEET = "Herkomst"  # issue 9: every figure's dataset versions and Excel rows
ACCOUNT_SHEET = "Verantwoording"  # issue 10: moment, versions, identifier, how to reproduce
DRAFT_LANGUAGE = "nl"  # the language of every draft and annex (they go to the Parliament)
LANGUAGE_TAGS = {"nl": "nl-BE", "en": "en-GB"}
MAX_BULLETS = 40  # longer lists stay in the annex; the text says how many more there are


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[list[Any]]
    money: tuple[str, ...] = ()  # the columns holding euros
    row_formats: tuple[str | None, ...] = ()  # per row: the number format of its numbers
    total: list[Any] | None = None  # a last row, in bold


@dataclass(frozen=True)
class Section:
    kop: str  # "Antwoord op vraag 1"
    vraag: str  # the sub-question as asked
    tekst: tuple[str, ...]  # paragraphs; "- " starts a list item
    tabellen: tuple[Table, ...]  # the first gets the frozen header; others follow below it
    notes: tuple[str, ...] = ()  # filters, a block's own moment


@dataclass(frozen=True)
class Heading:
    nummer: str
    datum: dt.date
    lid: str
    ministers: tuple[tuple[str, str], ...]  # (name, title)
    onderwerp: str = ""
    gesteld_aan: str = ""


@dataclass(frozen=True)
class Draft:
    heading: Heading
    intro: tuple[str, ...]
    stand: str  # "Stand van de gegevens: ...; gegevens uit Trajecten versie 3, ...": annex only
    kenmerk: str
    reproduce: str  # how to make the same files again (the annex's Verantwoording)
    sample: bool
    sections: tuple[Section, ...]
    lang: str = DRAFT_LANGUAGE
    stand_van: str = ""  # the moment of the newest version used, ISO 8601 in Brussels time
    herkomst: Table | None = None  # the annex's provenance sheet (every figure's rows)
    versions: tuple[VersionUsed, ...] = ()  # the dataset versions the figures come from
    choices: tuple[tuple[str, str], ...] = ()  # further Verantwoording rows (quotes chosen)

    def moment_words(self) -> str:
        """`2 december 2026, 01.27 uur`: the moment of the data in words."""
        return moment_words(self.stand_van, self.lang)

    def closing_lines(self) -> tuple[str, ...]:
        """The sober lines that end the document: the moment, the identifier (and a warning
        on sample data)."""
        lines = (
            t("antwoord.slot", self.lang, moment=self.moment_words()),
            t("bestand.kenmerk", self.lang, kenmerk=self.kenmerk),
        )
        return lines + ((t("antwoord.voorbeeld", self.lang),) if self.sample else ())


def identifier(nummer: str, stand_van: str, versions: Iterable[int], figures_json: str) -> str:
    """`W342-2024-03-01T14:05:09+01:00-v1.2-3f2a9c1e`: the question, the moment (to pass back
    as "stand van"), the versions used and a short SHA-256 of the figures' JSON."""
    nr = re.sub(r"[^0-9A-Za-z.]+", "", nummer) or "0"
    ids = ".".join(str(v) for v in sorted(set(versions)))
    sha = hashlib.sha256(figures_json.encode("utf-8")).hexdigest()[:8]
    return f"W{nr}-{stand_van}-v{ids}-{sha}"


def long_date(day: dt.date, lang: str = "nl") -> str:
    """`25 mei 2022`."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=LOCALES.get(lang, "nl_BE"))


def table_number(nr: int, index: int, count: int) -> str:
    """`2` for the only table of sub-question 2; `2.1`, `2.2` when it has more."""
    return str(nr) if count == 1 else f"{nr}.{index + 1}"


def moment_words(stand_van: str, lang: str = DRAFT_LANGUAGE) -> str:
    """`2 december 2026, 01.27 uur` (English `2 December 2026, 01:27`), Brussels time."""
    if not stand_van:
        return ""
    moment = dt.datetime.fromisoformat(stand_van).astimezone(BRUSSELS)
    hour = moment.strftime("%H.%M" if lang == "nl" else "%H:%M")
    return t("bestand.moment", lang, datum=long_date(moment.date(), lang), uur=hour)


def docx_bytes(draft: Draft) -> bytes:
    from wisselaar.draft_docx import docx_bytes as write

    return write(draft)


def draft_bytes(draft: Draft) -> dict[str, bytes]:
    from wisselaar.draft_docx import docx_bytes
    from wisselaar.draft_xlsx import xlsx_bytes

    return {DOCX: docx_bytes(draft), XLSX: xlsx_bytes(draft)}


def write_draft(draft: Draft, out_dir: Path) -> list[Path]:
    return write_files(draft_bytes(draft), out_dir)


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """The files of a draft ({name: bytes}, computed or kept) in `out_dir`, the document
    first."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(files, key=lambda n: (n != DOCX, n)):
        (out_dir / name).write_bytes(files[name])
        written.append(out_dir / name)
    return written
