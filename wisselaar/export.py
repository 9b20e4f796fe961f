"""Tables out to `.xlsx` and `.csv`, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
carriage return) gets a leading single quote (OWASP's advice against CSV/formula injection), so
an exported cell shows the text and never computes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from wisselaar.xlsx_out import Book, Format, Sheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EUR_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
TITLE = {"bold": True, "font_size": 13}
HEADER = {"bold": True, "text_wrap": True, "valign": "top"}
SAMPLED_ROWS = 500  # the column widths follow the header and the first rows

# Per data row (its index, its converted values): the format of each cell.
RowFormats = Callable[[int, list[Any]], list[Format | None]]


def neutralise(value: Any) -> Any:
    """A text that would start a formula gets a leading single quote (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_PLAIN = frozenset({int, float, Decimal, bool, type(None), dt.date})  # kept as they are


def cell_value(value: Any) -> Any:
    """A value as a cell holds it: lists joined with `; `, no time zone, text neutralised."""
    kind = type(value)
    if kind is str:  # the most common first (an annex holds half a million cells)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind in _PLAIN:
        return value
    if hasattr(value, "tolist"):  # numpy arrays (list cells from Arrow) and numpy scalars
        value = value.tolist()
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(v) for v in value))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return neutralise(value)


def write_table(
    sheet: Sheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str,
    notes: Sequence[str] = (),
    money_columns: Sequence[str] = (),
    header: dict[str, Any] | None = None,
    formats: RowFormats | None = None,
) -> int:
    """A titled table from the sheet's next row: title row, note rows (filters, stand van),
    an empty row, the header (`header`: its format), the data (`formats`: per row; default
    euros in the money columns, dates as dd/mm/jjjj); frozen header, printed on every page,
    landscape one page wide. Returns the header's row (from 0)."""
    book = sheet.book
    sheet.append([neutralise(title)], [book.format(**TITLE)])
    for note in notes:
        sheet.append([neutralise(note)])
    sheet.row += 1  # an empty row between notes and table
    bold = book.format(**(HEADER if header is None else header))
    header_row = sheet.append([neutralise(c) for c in columns], [bold] * len(columns))
    converted = [[cell_value(v) for v in row] for row in rows]
    money = {i for i, c in enumerate(columns) if c in money_columns}
    cell_formats = formats or _export_formats(book, money)
    for index, row in enumerate(converted):
        sheet.append(row, cell_formats(index, row))
    for index, name in enumerate(columns):
        sample = [len(str(r[index])) for r in converted[:SAMPLED_ROWS] if r[index] is not None]
        sheet.set_width(index, min(max(max([len(str(name)), *sample]) + 2, 8), 60))
    ws = sheet.ws
    ws.freeze_panes(header_row + 1, 0)
    ws.repeat_rows(header_row)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return header_row


def _export_formats(book: Book, money: set[int]) -> RowFormats:
    """Euros in the money columns, one decimal for other decimals, dates as dd/mm/jjjj."""
    eur, decimal = book.format(num_format=EUR_FORMAT), book.format(num_format="0.0")
    date = book.format(num_format=DATE_FORMAT)

    def formats(_: int, row: list[Any]) -> list[Format | None]:
        return [
            eur
            if i in money
            else decimal
            if isinstance(v, Decimal)
            else date
            if isinstance(v, dt.date)
            else None
            for i, v in enumerate(row)
        ]

    return formats


def table_to_xlsx(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str,
    notes: Sequence[str] = (),
    sheet_name: str = "Gegevens",
    money_columns: Sequence[str] = (),
) -> bytes:
    book = Book()
    sheet = book.sheet(sheet_name[:31])
    write_table(sheet, columns, rows, title=title, notes=notes, money_columns=money_columns)
    return book.close()


# Per language: the field separator and the decimal mark that a spreadsheet set to that
# language opens directly (Belgian Excel: `;` and `12,5`; English Excel: `,` and `12.5`).
CSV_DIALECTS = {"nl": (";", ","), "en": (",", ".")}


def table_to_csv(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    notes: Sequence[str] = (),
    lang: str = "nl",
) -> bytes:
    """UTF-8 with BOM, separators and decimal mark of the language (CSV_DIALECTS), dates as
    dd/mm/yyyy, so Excel in that language opens it directly. `notes` (title, moment and
    versions, filters) come first, one per line, then an empty line."""
    delimiter, decimal = CSV_DIALECTS.get(lang, CSV_DIALECTS["nl"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for note in notes:
        writer.writerow([neutralise(note)])
    if notes:
        writer.writerow([])
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v, decimal) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any, decimal: str = ",") -> Any:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, Decimal | float):
        return str(value).replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return cell_value(value) if value is not None else ""
