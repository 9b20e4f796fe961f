"""First pass over an upload: sheets and headers recognised, every column typed, per-sheet rules.

Works on whole columns (`column_typing`), collects every problem and never stops at the first:
errors are listed up to a limit and counted beyond it (`issues.IssueList`). Rules that need
other sheets or the stored data live in `consistency`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from wisselaar.arrow_tools import codes, first_seen, joined_key, repeated
from wisselaar.column_typing import Typed, type_column
from wisselaar.dataset import Dataset
from wisselaar.issues import Issue, IssueList, collapse_in_place, collapsed, count_text
from wisselaar.normalize import header_key, match_key
from wisselaar.schema import SHEET_BY_KEY, Sheet
from wisselaar.sheet_reading import SheetColumns, read_pieces
from wisselaar.store import arrow_type
from wisselaar.values import display, is_empty
from wisselaar.xlsx_reader import CheckedSheet

MAX_ROWS_NAMED = 10  # hidden rows named in a warning


@dataclass
class ParsedUpload:
    datasets: dict[str, Dataset] = field(default_factory=dict)  # table -> dataset
    errors: IssueList = field(default_factory=IssueList)
    warnings: list[Issue] = field(default_factory=list)
    # Tables whose sheet is in the upload but could not be read (a required column missing,
    # no data rows): their content is unknown, so no rule over other sheets can use them.
    unreadable: set[str] = field(default_factory=set)


def known_sheets(names: list[str]) -> dict[str, Sheet]:
    """The workbook's sheets that will be parsed: the first sheet of each known dataset."""
    known: dict[str, Sheet] = {}
    tables: set[str] = set()
    for name in names:
        sheet = SHEET_BY_KEY.get(header_key(name))
        if sheet is not None and sheet.table not in tables:
            known[name] = sheet
            tables.add(sheet.table)
    return known


def parse_workbook(sheets: list[CheckedSheet], limit: int | None = None) -> ParsedUpload:
    """The first pass over a checked workbook (`xlsx_reader.read_workbook`), in one thread."""
    names = [s.name for s in sheets]
    known = known_sheets(names)
    parts = {
        s.name: parse_sheet(known[s.name], read_pieces(s.workbook, s.name, known[s.name]), limit)
        for s in sheets
        if s.name in known
    }
    return parse_sheets(names, parts, limit)


def parse_sheets(
    names: list[str], parts: Mapping[str, ParsedUpload], limit: int | None
) -> ParsedUpload:
    """The outcomes of the known sheets (`parts`, see parse_sheet), with the findings about
    the workbook's sheets `names` (in workbook order), in that order."""
    result = ParsedUpload(errors=IssueList(limit))
    seen: dict[str, str] = {}
    for name in names:
        sheet = SHEET_BY_KEY.get(header_key(name))
        if sheet is None:
            result.warnings.append(Issue("validatie.blad_genegeerd", {"naam": name}, sheet=name))
            continue
        if sheet.table in seen:
            twice = Issue("validatie.blad_dubbel", {"ander": seen[sheet.table]}, sheet=name)
            result.errors.append(twice)
            continue
        seen[sheet.table] = name
        part = parts[name]
        result.datasets.update(part.datasets)
        result.errors.absorb(part.errors)
        result.warnings.extend(part.warnings)
        result.unreadable.update(part.unreadable)
    collapse_in_place(
        result.warnings, "validatie.blad_genegeerd", "validatie.bladen_genegeerd", "naam"
    )
    if not seen:
        result.errors.append(Issue("validatie.geen_bladen"))
    return result


