"""Errors and warnings about an upload, each pinned to a place in the workbook.

An Issue keeps the catalogue key and its values rather than a finished sentence, so the same
finding can be shown in Dutch or English, listed as a table (sheet, row, column, value,
message) and stored with a version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wisselaar.i18n import t

Quote = Callable[[object], str]  # a value made text for where it is shown (str: as it is)


@dataclass(frozen=True)
class Issue:
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    # A finding whose wording is owned elsewhere (e.g. municipalities) renders itself:
    # render(lang, quote), like `message`.
    render: Callable[[str, Quote], str] | None = field(default=None, compare=False, repr=False)

    def message(self, lang: str = "nl", quote: Quote = str) -> str:
        """What is wrong and what would be right, without the location. `quote` turns each
        value into text for where it is shown (ui/text.md for Markdown): a value comes from
        the file, the catalogue's wording around it stays as written."""
        if self.render is not None:
            return self.render(lang, quote)
        # A value may itself depend on the language (e.g. "rij 12 (versie 3)"): a callable.
        values = {k: quote(v(lang) if callable(v) else v) for k, v in self.values.items()}
        return t(self.key, lang, **values)

    def text(self, lang: str = "nl", quote: Quote = str) -> str:
        """The full line: location, value and message (`quote` as for `message`)."""
        melding = self.message(lang, quote)
        if self.sheet is None:
            return melding
        blad = quote(self.sheet)
        if self.row is None:
            return t("fout.blad", lang, blad=blad, melding=melding)
        if self.column is None:
            return t("fout.rij", lang, blad=blad, rij=self.row, melding=melding)
        if self.value in (None, ""):
            return t(
                "fout.cel_leeg",
                lang,
                blad=blad,
                rij=self.row,
                kolom=quote(self.column),
                melding=melding,
            )
        return t(
            "fout.cel",
            lang,
            blad=blad,
            rij=self.row,
            kolom=quote(self.column),
            waarde=quote(self.value),
            melding=melding,
        )

    def as_record(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "blad": self.sheet or "",
            "rij": self.row,
            "kolom": self.column or "",
            "waarde": self.value or "",
            "melding": self.message(lang),
        }


class CellError(Exception):
    """A cell value that does not fit its column; caught and turned into an Issue."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
