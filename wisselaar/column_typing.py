"""Typing one column of an upload in bulk, and pointing at the cells that fail.

The common valid forms are taken whole with Arrow compute: year and amount columns of number
cells, date columns of date cells, text columns of plain text. Every other cell is handed to
`values.CellParser`, the one definition of what a cell means, once per distinct value; the
parser also words the errors. Only the cells that fail come back, by position, so the caller
can word as many as it lists and count the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from wisselaar.arrow_tools import codes, false, first_seen, mask, repeated
from wisselaar.issues import CellError
from wisselaar.schema import YEAR_RANGE, Column, Kind
from wisselaar.sheet_reading import as_calamine
from wisselaar.store import arrow_type
from wisselaar.values import INT32, MAX_AMOUNT, CellParser, is_empty

# What str.strip() removes: Unicode white space and the ASCII separators \x1c-\x1f.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_NOT_PLAIN = r"[^\x20-\x7e]"  # an ID with anything else is looked at cell by cell
_CENT_TOLERANCE = 1e-4  # as values.parse_amount


@dataclass
class Typed:
    values: pa.Array  # the column's Arrow type; null where empty or wrong
    failed: pa.Array  # positions (int64, ascending) of the cells that are wrong or missing
    describe: Callable[[int], tuple[CellError | None, object]]  # for a failed position: the
    # error (None: a required cell left empty) and the cell as read


def type_column(column: Column, cells: Any, special: dict[int, object]) -> Typed:
    """`cells`: an Arrow array, or a list of python-calamine cells; `special`: positions whose
    cell is a formula without a saved value or an Excel error."""
    parse = CellParser(column)
    target = arrow_type(column.sql_type)
    if isinstance(cells, list):
        values, wrong = _cell_by_cell(parse, cells, target)
        raw: Callable[[int], object] = cells.__getitem__
    else:
        values, wrong = _in_bulk(column, parse, cells, target)
        raw = lambda position: as_calamine(cells[position].as_py())  # noqa: E731
    if special:
        at = pa.array(sorted(special), pa.int64())
        values = pc.if_else(_mask(at, len(values)), pa.nulls(len(values), target), values)
        wrong = pc.or_(wrong, _mask(at, len(values)))
    if column.required:
        wrong = pc.or_(wrong, pc.is_null(values))
    failed = pc.indices_nonzero(wrong)

    def describe(position: int) -> tuple[CellError | None, object]:
        cell = special.get(position, raw(position))
        if is_empty(cell):
            return None, cell
        try:
            parse(cell)
        except CellError as error:
            return error, cell
        return None, cell  # not reached: a failed cell that parses is a required empty list

    return Typed(values, failed, describe)


def _mask(positions: pa.Array, length: int) -> pa.Array:
    return pa.array(mask(positions.to_numpy(), length))


def _cell_by_cell(parse: CellParser, cells: list[Any], target: pa.DataType) -> tuple[Any, Any]:
    values: list[Any] = []
    wrong: list[bool] = []
    for cell in cells:
        if is_empty(cell):
            values.append(None)
            wrong.append(False)
            continue
        try:
            values.append(parse(cell))
            wrong.append(False)
        except CellError:
            values.append(None)
            wrong.append(True)
    return pa.array(values, target), pa.array(wrong, pa.bool_())


def _in_bulk(column: Column, parse: CellParser, cells: pa.Array, target: pa.DataType):
    """(values, wrong) of an Arrow column: common forms in bulk, the others per distinct."""
    kind, kind_of = column.kind, cells.type
    if pa.types.is_null(kind_of):
        return pa.nulls(len(cells), target), false(len(cells))
    if kind is Kind.TEXT and not column.is_list and pa.types.is_string(kind_of):
        trimmed = pc.utf8_trim(cells, characters=WHITESPACE)
        empty = pc.equal(pc.binary_length(trimmed), 0)  # faster than comparing with ""
        plain = pc.if_else(empty, pa.nulls(len(cells), pa.string()), trimmed)
        if column.free_text:
            return plain, false(len(cells))
        return _rest(parse, cells, plain, pc.match_substring_regex(cells, _NOT_PLAIN), target)
    if column.is_list and pa.types.is_string(kind_of):
        return _lists(parse, cells, target)
    if pa.types.is_floating(kind_of) and kind in (
        Kind.YEAR,
        Kind.INTEGER,
        Kind.NUMBER,
        Kind.AMOUNT,
    ):
        ok, values = _numbers(column, cells)
        return _rest(parse, cells, values, pc.invert(ok), target)
    if kind is Kind.DATE and pa.types.is_timestamp(kind_of):
        return pc.cast(cells, pa.date32()), false(len(cells))
    return _rest(parse, cells, pa.nulls(len(cells), target), pc.is_valid(cells), target)


def _lists(parse: CellParser, cells: pa.Array, target: pa.DataType):
    """Lists split in bulk and their items parsed once per distinct item; a cell with a wrong
    item, an item twice or only separators is parsed as a whole (which words its error)."""
    split = pc.split_pattern(cells, ";")
    items = pc.utf8_trim(pc.list_flatten(split), characters=WHITESPACE)
    parents = pc.list_parent_indices(split)
    present = pc.greater(pc.binary_length(items), 0)
    items, parents = items.filter(present), parents.filter(present)
    encoded = pc.dictionary_encode(items)
    typed: list[Any] = []
    failed: list[int] = []
    for index, item in enumerate(encoded.dictionary.to_pylist()):
        try:
            typed.append(parse.item(item))
        except CellError:
            typed.append(None)
            failed.append(index)
    values = pa.array(typed, target.value_type).take(encoded.indices)
    redo = np.zeros(len(cells), dtype=bool)
    rows = parents.to_numpy()
    redo[
        rows[pc.is_in(encoded.indices, pa.array(failed, pa.int32())).to_numpy(zero_copy_only=False)]
    ] = True
    redo[_twice(rows, codes(values))] = True
    counts = np.bincount(rows, minlength=len(cells))
    redo |= (counts == 0) & pc.is_valid(cells).to_numpy(zero_copy_only=False)
    good = ~redo[rows]
    counts = np.bincount(rows[good], minlength=len(cells))
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int32())
    usable = pc.and_(pc.is_valid(cells), pa.array(~redo))
    lists = pa.ListArray.from_arrays(offsets, values.filter(pa.array(good)), mask=pc.invert(usable))
    return _rest(parse, cells, lists.cast(target), pa.array(redo), target)


def _twice(rows: np.ndarray, items: np.ndarray) -> np.ndarray:
    """The rows whose list holds an item twice."""
    pairs = rows * (int(items.max(initial=0)) + 2) + items + 1
    if not repeated(pairs):
        return rows[:0]
    return rows[first_seen(pairs) != np.arange(len(pairs))]


def _numbers(column: Column, cells: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Which number cells hold a valid value at once, and that value."""
    finite = pc.is_finite(cells)
    if column.kind is Kind.NUMBER:
        return pc.and_(finite, _in_range(column, cells)), cells
    if column.kind is Kind.AMOUNT:
        hundred = pc.multiply(cells, 100.0)
        cents = pc.round(hundred, 0, round_mode="half_to_even")
        ok = pc.and_(finite, pc.less(pc.abs(cells), float(MAX_AMOUNT)))
        ok = pc.and_(ok, pc.less_equal(pc.abs(pc.subtract(hundred, cents)), _CENT_TOLERANCE))
        whole = pc.cast(pc.if_else(ok, cents, 0.0), pa.int64())
        ok = pc.and_(ok, _in_range(column, whole, scale=100))
        amounts = pc.multiply(pc.cast(whole, pa.decimal128(19, 0)), Decimal("0.01"))
        return ok, pc.cast(amounts, pa.decimal128(18, 2))
    low, high = YEAR_RANGE if column.kind is Kind.YEAR else INT32
    whole = pc.equal(pc.floor(cells), cells)
    ok = pc.and_(
        pc.and_(finite, whole), pc.and_(pc.greater_equal(cells, low), pc.less_equal(cells, high))
    )
    ok = pc.and_(ok, _in_range(column, cells))
    return ok, pc.cast(pc.if_else(ok, cells, 0.0), pa.int32())


