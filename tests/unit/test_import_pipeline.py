"""The import pipeline (ingest.check_upload): the check, the reading thread and the typing
thread give exactly what the plain one-thread pass gives, cell by cell with python-calamine
(sheet_parsing.parse_workbook), also for columns that mix types and for refused workbooks; a
refusal leaves no thread behind; a killed command-line import leaves no process behind and
prints nothing after its death."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, edited_workbook
from wisselaar import worksheet_scan
from wisselaar.ingest import check_upload
from wisselaar.sheet_parsing import ParsedUpload, parse_workbook
from wisselaar.xlsx_reader import WorkbookRefused, read_workbook

PROJECT = Path(__file__).resolve().parents[2]


def outcome(parsed: ParsedUpload) -> tuple[object, ...]:
    return (
        {table: ds.table.to_pylist() for table, ds in parsed.datasets.items()},
        [issue.text() for issue in parsed.errors],
        parsed.errors.total,
        [issue.text() for issue in parsed.warnings],
        parsed.unreadable,
    )


def one_thread(settings, path: Path) -> ParsedUpload:
    sheets = read_workbook(
        path, max_file_bytes=settings.max_file_bytes, max_unpacked_bytes=settings.max_unpacked_bytes
    )
    return parse_workbook(sheets, settings.max_errors_listed)


MIXED = {
    "fixture": [],
    "wrong cells in every sheet": [
        ("Trajecten", "B2", 1999),
        ("Trajecten", "E3", "coaching"),
        ("Experts", "G2", 12.345),
        ("Budget", "C2", "veel"),
        ("Financien", "G3", "veel"),
        ("Evaluaties", "F2", 9),
    ],
    # a number and a text that reads like it (amounts treat them apart), dates as text
    "amounts as numbers and as text": [
        ("Financien", "G2", "12.5"),
        ("Financien", "G3", 12.5),
        ("Financien", "G4", "€ 1.234,56"),
        ("Experts", "G2", "1.234"),
    ],
    "dates as cells, text and numbers": [
        ("Trajecten", "G2", "2022-09-01 00:00:00"),
        ("Trajecten", "H2", 45000),
        ("Evaluaties", "E2", "15/01/2023"),
    ],
    "TRUE and FALSE among numbers": [
        ("Trajecten", "K2", True),
        ("Budget", "C2", False),
        ("Trajecten", "A3", True),
    ],
    "whole and fractional numbers as text": [
        ("Trajecten", "B2", "2022.0"),
        ("Evaluaties", "F2", "3.5"),
        ("Evaluaties", "F3", 3.5),
        ("Trajecten", "C2", 12025.5),
        ("Trajecten", "M2", 0.30000000000000004),
    ],
    "date cells in text and choice columns": [
        ("Trajecten", "M3", dt.date(2022, 1, 1)),
        ("Trajecten", "E2", dt.datetime(2022, 1, 1, 14, 30)),
        ("Criteria", "A2", 101.0),
    ],
    "lists with numbers and repeats": [
        ("Trajecten", "D2", 24062),
        ("Trajecten", "D3", "Aalst; 41002; aalst"),
        ("Trajecten", "F2", "participatie; Participatie ;;"),
        ("Trajecten", "J3", " ; "),
    ],
}


@pytest.mark.parametrize("edits", list(MIXED.values()), ids=list(MIXED))
def test_the_pipeline_gives_the_outcome_of_the_plain_pass(settings, tmp_path, edits):
    path = edited_workbook(tmp_path / "upload.xlsx", edits)
    assert outcome(check_upload(path, settings)) == outcome(one_thread(settings, path))


def test_the_outcome_does_not_depend_on_the_error_limit(settings, tmp_path):
    path = edited_workbook(tmp_path / "upload.xlsx", MIXED["wrong cells in every sheet"])
    few = dataclasses.replace(settings, max_errors_listed=2)
    found = check_upload(path, few).errors
    assert len(found) == 2 and found.total == 6
    everything = check_upload(path, settings).errors
    assert [e.text() for e in found] == [e.text() for e in everything][:2]
    assert sum(found.omitted.values()) == 4


def test_a_refusal_while_sheets_are_read_leaves_no_thread(settings, monkeypatch):
    real = worksheet_scan.scan
    seen: list[int] = []

    def refuse_the_second(*args, **kwargs):
        seen.append(1)
        if len(seen) == 2:  # the largest sheet passed and is being read by now
            raise WorkbookRefused("lezer.beschadigd", {}, "test")
        return real(*args, **kwargs)

    monkeypatch.setattr(worksheet_scan, "scan", refuse_the_second)
    parsed = check_upload(FIXTURE, settings)
    assert [e.key for e in parsed.errors] == ["lezer.beschadigd"] and not parsed.datasets
    assert not [t for t in threading.enumerate() if t.name.startswith("wisselaar-")]


KILLED = """
import sys, time
from wisselaar import ingest, sheet_reading
real = sheet_reading.read_pieces
def slow(*args, **kwargs):
    print("inside", flush=True)  # the reading thread is at work; the check goes on
    time.sleep(60)
    yield from real(*args, **kwargs)
