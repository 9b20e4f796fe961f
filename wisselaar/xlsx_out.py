"""Workbooks written with XlsxWriter, top to bottom: the exports (export.py) and the annex of a
draft (draft_xlsx.py).

XlsxWriter writes a cell several times faster than openpyxl (the annex of 50,000
trajectories holds about 500,000 cells). Every value is written by its type, never guessed:
text is always text (a text starting with `=` is no formula, an address no hyperlink), money
stays a number with a format. The bytes depend only on what is written: the zip entries carry
XlsxWriter's fixed 1980 time and the document properties the moment given (`Book.close`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any

from xlsxwriter.core import Core
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.workbook import Workbook

OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "remove_timezone": True,
}
DEFAULT_WIDTH = 8.43  # Excel's, in characters


class Book:
    """One workbook in memory, with its cell formats made once per combination."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.workbook = _Workbook(self.buffer, OPTIONS)
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.sheets: list[Sheet] = []

    def format(self, **properties: Any) -> Format | None:
        """The format of these XlsxWriter properties (`bold`, `num_format`, ...); None for
        none."""
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def sheet(self, name: str) -> Sheet:
        sheet = Sheet(self, name)
        self.sheets.append(sheet)
        return sheet

    def close(self, moment: dt.datetime | None = None, **properties: str) -> bytes:
        """The file's bytes; `properties` (title, creator, identifier, language) and `moment`
        (naive UTC; default now) in its document properties."""
        for sheet in self.sheets:
            sheet.finish()
        created = (moment or dt.datetime.now(dt.UTC).replace(tzinfo=None)).replace(tzinfo=dt.UTC)
        if "creator" in properties:  # XlsxWriter's name for dc:creator
            properties["author"] = properties.pop("creator")
        self.workbook.set_properties({**properties, "created": created})
        self.workbook.close()
        return self.buffer.getvalue()


class Sheet:
    """A worksheet written row after row (`row`: the next one, counted from 0)."""

    def __init__(self, book: Book, name: str) -> None:
        self.book, self.ws = book, book.workbook.add_worksheet(name)
        self.row = 0
        self.widths: dict[int, float] = {}

    def append(self, values: list[Any], formats: list[Format | None] | None = None) -> int:
        """One row (its cells in the formats given, per column); returns its index."""
        row, ws, writers = self.row, self.ws, self._writers
        for col, value in enumerate(values):
            fmt = formats[col] if formats else None
            write = writers.get(type(value))
            if write is not None:
                write(row, col, value, fmt)
            elif _empty(value):
                if fmt is not None:
                    ws.write_blank(row, col, None, fmt)
            elif isinstance(value, str):
                ws.write_string(row, col, value, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, fmt)
            elif isinstance(value, int | float | Decimal):
                ws.write_number(row, col, value, fmt)
            elif isinstance(value, dt.date | dt.time):
                ws.write_datetime(row, col, value, fmt)
            else:
                ws.write_string(row, col, str(value), fmt)
        self.row += 1
        return row

    @cached_property
    def _writers(self) -> dict[type, Callable[[int, int, Any, Format | None], Any]]:
        """The writer of each common type that needs no check (text: not empty)."""
        ws = self.ws

        def text(row: int, col: int, value: str, fmt: Format | None) -> None:
            if value:
                ws.write_string(row, col, value, fmt)
            elif fmt is not None:
                ws.write_blank(row, col, None, fmt)

        return {
            str: text,
            int: ws.write_number,
            Decimal: ws.write_number,
            dt.datetime: ws.write_datetime,
            dt.date: ws.write_datetime,
        }

    def width(self, col: int) -> float | None:
        return self.widths.get(col)

    def set_width(self, col: int, width: float) -> None:
        self.widths[col] = width

    def finish(self) -> None:
        for col, width in sorted(self.widths.items()):
            self.ws.set_column(col, col, width)


def _empty(value: Any) -> bool:
    """None, empty text, NaN, and pandas' NaT and NA (without loading pandas)."""
    if value is None or isinstance(value, str):
        return not value
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in {"NaTType", "NAType"}


class _Core(Core):
    """The document properties with the identifier and language (XlsxWriter writes neither)."""

    def _write_cp_category(self) -> None:
        super()._write_cp_category()
        for name in ("identifier", "language"):
            if self.properties.get(name):
                self._xml_data_element(f"dc:{name}", self.properties[name])


class _Packager(Packager):
    def _write_core_file(self) -> None:
        core = _Core()
        core._set_properties(self.workbook.doc_properties)
        core._set_xml_writer(self._filename("docProps/core.xml"))
        core._assemble_xml_file()


class _Workbook(Workbook):
    def _get_packager(self) -> Packager:
        return _Packager()
