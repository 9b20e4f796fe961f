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

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wisselaar.normalize import header_key
from wisselaar.schema import Kind, Sheet
from wisselaar.sheet_pieces import OutOfOrder, Piece, pieces
from wisselaar.worksheet_scan import Scan
from wisselaar.xlsx_reader import CheckedWorkbook, WorkbookRefused

if TYPE_CHECKING:
    import fastexcel
    import pyarrow as pa

for _name in ("fastexcel", "calamine"):  # they log to stderr about columns they cannot type
    logging.getLogger(_name).setLevel(logging.ERROR)

_EXACT_TYPES = {"float", "string", "datetime", "null"}
# fastexcel takes time quadratic in the number of columns (100,000 columns: minutes); no
# workbook of ours has a hundred, so a wider sheet is read by python-calamine.
MAX_FAST_COLUMNS = 1000
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
    """A sheet, or a piece of it (see sheet_pieces), as read: data position p is Excel row
    `first` + p; the first piece starts at row 2 (row 1 holds the headers)."""

    name: str
    header: dict[int, object]  # column index (0 = A) -> non-empty header cell
    height: int
    columns: dict[int, Any] = field(default_factory=dict)  # column index -> Cells
    special: dict[int, dict[int, object]] = field(default_factory=dict)  # col -> {pos: cell}
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows
    filtered: bool = False
    hidden: bool = False
    first: int = 2


@dataclass
class _Source:
    """Where a sheet, or a piece of it, is read from."""

    data: bytes  # the workbook's bytes, or a piece's workbook
    reader: fastexcel.ExcelReader | None  # opened on `data`; None: cell by cell only
    first: int = 2  # the Excel row of data position 0
    added: int | None = None  # a column added by sheet_pieces, left out; None: row 1 holds
    # the headers (the first piece)


def open_reader(checked: CheckedWorkbook) -> fastexcel.ExcelReader:
    """fastexcel on the checked workbook, for the sheets that are read whole."""
    return _open(checked.data)


def read_pieces(
    checked: CheckedWorkbook,
    name: str,
    sheet: Sheet,
    reader: fastexcel.ExcelReader | None = None,
) -> Iterator[SheetColumns]:
    """Sheet `name` (known as `sheet`) piece by piece: one piece, unless it is large. With
    `reader` (see open_reader) through fastexcel where it can; without, every cell is read
    by python-calamine (the plain reference of the tests)."""
    scan = checked.scans.get(name)
    if scan is None:  # a chart or dialog sheet: no cells
        yield SheetColumns(name, {}, 0, hidden=name in checked.hidden)
        return
    try:
        cut = pieces(checked.data, checked.parts[name], scan.box[3])
        yield from read_cut(checked, name, sheet, reader, cut or [Piece(None, 2, None)], scan)
    except OutOfOrder as error:
        raise WorkbookRefused("lezer.beschadigd", detail=str(error)) from None


def read_cut(
    checked: CheckedWorkbook,
    name: str,
    sheet: Sheet,
    reader: fastexcel.ExcelReader | None,
    cut: Iterable[Piece],
    scan: Scan | None = None,
) -> Iterator[SheetColumns]:
    """The pieces of sheet `name` as they come, each read with what the check found in it:
    its own `facts` (a piece cut as the check went on), else the whole sheet's `scan`."""
    kinds = None
    for piece in cut:
        facts = piece.facts or scan
        assert facts is not None
        wide = facts.box[3] - facts.box[2] >= MAX_FAST_COLUMNS
        fast = reader is not None and not facts.booleans and not facts.errors and not wide
        if piece.data is None:
            source = _Source(checked.data, reader if fast else None)
        else:
            opened = _open(piece.data) if fast else None
            source = _Source(piece.data, opened, piece.first, piece.added)
        read = _read(source, name, sheet, kinds)
        kinds = kinds if kinds is not None else _kinds(read.header, sheet)
        read.first, read.hidden = piece.first, name in checked.hidden
        _lay_over(read, facts, piece.until)
        del source, piece
        yield read


def _open(data: bytes) -> fastexcel.ExcelReader:
    import fastexcel

    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # calamine could not open what passed the check
        raise WorkbookRefused("lezer.beschadigd", detail=repr(exc)) from None


def _read(source: _Source, name: str, sheet: Sheet, kinds: dict[int, Kind] | None) -> SheetColumns:
    """One piece: through fastexcel when it can, the rest cell by cell. `kinds`: the kind of
    each known column (None: from this piece's own headers)."""
    loaded = _fastexcel(source, name, sheet, kinds) if source.reader is not None else None
    if loaded is None:
        return _calamine(source, name, None)
    read, redo = loaded
    if redo:
        again = _calamine(source, name, redo)
        read.columns.update(again.columns)
        read.height = max(read.height, again.height)
    return read


def _kinds(header: dict[int, object], sheet: Sheet) -> dict[int, Kind]:
    found = {}
    for index, text in header.items():
        column = sheet.column_by_key.get(header_key(str(text)))
        if column is not None:
            found[index] = column.kind
    return found