def parse_sheet(
    sheet: Sheet, pieces: Iterable[SheetColumns], limit: int | None = None
) -> ParsedUpload:
    """One sheet's outcome from its pieces (see sheet_reading.read_pieces): its dataset (or
    why it is unreadable), errors and warnings. Each piece is typed as it comes and then let
    go, so that only the typed columns add up."""
    part = ParsedUpload(errors=IssueList(limit))
    pieces = iter(pieces)
    first = next(pieces)
    if first.hidden:
        part.warnings.append(Issue("waarschuwing.verborgen_blad", sheet=first.name))
    positions = _map_headers(sheet, first, part)
    if positions is None:
        for _ in pieces:  # read to the end: the reader must not wait for us
            pass
        part.unreadable.add(sheet.table)
        return part
    found = {c.field: _Found() for c in sheet.columns if c.field in positions}
    rows: list[pa.Array] = []
    hidden: list[int] = []
    for piece in itertools.chain([first], pieces):
        keep = _filled_rows(piece)  # the reader keeps empty rows; only spaces is empty too
        numbers = pc.add(keep, piece.first)
        rows.append(numbers)
        excel_rows = numbers.to_pylist()
        for column in sheet.columns:
            if column.field in found:
                cells, special = _kept(piece, positions[column.field], keep)
                typed = type_column(column, cells, special)
                found[column.field].add(typed, excel_rows, limit, (sheet.name, column.header))
        filled = set(excel_rows)
        hidden += [row for row in piece.hidden_rows if row in filled]
        filtered = piece.filtered
    dataset = _dataset(sheet, positions, found, rows, part)
    if dataset is None:
        part.unreadable.add(sheet.table)
        return part
    part.datasets[sheet.table] = dataset
    _check_unique(dataset, part.errors)
    _check_dates(dataset, part.errors)
    _warn_hidden(first.name, hidden, filtered, part.warnings)
    return part


@dataclass
class _Found:
    """One column over the pieces: its typed values, and its first failed cells worded."""

    values: list[pa.Array] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    more: int = 0  # failed cells not worded

    def add(self, typed: Typed, rows: list[int], limit: int | None, where: tuple[str, str]) -> None:
        self.values.append(typed.values)
        room = len(typed.failed) if limit is None else max(0, limit - len(self.issues))
        shown = typed.failed.slice(0, room).to_pylist()
        for position in shown:
            self.issues.append(_issue(typed, position, rows[position], where))
        self.more += len(typed.failed) - len(shown)


def _dataset(
    sheet: Sheet,
    positions: dict[str, int],
    found: dict[str, _Found],
    rows: list[pa.Array],
    part: ParsedUpload,
) -> Dataset | None:
    """The typed pieces as one table; the errors of its cells, column by column."""
    total = sum(len(r) for r in rows)
    if total == 0:
        part.errors.append(Issue("validatie.blad_leeg", sheet=sheet.name))
        return None
    arrays: dict[str, Any] = {"rij": pc.cast(pa.chunked_array(rows), pa.int32()).combine_chunks()}
    for column in sheet.columns:
        kind = arrow_type(column.sql_type)
        if column.field not in found:
            arrays[column.field] = pa.nulls(total, kind)
            continue
        column_found = found[column.field]
        # one chunk: the rules over the whole read it as one array without a copy
        arrays[column.field] = pa.chunked_array(column_found.values, kind).combine_chunks()
        column_found.values.clear()
        part.errors.extend(column_found.issues)
        part.errors.tally(sheet.name, column.header, column_found.more)
    return Dataset(sheet, pa.table(arrays), present=set(positions))


def _map_headers(sheet: Sheet, read: SheetColumns, part: ParsedUpload) -> dict[str, int] | None:
    by_key = sheet.column_by_key
    positions: dict[str, int] = {}
    ignored: list[Issue] = []
    for index, cell in sorted(read.header.items()):
        if is_empty(cell):
            continue
        text = cell.strip() if isinstance(cell, str) else display(cell).strip()
        column = by_key.get(header_key(text))
        if column is None:
            ignored.append(Issue("validatie.kolom_genegeerd", {"kolom": display(text)}, read.name))
        elif column.field in positions:
            part.errors.append(Issue("validatie.kolom_dubbel", {"kolom": column.header}, read.name))
        else:
            positions[column.field] = index
    part.warnings.extend(collapsed(ignored, "validatie.kolommen_genegeerd", "kolom"))
    missing = [c.header for c in sheet.columns if c.required and c.field not in positions]
    for header in missing:
        part.errors.append(Issue("validatie.kolom_ontbreekt", {"kolom": header}, read.name))
    return None if missing else positions


def _filled_rows(read: SheetColumns) -> pa.Array:
    """Positions (int64) of the rows with a cell that holds something."""
    filled = np.zeros(read.height, dtype=bool)
    for cells in read.columns.values():
        if isinstance(cells, list):
            filled |= np.array([not is_empty(c) for c in cells], dtype=bool)
        elif not pa.types.is_null(cells.type):  # fastexcel made texts of spaces null
            filled |= pc.is_valid(cells).to_numpy(zero_copy_only=False)
    for special in read.special.values():
        filled[list(special)] = True
    return pa.array(np.flatnonzero(filled), pa.int64())


