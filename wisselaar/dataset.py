"""A dataset held column-wise: the rows of one sheet, from an upload or from the store.

The rows live in one Arrow table (`rij` and a column per field of the sheet, in the types of
the database), so checks run on whole columns and the store takes it in one insert.
`columns` gives a field as Python values, for the few rules that go row by row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from wisselaar.schema import Sheet

if TYPE_CHECKING:
    import pyarrow as pa


class Dataset:
    def __init__(
        self,
        sheet: Sheet,
        table: pa.Table,
        version: int | None = None,
        present: set[str] | None = None,
    ) -> None:
        self.sheet = sheet
        self.table = table  # "rij" (the Excel row; for stored rows: of their upload), fields
        self.version = version  # None: this upload; else the stored version it comes from
        self.present = present if present is not None else {c.field for c in sheet.columns}

    def __len__(self) -> int:
        return self.table.num_rows

    @classmethod
    def empty(cls, sheet: Sheet) -> Dataset:
        import pyarrow as pa

        from wisselaar.store import arrow_type

        fields = [pa.field("rij", pa.int32())]
        fields += [pa.field(c.field, arrow_type(c.sql_type)) for c in sheet.columns]
        return cls(sheet, pa.schema(fields).empty_table(), present=set())

    @cached_property
    def rows(self) -> list[int]:
        """The Excel row of each row."""
        return self.table.column("rij").to_pylist()

    @cached_property
    def columns(self) -> Mapping[str, list[Any]]:
        """field -> one Python value per row (None where empty), made on first use."""
        return _Columns(self.table)

    def replace(self, field: str, values: pa.Array) -> None:
        """Sets the values of `field` (e.g. municipality names resolved to NIS codes)."""
        index = self.table.schema.get_field_index(field)
        self.table = self.table.set_column(index, field, values)
        self.__dict__.pop("columns", None)

    def where(self, row_index: int, lang: str = "nl") -> str:
        """Where a row lives, for messages: 'rij 12' or 'rij 12 (versie 3)'."""
        from wisselaar.i18n import t

        if self.version is None:
            return t("fout.plaats_upload", lang, rij=self.rows[row_index])
        return t("fout.plaats_versie", lang, rij=self.rows[row_index], versie=self.version)


class _Columns(Mapping[str, list[Any]]):
    def __init__(self, table: pa.Table) -> None:
        self._table = table
        self._made: dict[str, list[Any]] = {}

    def __getitem__(self, field: str) -> list[Any]:
        if field not in self._made:
            self._made[field] = self._table.column(field).to_pylist()
        return self._made[field]

    def __iter__(self) -> Iterator[str]:
        return iter(n for n in self._table.column_names if n != "rij")

    def __len__(self) -> int:
        return self._table.num_columns - 1
