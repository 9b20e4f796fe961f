"""Helpers for the one-bad-workbook-per-rule tests (tests/unit/test_validation_*.py).

Every test derives a real .xlsx from tests/data/fixture.xlsx, imports it with
`wisselaar.ingest.import_workbook` and looks at the Dutch text of what came back.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from wisselaar.answer import answer_342
from wisselaar.ingest import ImportResult, import_workbook
from wisselaar.schema import SHEET_BY_TABLE
from wisselaar.settings import Settings
from wisselaar.store import Store, current_versions, load_dataset


def figures(settings: Settings) -> dict[str, Any] | None:
    answer = answer_342(settings)
    return None if answer is None else answer.figures


def refused(settings: Settings, path: Path, **options: Any) -> ImportResult:
    """Imports `path` and asserts it is refused and changed nothing: the figures and the
    versions in force are those of before (None and {} when nothing was ever stored)."""
    before, before_versions = figures(settings), versions(settings)
    result = import_workbook(settings, path, user="test", **options)
    assert result.errors, "expected the upload to be refused"
    assert result.version is None
    assert not result.accepted
    assert figures(settings) == before
    assert versions(settings) == before_versions
    return result


def accepted(settings: Settings, path: Path, **options: Any) -> ImportResult:
    result = import_workbook(settings, path, user="test", **options)
    assert not result.errors, [e.text("nl") for e in result.errors]
    assert result.version is not None
    return result


def texts(issues: list[Any]) -> list[str]:
    return [issue.text("nl") for issue in issues]


def only_error(result: ImportResult) -> str:
    """The Dutch text of the one error of a refused upload."""
    assert len(result.errors) == 1, texts(result.errors)
    return result.errors[0].text("nl")


def assert_mentions(text: str, *parts: str) -> None:
    for part in parts:
        assert part in text, f"{part!r} not in {text!r}"


def cell_error(
    result: ImportResult, sheet: str, row: int, column: str, value: str, *remedy: str
) -> str:
    """Asserts one error that names sheet, Excel row, column and value, plus the remedy."""
    text = only_error(result)
    issue = result.errors[0]
    assert (issue.sheet, issue.row, issue.column, issue.value) == (sheet, row, column, value)
    assert_mentions(
        text, f"Blad '{sheet}'", f"rij {row}", f"kolom '{column}'", f"waarde '{value}'", *remedy
    )
    return text


def stored(settings: Settings, table: str, key: str, field: str) -> dict[Any, Any]:
    """{key: value} of the dataset version now in force."""
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        version = current_versions(con)[table]
        dataset = load_dataset(con, SHEET_BY_TABLE[table], version)
    return dict(zip(dataset.columns[key], dataset.columns[field], strict=True))


def versions(settings: Settings) -> dict[str, int]:
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        return current_versions(con)


def plain_number(sheet: str, cell: str, value: float | int):
    """A `change` for the edit fixture: a number cell in General format (not a date cell)."""

    def change(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value
        workbook[sheet][cell].number_format = "General"

    return change


def save_formula_values(path: Path, values: dict[tuple[str, str], str | float]) -> Path:
    """Gives formula cells written by openpyxl (which saves no value) a saved value, as Excel
    would: rewrites `<c r="B2"><f>..</f><v></v></c>` in the sheet's XML part."""

    def saved(sheet: str, cell: str, xml: str) -> tuple[str, int]:
        value = values[(sheet, cell)]
        pattern = re.compile(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*>\s*</v></c>')
        kind = ' t="str"' if isinstance(value, str) else ""
        return pattern.subn(rf'<c r="{cell}"\1{kind}><f>\2</f><v>{value}</v></c>', xml)

    return _rewrite(path, list(values), saved)


def rewrite_cells(path: Path, cells: dict[tuple[str, str], str]) -> Path:
    """Replaces cells in the sheets' XML by hand-written ones, for what openpyxl cannot
    write: a formula's saved Excel error (`<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`),
    a number cell holding NaN. The cell must exist in the sheet."""

    def replaced(sheet: str, cell: str, xml: str) -> tuple[str, int]:
        pattern = re.compile(rf'<c r="{cell}"(?:[^>]*/>|[^>]*>.*?</c>)')
        return pattern.subn(cells[(sheet, cell)], xml, count=1)

    return _rewrite(path, list(cells), replaced)


def _rewrite(path: Path, places: list[tuple[str, str]], edit) -> Path:
    """Rewrites the XML of sheet cells in place: `edit(sheet, cell, xml)` -> (xml, count)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', parts["xl/workbook.xml"].decode())
    for sheet, cell in places:
        part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
        xml, count = edit(sheet, cell, parts[part].decode())
        assert count == 1, f"not found: {sheet}!{cell}"
        parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path
