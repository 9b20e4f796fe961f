"""Reading checked sheets as columns (after `xlsx_reader.check_workbook`).

fastexcel reads a sheet into Arrow in one pass, typing each column: numbers, text, dates. That
is exact for a column of one type. A column that mixes them comes back as text, with numbers
and dates written out, and then the number 12.5 and the text "12.5" look alike where the
contract treats them apart (an amount accepts the one and refuses the other). So a column
whose text could be such a written-out number or date, and the rare sheet fastexcel cannot
type (TRUE/FALSE or Excel error cells, NaN, unusual cell types), is read again with
python-calamine, which gives each cell its own Python type; `column_typing` then types those
cells one by one. Formulas without a saved value and Excel errors (read as empty by both) are
laid over the cells from the check.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wisselaar.normalize import header_key
from wisselaar.schema import Kind, Sheet
from wisselaar.worksheet_scan import Scan
from wisselaar.xlsx_reader import CheckedWorkbook, WorkbookRefused

if TYPE_CHECKING:
    import fastexcel
    import pyarrow as pa

for _name in ("fastexcel", "calamine"):  # they log to stderr about columns they cannot type
    logging.getLogger(_name).setLevel(logging.ERROR)

_EXACT_TYPES = {"float", "string", "datetime", "null"}
# How fastexcel writes a number cell (9 decimals at most, zeros trimmed) and a date cell into
# a text column; a text that looks like one is ambiguous. Whole numbers read the same either
# way, except in a date column, where a bare number is an error of its own.
_NUMBER = r"-?\d+\.\d+|-0"
_WHOLE = r"-?\d+"
_DATETIME = r"-?\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?"
_AMBIGUOUS = f"^(?:{_NUMBER}|{_DATETIME})$"
_AMBIGUOUS_DATE = f"^(?:{_NUMBER}|{_WHOLE}|{_DATETIME})$"
_SUFFIXED = re.compile(r"(.*)_\d+")  # fastexcel's name for a repeated header: Vorm_1


class _FormulaWithoutValue:
    __slots__ = ()

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE: object = _FormulaWithoutValue()


class ExcelError(str):
    """An Excel error cell (#REF!, #N/A, #DIV/0!, ...), also a formula's saved error."""

    __slots__ = ()


Cells = "pa.Array | list[Any]"  # a column: Arrow when its type is exact, else Python cells


@dataclass
class SheetColumns:
    """One sheet as read: data position p is Excel row p + 2 (row 1 holds the headers)."""

    name: str
    header: dict[int, object]  # column index (0 = A) -> non-empty header cell
    height: int
    columns: dict[int, Any] = field(default_factory=dict)  # column index -> Cells
    special: dict[int, dict[int, object]] = field(default_factory=dict)  # col -> {pos: cell}
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows
    filtered: bool = False
    hidden: bool = False


def open_reader(checked: CheckedWorkbook) -> fastexcel.ExcelReader:
    import fastexcel

    try:
        return fastexcel.read_excel(checked.data)
    except Exception as exc:  # calamine could not open what passed the check
        raise WorkbookRefused("lezer.beschadigd", detail=repr(exc)) from None


def read_sheet(
    checked: CheckedWorkbook, reader: fastexcel.ExcelReader | None, name: str, sheet: Sheet
) -> SheetColumns:
    """Sheet `name` (known as `sheet`) as columns; `reader` None: python-calamine only."""
    scan = checked.scans.get(name)
    if scan is None:  # a chart or dialog sheet: no cells
        return SheetColumns(name, {}, 0, hidden=name in checked.hidden)
    loaded = None
    if reader is not None and not scan.booleans and not scan.errors:
        loaded = _fastexcel(reader, name, sheet)
    if loaded is None:
        read = _calamine(checked, name, None)
    else:
        read, redo = loaded
        if redo:
            again = _calamine(checked, name, redo)
            read.columns.update(again.columns)
            read.height = max(read.height, again.height)
    _lay_over(read, scan)
    read.hidden = name in checked.hidden
    return read


def _fastexcel(
    reader: fastexcel.ExcelReader, name: str, sheet: Sheet
) -> tuple[SheetColumns, set[int]] | None:
    """The sheet through fastexcel and the columns to read again cell by cell; None when
    fastexcel cannot type it, or its headers need a second look."""
    import pyarrow.compute as pc

    try:
        loaded = reader.load_sheet(name, header_row=0, skip_rows=0, schema_sample_rows=None)
        batch, cell_errors = loaded.to_arrow_with_errors()
        infos = loaded.available_columns()
    except Exception:  # mixed types fastexcel refuses, error cells it trips over, ...
        return None
    header: dict[int, object] = {}
    for info in infos:
        if info.column_name_from == "generated":
            continue  # an empty (or date or TRUE/FALSE) header: a column without a name
        match = _SUFFIXED.fullmatch(info.name)
        if (match and match[1] in header.values()) or re.fullmatch(_AMBIGUOUS, info.name):
            return None  # a repeated header or a number as header: read them exactly
        header[info.absolute_index] = info.name
    broken = {
        infos[e.offset_position[1]].absolute_index
        for e in (cell_errors.errors if cell_errors else [])
    }
    read = SheetColumns(name, header, batch.num_rows)
    redo: set[int] = set()
    for position, info in enumerate(infos):
        column = batch.column(position)
        read.columns[info.absolute_index] = column
        known = (
            sheet.column_by_key.get(header_key(info.name))
            if info.absolute_index in header
            else None
        )
        if known is None:
            continue  # only whether its cells are empty counts
        if (
            info.dtype not in _EXACT_TYPES
            or info.absolute_index in broken
            or (info.dtype == "float" and pc.any(pc.is_nan(column)).as_py())
            or (info.dtype == "string" and _ambiguous(column, known.kind))
        ):
            redo.add(info.absolute_index)
    return read, redo


def _ambiguous(column: pa.Array, kind: Kind) -> bool:
    import pyarrow.compute as pc

    pattern = _AMBIGUOUS_DATE if kind is Kind.DATE else _AMBIGUOUS
    return bool(pc.any(pc.match_substring_regex(column, pattern)).as_py())


def _calamine(checked: CheckedWorkbook, name: str, only: set[int] | None) -> SheetColumns:
    """The sheet (or only the columns `only`) with each cell as python-calamine types it."""
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(checked.data)) as book:
            sheet = book.get_sheet_by_name(name)
            data = sheet.to_python()  # from sheet.start, not from A1; empty cells are ""
            row0, col0 = sheet.start or (0, 0)
    except Exception as exc:  # calamine, or a value Python cannot hold
        raise WorkbookRefused("lezer.beschadigd", detail=repr(exc)) from None
    width = len(data[0]) if data else 0
    lead = max(0, 1 - row0)  # data rows start at Excel row 2
    pad = [None] * max(0, row0 - 1)
    header: dict[int, object] = {}
    if row0 == 0 and data:
        header = {col0 + i: v for i, v in enumerate(data[0]) if v != ""}
    read = SheetColumns(name, header, len(pad) + len(data) - lead)
    for i in range(width):
        if only is None or col0 + i in only:
            cells = [None if row[i] == "" else row[i] for row in data[lead:]]
            read.columns[col0 + i] = pad + cells
    return read


def _lay_over(read: SheetColumns, scan: Scan) -> None:
    """Formulas without a value and Excel errors onto the cells; hidden rows, filter."""
    import pyarrow as pa

    cells: dict[tuple[int, int], object] = dict.fromkeys(scan.missing, FORMULA_WITHOUT_VALUE)
    cells.update({at: ExcelError(code) for at, code in scan.errors.items()})
    for (row, col), cell in cells.items():
        if row == 0:
            continue  # a header cell: the column has no (usable) name
        read.special.setdefault(col, {})[row - 1] = cell
        read.height = max(read.height, row)
    for col in read.special.keys() - read.columns.keys():
        read.columns[col] = pa.nulls(read.height)
    for col, column in read.columns.items():
        short = read.height - len(column)
        if short > 0 and isinstance(column, list):
            column.extend([None] * short)
        elif short > 0:
            read.columns[col] = pa.concat_arrays([column, pa.nulls(short, column.type)])
    read.hidden_rows = sorted(row + 1 for row in scan.hidden_rows if 0 < row <= read.height)
    read.filtered = scan.filtered
