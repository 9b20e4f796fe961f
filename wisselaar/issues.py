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


@dataclass(frozen=True)
class Issue:
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    # A finding whose wording is owned elsewhere (e.g. municipalities) renders itself.
    render: Callable[[str], str] | None = field(default=None, compare=False, repr=False)

    def message(self, lang: str = "nl") -> str:
        """What is wrong and what would be right, without the location."""
        if self.render is not None:
            return self.render(lang)
        # A value may itself depend on the language (e.g. "rij 12 (versie 3)"): a callable.
        values = {k: v(lang) if callable(v) else v for k, v in self.values.items()}
        return t(self.key, lang, **values)

    def text(self, lang: str = "nl") -> str:
        """The full line: location, value and message."""
        melding = self.message(lang)
        if self.sheet is None:
            return melding
        if self.row is None:
            return t("fout.blad", lang, blad=self.sheet, melding=melding)
        if self.column is None:
            return t("fout.rij", lang, blad=self.sheet, rij=self.row, melding=melding)
        if self.value in (None, ""):
            return t(
                "fout.cel_leeg",
                lang,
                blad=self.sheet,
                rij=self.row,
                kolom=self.column,
                melding=melding,
            )
        return t(
            "fout.cel",
            lang,
            blad=self.sheet,
            rij=self.row,
            kolom=self.column,
            waarde=self.value,
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
