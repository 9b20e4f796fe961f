"""Tables out to `.xlsx` and `.csv`, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
carriage return) gets a leading single quote (OWASP's advice against CSV/formula injection), so
an exported cell shows the text and never computes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EUR_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"


def neutralise(value: Any) -> Any:
    """A text that would start a formula gets a leading single quote (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_value(value: Any) -> Any:
    if hasattr(value, "tolist"):  # numpy arrays (list cells from Arrow) and numpy scalars
        value = value.tolist()
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(v) for v in value))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return neutralise(value)


def write_table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str,
    notes: Sequence[str] = (),
    money_columns: Sequence[str] = (),
) -> None:
    """A titled table: title row, note rows (filters, stand van), header, data; frozen header."""
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in notes:
        sheet.append([neutralise(note)])
    # An empty row between notes and table (append([]) moves no max_row, so count it here).
    header_row = sheet.max_row + 2
    sheet.append([])
    sheet.append([neutralise(c) for c in columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    converted = [[_cell_value(v) for v in row] for row in rows]
    for row in converted:
        sheet.append(row)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    money = {i for i, c in enumerate(columns) if c in money_columns}
    for index, name in enumerate(columns):
        letter = get_column_letter(index + 1)
        width = max(
            [len(str(name))] + [len(str(r[index])) for r in converted[:500] if r[index] is not None]
        )
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        for (cell,) in sheet.iter_rows(
            min_row=header_row + 1, min_col=index + 1, max_col=index + 1
        ):
            if index in money or isinstance(cell.value, Decimal):
                cell.number_format = EUR_FORMAT if index in money else "0.0"
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def table_to_xlsx(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str,
    notes: Sequence[str] = (),
    sheet_name: str = "Gegevens",
    money_columns: Sequence[str] = (),
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    write_table(sheet, columns, rows, title=title, notes=notes, money_columns=money_columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    return _cell_value(value) if value is not None else ""