def _in_range(column: Column, values: pa.Array, scale: int = 1) -> pa.Array:
    """The column's minimum and maximum; amounts compare whole cents (`scale` 100)."""

    def bound(limit: Decimal | int) -> pa.Scalar:
        if pa.types.is_integer(values.type):
            return pa.scalar(int(Decimal(limit) * scale), values.type)
        return pa.scalar(float(limit) * scale, values.type)

    ok = pc.invert(false(len(values)))
    if column.minimum is not None:
        above = pc.greater if column.exclusive_minimum else pc.greater_equal
        ok = pc.and_(ok, above(values, bound(column.minimum)))
    if column.maximum is not None:
        ok = pc.and_(ok, pc.less_equal(values, bound(column.maximum)))
    return ok


def _rest(parse: CellParser, cells: pa.Array, values: pa.Array, left: pa.Array, target):
    """Parses the cells marked `left` (non-null) once per distinct value; (values, wrong)."""
    left = pc.fill_null(pc.and_(left, pc.is_valid(cells)), False)
    if not pc.any(left).as_py():
        return values, false(len(cells))
    encoded = pc.dictionary_encode(pc.if_else(left, cells, pa.nulls(len(cells), cells.type)))
    parsed: list[Any] = []
    failed: list[int] = []
    for index, cell in enumerate(encoded.dictionary.to_pylist()):
        cell = as_calamine(cell)
        try:
            parsed.append(None if is_empty(cell) else parse(cell))
        except CellError:
            parsed.append(None)
            failed.append(index)
    typed = pa.array(parsed, target).take(encoded.indices)
    wrong = pc.fill_null(pc.is_in(encoded.indices, pa.array(failed, encoded.indices.type)), False)
    return pc.if_else(left, typed, values), wrong
