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
    from wisselaar.xlsx_reader import read_workbook

    def cells(path: Path) -> list[object]:
        sheets = read_workbook(path, max_file_bytes=10**7, max_unpacked_bytes=10**8)
        return [(s.name, s.header, s.rows) for s in sheets]

    assert cells(first) == cells(second)