def _kept(read: SheetColumns, index: int, keep: pa.Array) -> tuple[Any, dict[int, object]]:
    """The cells of column `index` in the kept rows, and its special cells renumbered."""
    cells = read.columns.get(index)
    if cells is None:
        cells = pa.nulls(read.height)
    all_kept = len(keep) == read.height
    if isinstance(cells, list):
        cells = cells if all_kept else [cells[i] for i in keep.to_pylist()]
    elif not all_kept:
        cells = cells.take(keep)
    special = read.special.get(index, {})
    if special and not all_kept:
        where = {old: new for new, old in enumerate(keep.to_pylist())}
        special = {where[old]: cell for old, cell in special.items() if old in where}
    return cells, special


def _issue(typed: Typed, position: int, row: int, where: tuple[str, str]) -> Issue:
    error, cell = typed.describe(position)
    sheet, header = where
    if error is None:
        return Issue("waarde.verplicht", {}, sheet, row, header)
    details = dict(error.values)
    value = details.pop("item", None) or display(cell)  # in a list: the wrong item
    return Issue(error.key, details, sheet, row, header, value)


def _check_unique(dataset: Dataset, errors: IssueList) -> None:
    sheet, table = dataset.sheet, dataset.table
    checks: list[tuple[tuple[str, ...], bool]] = [
        ((c.field,), c.unique_ignoring_case) for c in sheet.columns if c.unique
    ]
    if len(sheet.key) > 1:
        checks.append((sheet.key, False))
    for fields, ignore_case in checks:
        key = joined_key([table.column(f).combine_chunks() for f in fields])
        keys = codes(_folded(key) if ignore_case else key)
        if not repeated(keys):
            continue  # the usual case, settled without a pass per row
        first = first_seen(keys)
        later = np.flatnonzero((keys >= 0) & (first != np.arange(len(keys))))
        headers = " + ".join(sheet.column(f).header for f in fields)
        shown = later[: errors.room]
        for position in shown.tolist():
            values = {"eerste_rij": dataset.rows[first[position]], "kolommen": headers}
            value = " + ".join(str(dataset.columns[f][position]) for f in fields)
            row = dataset.rows[position]
            errors.append(Issue("validatie.dubbel", values, sheet.name, row, headers, value))
        errors.tally(sheet.name, headers, len(later) - len(shown))


def _folded(keys: pa.Array) -> pa.Array:
    encoded = pc.dictionary_encode(keys)
    folded = pa.array([match_key(k) for k in encoded.dictionary.to_pylist()], pa.string())
    return folded.take(encoded.indices)


def _check_dates(dataset: Dataset, errors: IssueList) -> None:
    if dataset.sheet.table != "trajecten":
        return
    table, sheet = dataset.table, dataset.sheet
    header = sheet.column("einddatum").header
    before = pc.fill_null(pc.less(table["einddatum"], table["startdatum"]), False)
    positions = pc.indices_nonzero(before.combine_chunks())
    shown = positions.slice(0, errors.room).to_pylist()
    for position in shown:
        starts, ends = dataset.columns["startdatum"], dataset.columns["einddatum"]
        values = {"start": starts[position].strftime("%d/%m/%Y")}
        value = ends[position].strftime("%d/%m/%Y")
        errors.append(
            Issue(
                "validatie.einde_voor_start",
                values,
                sheet.name,
                dataset.rows[position],
                header,
                value,
            )
        )
    errors.tally(sheet.name, header, len(positions) - len(shown))


def _warn_hidden(name: str, hidden: list[int], filtered: bool, warnings: list[Issue]) -> None:
    """Hidden rows with data are read like the others, and said so."""
    if not hidden:
        return
    named = ", ".join(str(row) for row in hidden[:MAX_ROWS_NAMED])
    if len(hidden) > MAX_ROWS_NAMED:
        named += ", …"
    key = "waarschuwing.rijen_gefilterd" if filtered else "waarschuwing.rijen_verborgen"
    values = {"aantal": lambda lang: count_text(len(hidden), lang), "rijen": named}
    warnings.append(Issue(key, values, sheet=name))