ingest.read_pieces = slow
from wisselaar.cli import main
sys.exit(main(["import", sys.argv[1], "--db", sys.argv[2]]))
"""


@pytest.mark.timeout(120)
def test_a_killed_command_line_import_leaves_nothing_behind(tmp_path):
    """A SIGKILL ends the whole import: no process stays behind to print (the forked child
    of old printed a false refusal 6 s later), and the database keeps no half version."""
    db = tmp_path / "kill.duckdb"
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED), str(FIXTURE), str(db)],
        cwd=PROJECT,
        env={**os.environ, "WISSELAAR_SAMPLE_DATA": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: everything it starts is in it
    )
    assert child.stdout.readline().strip() == "inside"
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=60)  # returns once no process holds the pipes
    assert child.returncode == -signal.SIGKILL
    assert (out, err) == ("", "")
    with pytest.raises(ProcessLookupError):
        os.killpg(child.pid, 0)  # nothing is left in its process group
    assert not db.exists() or db.stat().st_size == 0 or _versions(db) == 0


def _versions(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db)) as con:
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables")}
        return con.execute("select count(*) from versie").fetchone()[0] if "versie" in tables else 0


def test_a_workbook_of_plain_columns_is_read_in_bulk_alone(settings, tmp_path, monkeypatch):
    """Cell by cell only where a column needs it: a column of amounts written as numbers and
    one text that could be a written-out number is read again, nothing else is."""
    from bench.synthetic import build_synthetic_workbook
    from wisselaar import sheet_reading

    again: list[tuple[str, object]] = []
    real = sheet_reading._calamine

    def counted(checked, name, only):
        again.append((name, only))
        return real(checked, name, only)

    monkeypatch.setattr(sheet_reading, "_calamine", counted)
    path = build_synthetic_workbook(tmp_path / "synthetic.xlsx", 50, 200, 50)
    assert not check_upload(path, settings).errors
    assert again == []
    path = edited_workbook(tmp_path / "mixed.xlsx", [("Financien", "G2", "12.5")])
    check_upload(path, settings)
    # The fixture's Startdatum holds date cells and a date written as text.
    assert dict(again) == {"Financien": {6}, "Trajecten": {6}}


@pytest.mark.parametrize("edits", list(MIXED.values()), ids=list(MIXED))
def test_a_sheet_read_in_pieces_gives_what_it_gives_whole(settings, tmp_path, monkeypatch, edits):
    """A large sheet is read in pieces (sheet_pieces), so that no reader holds it whole; here
    every sheet is cut into pieces of a few rows: the outcome is the same."""
    from wisselaar import sheet_pieces

    path = edited_workbook(tmp_path / "upload.xlsx", edits)
    whole = outcome(check_upload(path, settings))
    monkeypatch.setattr(sheet_pieces, "CUT_BYTES", 0)
    monkeypatch.setattr(sheet_pieces, "PIECE_BYTES", 600)
    cut: list[int] = []
    real = sheet_pieces._write
    monkeypatch.setattr(sheet_pieces, "_write", lambda *a: cut.append(1) or real(*a))
    assert outcome(check_upload(path, settings)) == whole
    assert len(cut) > 20


def test_rows_out_of_order_are_refused_when_cut(settings, tmp_path, monkeypatch):
    from tests.workbook_parts import build, sheet_xml
    from wisselaar import sheet_pieces

    monkeypatch.setattr(sheet_pieces, "CUT_BYTES", 0)
    monkeypatch.setattr(sheet_pieces, "PIECE_BYTES", 200)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>C{r}</t></is></c>'
                   f'<c r="B{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for r in (1, 2, 3, 9, 10, 11, 4, 5, 6))  # fmt: skip
    path = tmp_path / "order.xlsx"
    path.write_bytes(build({"Criteria": sheet_xml(rows)}))
    assert [e.key for e in check_upload(path, settings).errors] == ["lezer.beschadigd"]


def cut_while_checked(monkeypatch) -> list[tuple[str, int, int | None]]:
    """Small regions and pieces of a few rows, so that every sheet of a test workbook is cut
    as it is checked; returns (sheet, first row, next piece's first row) of every piece that
    was read with what the check found in its own rows."""
    from wisselaar import ingest, sheet_pieces, xlsx_reader

    monkeypatch.setattr(sheet_pieces, "PIECE_BYTES", 600)
    monkeypatch.setattr(xlsx_reader, "CHUNK", 512)
    streamed: list[tuple[str, int, int | None]] = []
    real = ingest.read_cut

    def noted(checked, name, sheet, reader, cut, scan=None):
        def each():
            for piece in cut:
                if piece.facts is not None:
                    streamed.append((name, piece.first, piece.until))
                yield piece

        return real(checked, name, sheet, reader, each(), scan)

    monkeypatch.setattr(ingest, "read_cut", noted)
    return streamed


@pytest.mark.parametrize("edits", list(MIXED.values()), ids=list(MIXED))
def test_a_sheet_cut_as_it_is_checked_gives_what_it_gives_whole(
    settings, tmp_path, monkeypatch, edits
):
    """A large sheet is cut into pieces as the check passes its bytes, each read while the
    check goes on (sheet_pieces.Cutter): the outcome is that of the sheet read whole."""
    path = edited_workbook(tmp_path / "upload.xlsx", edits)
    whole = outcome(check_upload(path, settings))
    streamed = cut_while_checked(monkeypatch)
    assert outcome(check_upload(path, settings)) == whole
    assert len(streamed) >= 10
    for name in {name for name, _, _ in streamed}:  # the pieces join up, row after row
        rows = [(first, until) for sheet, first, until in streamed if sheet == name]
        assert rows[0][0] == 2 and rows[-1][1] is None
        assert all(until == after for (_, until), (after, _) in itertools.pairwise(rows))


def test_errors_in_later_pieces_keep_their_sheet_row_and_column(settings, tmp_path, monkeypatch):
    """Wrong cells, a formula without a value and TRUE in rows far from the first piece: the
    same errors, with the same Excel rows, as when the sheet is read whole; the piece with
    TRUE is read cell by cell, the others through fastexcel."""
    from bench.synthetic import build_synthetic_workbook

    source = build_synthetic_workbook(tmp_path / "synthetic.xlsx", 20, 150, 20)
    edits = [
        ("Financien", "G140", "veel"),
        ("Financien", "G101", "=1/0"),
        ("Financien", "B77", True),
        ("Financien", "G151", 12.345),
    ]
    path = edited_workbook(tmp_path / "upload.xlsx", edits, source=source)
    whole = outcome(check_upload(path, settings))
    streamed = cut_while_checked(monkeypatch)
    assert outcome(check_upload(path, settings)) == whole == outcome(one_thread(settings, path))
    assert any(first > 140 for name, first, _ in streamed if name == "Financien")
    texts = whole[1]
    assert len(texts) == whole[2] == 4
    assert all("'Financien'" in text for text in texts)
    assert {row for row in (140, 101, 77, 151) if any(f"rij {row}," in t for t in texts)} == {
        140,
        101,
        77,
        151,
    }
