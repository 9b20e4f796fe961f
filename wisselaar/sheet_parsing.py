"""First pass over an upload: sheets and headers recognised, every cell typed, per-sheet rules.

Works column by column (a list comprehension per column is several times faster than a row
loop), collects every problem as an Issue and never stops at the first. Rules that need other
sheets or the stored data live in `consistency`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wisselaar.dataset import Dataset
from wisselaar.issues import CellError, Issue
from wisselaar.normalize import header_key, match_key
from wisselaar.schema import SHEET_BY_KEY, Column, Kind, Sheet
from wisselaar.values import CellParser, display, is_empty
from wisselaar.xlsx_reader import RawSheet


@dataclass
class ParsedUpload:
    datasets: dict[str, Dataset] = field(default_factory=dict)  # table -> dataset
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # Tables whose sheet is in the upload but could not be read (a required column missing,
    # no data rows): their content is unknown, so no rule over other sheets can use them.
    unreadable: set[str] = field(default_factory=set)


def parse_workbook(raw_sheets: list[RawSheet]) -> ParsedUpload:
    by_name = {raw.name: raw for raw in raw_sheets}
    return parse_sheets(list(by_name), by_name.__getitem__)


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


def parse_sheets(
    names: list[str],
    read: Callable[[str], RawSheet],
    ready: Mapping[str, ParsedUpload] | None = None,
) -> ParsedUpload:
    """The whole first pass over sheets `names` (workbook order). A known sheet is read with
    `read`, unless `ready` already holds its outcome (parsed elsewhere, e.g. another process);
    findings stay in workbook order either way."""
    result = ParsedUpload()
    seen: dict[str, str] = {}
    for name in names:
        sheet = SHEET_BY_KEY.get(header_key(name))
        if sheet is None:
            result.warnings.append(Issue("validatie.blad_genegeerd", sheet=name))
            continue
        if sheet.table in seen:
            result.errors.append(
                Issue("validatie.blad_dubbel", {"ander": seen[sheet.table]}, sheet=name)
            )
            continue
        seen[sheet.table] = name
        part = (ready or {}).get(name) or parse_sheet(sheet, read(name))
        result.datasets.update(part.datasets)
        result.errors.extend(part.errors)
        result.warnings.extend(part.warnings)
        result.unreadable.update(part.unreadable)
    if not seen:
        result.errors.append(Issue("validatie.geen_bladen"))
    return result


def parse_sheet(sheet: Sheet, raw: RawSheet) -> ParsedUpload:
    """One sheet's outcome: its dataset (or why it is unreadable), errors and warnings."""
    part = ParsedUpload()
    dataset = _parse_sheet(sheet, raw, part)
    if dataset is None:
        part.unreadable.add(sheet.table)
    else:
        part.datasets[sheet.table] = dataset
    return part


def _map_headers(sheet: Sheet, raw: RawSheet, result: ParsedUpload) -> dict[str, int] | None:
    by_key = sheet.column_by_key
    positions: dict[str, int] = {}
    for index, cell in enumerate(raw.header):
        if is_empty(cell):
            continue
        text = display(cell).strip()
        column = by_key.get(header_key(text))
        if column is None:
            result.warnings.append(
                Issue("validatie.kolom_genegeerd", {"kolom": text}, sheet=sheet.name)
            )
        elif column.field in positions:
            result.errors.append(
                Issue("validatie.kolom_dubbel", {"kolom": column.header}, sheet=sheet.name)
            )
        else:
            positions[column.field] = index
    missing = [c.header for c in sheet.columns if c.required and c.field not in positions]
    for header in missing:
        result.errors.append(Issue("validatie.kolom_ontbreekt", {"kolom": header}, sheet.name))
    return None if missing else positions


def _parse_sheet(sheet: Sheet, raw: RawSheet, result: ParsedUpload) -> Dataset | None:
    positions = _map_headers(sheet, raw, result)
    if positions is None:
        return None
    # The reader skips rows without any cell; a row of only spaces is empty too.
    raw.rows = [(number, cells) for number, cells in raw.rows if not _blank(cells)]
    if not raw.rows:
        result.errors.append(Issue("validatie.blad_leeg", sheet=sheet.name))
        return None
    row_numbers = [number for number, _ in raw.rows]
    columns: dict[str, list[Any]] = {}
    for column in sheet.columns:
        index = positions.get(column.field)
        if index is None:
            columns[column.field] = [None] * len(row_numbers)
        else:
            columns[column.field] = _parse_column(sheet, column, index, raw, result.errors)
    dataset = Dataset(sheet, row_numbers, columns, present=set(positions))
    _check_unique(dataset, result.errors)
    _check_dates(dataset, result.errors)
    return dataset


def _blank(cells: list[Any]) -> bool:
    """No cell with content (most rows answer at their first cell)."""
    for cell in cells:
        if cell is not None and not (cell.__class__ is str and not cell.strip()):
            return False
    return True


_EMPTY = object()  # a cell that counts as empty (None, or only spaces)


