"""The benchmark's synthetic workbook is valid: a tiny one imports without errors or warnings
(bench/synthetic.py; no timing here, see bench/run.py)."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import build_synthetic_workbook, row_counts
from wisselaar.answer import answer_342
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings


def test_tiny_synthetic_workbook_imports_cleanly(settings: Settings, tmp_path: Path) -> None:
    path = build_synthetic_workbook(tmp_path / "synthetic.xlsx", 50, 200, 50)
    result = import_workbook(settings, path, user="bench")
    assert [issue.text() for issue in result.errors] == []
    assert [issue.text() for issue in result.warnings] == []
    assert sum(result.counts.values()) == row_counts(50, 200, 50)
    assert result.counts["Financien"] == 200
    answer = answer_342(settings)
    assert answer is not None
    assert answer.figures["vraag_2"]["aantal_trajecten"] == 50
    assert answer.figures["vraag_3"]["aantal_evaluaties"] == 50


def test_synthetic_workbook_is_deterministic(tmp_path: Path) -> None:
    first = build_synthetic_workbook(tmp_path / "a.xlsx", 20, 80, 20)
    second = build_synthetic_workbook(tmp_path / "b.xlsx", 20, 80, 20)
    from wisselaar.sheet_parsing import parse_workbook
    from wisselaar.xlsx_reader import read_workbook

    def tables(path: Path) -> dict[str, object]:
        sheets = read_workbook(path, max_file_bytes=10**7, max_unpacked_bytes=10**8)
        return {table: ds.table for table, ds in parse_workbook(sheets).datasets.items()}

    assert tables(first) == tables(second)
    assert len(tables(first)["financien"]) == 80


def test_the_refused_workbook_has_exactly_its_planned_errors(settings, tmp_path: Path) -> None:
    """bench/run.py checks that every error of its refused workbook is counted: the workbook
    must hold exactly that many, over all sheets."""
    path = build_synthetic_workbook(tmp_path / "errors.xlsx", 100, 400, 100, errors=60)
    result = import_workbook(settings, path, user="bench")
    assert result.errors.total == 60
    assert {issue.sheet for issue in result.errors} == {
        "Trajecten",
        "Experts",
        "Criteria",
        "Budget",
        "Financien",
        "Evaluaties",
    }
