"""Shared test fixtures: a fresh DuckDB file per test, the hand-checked fixture workbook,
and a way to derive a workbook with one change (one bad workbook per validation rule)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from wisselaar.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "fixture.xlsx"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings on a fresh database file; the real database is never touched."""
    monkeypatch.setenv("WISSELAAR_DB", str(tmp_path / "test.duckdb"))
    monkeypatch.setenv("WISSELAAR_SAMPLE_DATA", "0")
    return dataclasses.replace(Settings.from_env(), load_sample=False)


@pytest.fixture
def fixture_xlsx() -> Path:
    return FIXTURE


Edit = tuple[str, str, object]  # (sheet, cell such as "C5", new value)


def edited_workbook(
    target: Path,
    edits: list[Edit] | None = None,
    source: Path = FIXTURE,
    keep: list[str] | None = None,
    change: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    """A copy of `source` with cells changed, optionally keeping only some sheets."""
    workbook = openpyxl.load_workbook(source)
    for name in list(workbook.sheetnames):
        if keep is not None and name not in keep:
            del workbook[name]
    for sheet, cell, value in edits or []:
        workbook[sheet][cell] = value
        if isinstance(value, dt.date):
            workbook[sheet][cell].number_format = "dd/mm/yyyy"
    if change:
        change(workbook)
    workbook.save(target)
    return target


@pytest.fixture
def edit(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def make(edits: list[Edit] | None = None, **kwargs: object) -> Path:
        return edited_workbook(tmp_path / f"variant{next(counter)}.xlsx", edits, **kwargs)

    return make


def rendered(markdown: str) -> str:
    """The text a reader sees of Markdown that ui.text.md made inert (AppTest returns the
    source): the backslash escapes and invisible word joiners gone."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")