def _parse_column(
    sheet: Sheet, column: Column, index: int, raw: RawSheet, errors: list[Issue]
) -> list[Any]:
    """The typed values of one column. Each distinct cell is parsed once and the column is
    mapped through the result (a column of 200,000 cells holds few distinct statuses or
    years); only rows whose cell is empty or wrong are visited one by one."""
    cells = [row[index] for _, row in raw.rows]  # the reader pads every row to the header
    distinct = set(cells)
    # True == 1.0 would merge in a set: a column with TRUE/FALSE cells goes one by one.
    if (True in distinct or False in distinct) and any(v.__class__ is bool for v in distinct):
        return _parse_one_by_one(sheet, column, raw, cells, errors)
    parse = CellParser(column, memo=False)
    plain_text = column.kind is Kind.TEXT and not column.is_list
    outcome: dict[Any, Any] = {}
    failed: dict[Any, CellError | None] = {}
    for cell in distinct:
        if cell.__class__ is str:
            text = cell.strip()
            if not text:
                outcome[cell] = _EMPTY
                continue
            if plain_text:  # IDs and descriptions: most cells, nearly all distinct
                outcome[cell] = text
                continue
        elif cell is None:
            outcome[cell] = _EMPTY
            continue
        try:
            outcome[cell] = parse(cell)
        except CellError as error:
            outcome[cell] = _EMPTY
            failed[cell] = error
    values = [outcome[cell] for cell in cells]
    if _EMPTY in outcome.values():
        for position, cell in enumerate(cells):
            if values[position] is not _EMPTY:
                continue
            values[position] = None
            number = raw.rows[position][0]
            error = failed.get(cell)
            if error is None:
                if column.required:
                    errors.append(Issue("waarde.verplicht", {}, sheet.name, number, column.header))
                continue
            details = dict(error.values)
            # In a list, the wrong item is the value to show, not the whole cell.
            shown = details.pop("item", None) or display(cell)
            errors.append(Issue(error.key, details, sheet.name, number, column.header, shown))
    return values


def _parse_one_by_one(
    sheet: Sheet, column: Column, raw: RawSheet, cells: list[Any], errors: list[Issue]
) -> list[Any]:
    """The plain loop, for the rare column that mixes TRUE/FALSE cells with numbers."""
    parse = CellParser(column)
    values: list[Any] = []
    for (number, _), cell in zip(raw.rows, cells, strict=True):
        if cell is None or (cell.__class__ is str and not cell.strip()):
            if column.required:
                errors.append(Issue("waarde.verplicht", {}, sheet.name, number, column.header))
            values.append(None)
            continue
        try:
            values.append(parse(cell))
        except CellError as error:
            shown = error.values.pop("item", None) or display(cell)
            errors.append(Issue(error.key, error.values, sheet.name, number, column.header, shown))
            values.append(None)
    return values


def _check_unique(dataset: Dataset, errors: list[Issue]) -> None:
    sheet = dataset.sheet
    checks: list[tuple[tuple[str, ...], bool]] = [
        ((c.field,), c.unique_ignoring_case) for c in sheet.columns if c.unique
    ]
    if len(sheet.key) > 1:
        checks.append((sheet.key, False))
    for fields, ignore_case in checks:
        if len(fields) == 1 and not ignore_case:
            present = [v for v in dataset.columns[fields[0]] if v is not None]
            if len(set(present)) == len(present):
                continue  # the usual case, settled without a pass per row
        first_row: dict[Any, int] = {}
        values = list(zip(*(dataset.columns[f] for f in fields), strict=True))
        for position, key in enumerate(values):
            if any(v is None for v in key):
                continue
            lookup = tuple(match_key(v) if ignore_case else v for v in key)
            row = dataset.rows[position]
            if lookup in first_row:
                headers = [sheet.column(f).header for f in fields]
                errors.append(
                    Issue(
                        "validatie.dubbel",
                        {"eerste_rij": first_row[lookup], "kolommen": " + ".join(headers)},
                        sheet.name,
                        row,
                        " + ".join(headers),
                        " + ".join(str(v) for v in key),
                    )
                )
            else:
                first_row[lookup] = row


def _check_dates(dataset: Dataset, errors: list[Issue]) -> None:
    if dataset.sheet.table != "trajecten":
        return
    starts, ends = dataset.columns["startdatum"], dataset.columns["einddatum"]
    header = dataset.sheet.column("einddatum").header
    for position, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if start is not None and end is not None and end < start:
            errors.append(
                Issue(
                    "validatie.einde_voor_start",
                    {"start": start.strftime("%d/%m/%Y")},
                    dataset.sheet.name,
                    dataset.rows[position],
                    header,
                    end.strftime("%d/%m/%Y"),
                )
            )


def group_rows(values: list[Any]) -> dict[Any, list[int]]:
    """Positions per value (list values count once per item)."""
    groups: dict[Any, list[int]] = defaultdict(list)
    for position, value in enumerate(values):
        if value is None:
            continue
        for item in value if isinstance(value, list | tuple) else (value,):
            groups[item].append(position)
    return groups
