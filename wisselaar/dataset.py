"""A dataset held column-wise: the rows of one sheet, from an upload or from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wisselaar.schema import Sheet


@dataclass
class Dataset:
    sheet: Sheet
    rows: list[int]  # the Excel row of each row (for stored rows: the row of their upload)
    columns: dict[str, list[Any]]  # field -> one value per row (None where empty)
    version: int | None = None  # None: this upload; else the stored version it comes from
    present: set[str] = field(default_factory=set)  # fields whose column the sheet had

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls, sheet: Sheet) -> Dataset:
        return cls(sheet, [], {c.field: [] for c in sheet.columns})

    def where(self, row_index: int, lang: str = "nl") -> str:
        """Where a row lives, for messages: 'rij 12' or 'rij 12 (versie 3)'."""
        from wisselaar.i18n import t

        if self.version is None:
            return t("fout.plaats_upload", lang, rij=self.rows[row_index])
        return t("fout.plaats_versie", lang, rij=self.rows[row_index], versie=self.version)