def _fastexcel(
    source: _Source, name: str, sheet: Sheet, kinds: dict[int, Kind] | None
) -> tuple[SheetColumns, set[int]] | None:
    """The sheet through fastexcel and the columns to read again cell by cell; None when
    fastexcel cannot type it, or its headers need a second look."""
    import pyarrow.compute as pc

    assert source.reader is not None
    headed = source.added is None
    rows = {"header_row": 0, "skip_rows": 0} if headed else {"header_row": None}
    try:
        # A text of only spaces is an empty cell (as values.is_empty): null already here.
        loaded = source.reader.load_sheet(
            name, schema_sample_rows=None, whitespace_as_null=True, **rows
        )
        batch, cell_errors = loaded.to_arrow_with_errors()
        infos = loaded.available_columns()
    except Exception:  # mixed types fastexcel refuses, error cells it trips over, ...
        return None
    header: dict[int, object] = {}
    for info in infos if headed else ():
        if info.column_name_from == "generated":
            continue  # an empty (or date or TRUE/FALSE) header: a column without a name
        match = _SUFFIXED.fullmatch(info.name)
        if (match and match[1] in header.values()) or re.fullmatch(_AMBIGUOUS, info.name):
            return None  # a repeated header or a number as header: read them exactly
        header[info.absolute_index] = info.name
    kinds = _kinds(header, sheet) if kinds is None else kinds
    broken = {
        infos[e.offset_position[1]].absolute_index
        for e in (cell_errors.errors if cell_errors else [])
    }
    read = SheetColumns(name, header, batch.num_rows)
    redo: set[int] = set()
    for position, info in enumerate(infos):
        index, column = info.absolute_index, batch.column(position)
        if index == source.added:
            continue
        read.columns[index] = column
        kind = kinds.get(index)
        if kind is None:
            continue  # only whether its cells are empty counts
        if (
            info.dtype not in _EXACT_TYPES
            or index in broken
            or (info.dtype == "float" and pc.any(pc.is_nan(column)).as_py())
            or (info.dtype == "string" and _ambiguous(column, kind))
        ):
            redo.add(index)
    return read, redo


def _ambiguous(column: pa.Array, kind: Kind) -> bool:
    import pyarrow.compute as pc

    pattern = _AMBIGUOUS_DATE if kind is Kind.DATE else _AMBIGUOUS
    return bool(pc.any(pc.match_substring_regex(column, pattern)).as_py())


def _calamine(source: _Source, name: str, only: set[int] | None) -> SheetColumns:
    """The sheet (or only the columns `only`) with each cell as python-calamine types it."""
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(source.data)) as book:
            sheet = book.get_sheet_by_name(name)
            data = sheet.to_python()  # from sheet.start, not from A1; empty cells are ""
            row0, col0 = sheet.start or (0, 0)
    except Exception as exc:  # calamine, or a value Python cannot hold
        raise WorkbookRefused("lezer.beschadigd", detail=repr(exc)) from None
    width = len(data[0]) if data else 0
    lead = max(0, source.first - 1 - row0)  # rows above the first data row: the header
    pad = [None] * max(0, row0 + 1 - source.first)
    header: dict[int, object] = {}
    if source.added is None and row0 == 0 and data:  # a date or TRUE/FALSE is no header
        header = {col0 + i: v for i, v in enumerate(data[0]) if _header(v)}
    read = SheetColumns(name, header, len(pad) + max(0, len(data) - lead))
    for i in range(width):
        if (only is None or col0 + i in only) and col0 + i != source.added:
            cells = [None if row[i] == "" else row[i] for row in data[lead:]]
            read.columns[col0 + i] = pad + cells
    return read


def as_calamine(cell: object) -> object:
    """A cell from Arrow as python-calamine would give it: a date cell is a date."""
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date()
    return cell


def _header(cell: object) -> bool:
    if isinstance(cell, str):
        return cell != ""
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _lay_over(read: SheetColumns, scan: Scan, until: int | None) -> None:
    """Formulas without a value and Excel errors onto the cells of the piece (Excel rows
    `read.first` up to `until`); its hidden rows, the filter."""
    import pyarrow as pa

    cells: dict[tuple[int, int], object] = dict.fromkeys(scan.missing, FORMULA_WITHOUT_VALUE)
    cells.update({at: ExcelError(code) for at, code in scan.errors.items()})
    end = until if until is not None else 1 << 30
    for (row, col), cell in cells.items():
        if row == 0 or not read.first <= row + 1 < end:
            continue  # a header cell (the column has no usable name), or another piece's
        read.special.setdefault(col, {})[row + 1 - read.first] = cell
        read.height = max(read.height, row + 2 - read.first)
    for col in read.special.keys() - read.columns.keys():
        read.columns[col] = pa.nulls(read.height)
    for col, column in read.columns.items():
        short = read.height - len(column)
        if short > 0 and isinstance(column, list):
            column.extend([None] * short)
        elif short > 0:
            read.columns[col] = pa.concat_arrays([column, pa.nulls(short, column.type)])
    top = read.first + read.height
    read.hidden_rows = sorted(r + 1 for r in scan.hidden_rows if read.first <= r + 1 < top)
    read.filtered = scan.filtered
