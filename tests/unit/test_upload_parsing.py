"""The first pass with the largest sheet in a forked child gives exactly the outcome of the
single-process pass, also for refused workbooks and when the child dies.

A process only forks when it runs a single thread, and a test session has many (AppTest,
Playwright), so each scenario runs in a fresh interpreter and reports back."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, edited_workbook
from wisselaar import upload_parsing
from wisselaar.upload_parsing import parse_checked
from wisselaar.xlsx_reader import check_workbook

PROJECT = Path(__file__).resolve().parents[2]
LIMITS = {"max_file_bytes": 50 << 20, "max_unpacked_bytes": 500 << 20}

SETUP = """
import os, sys
from wisselaar import upload_parsing, xlsx_reader
from wisselaar.upload_parsing import check_and_parse, parse_checked
from wisselaar.xlsx_reader import check_workbook
LIMITS = {"max_file_bytes": 50 << 20, "max_unpacked_bytes": 500 << 20}
upload_parsing.OFFLOAD_MIN_BYTES = 0
forks = []
real_fork = os.fork
def counting_fork():
    forks.append(1)
    return real_fork()
upload_parsing.os.fork = counting_fork
def outcome(parsed):
    return (
        {t: (d.rows, d.columns) for t, d in parsed.datasets.items()},
        [i.text() for i in parsed.errors],
        [i.text() for i in parsed.warnings],
        parsed.unreadable,
    )
source = sys.argv[1]
alone = parse_checked(check_workbook(source, **LIMITS), allow_fork=False)
"""


def run_scenario(body: str, source: Path = FIXTURE) -> str:
    code = SETUP + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", code, str(source)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_forked_pass_equals_single_process_pass():
    assert (
        run_scenario("""
        split = parse_checked(check_workbook(source, **LIMITS))
        assert forks == [1], forks
        assert outcome(split) == outcome(alone)
        print("ok")
    """)
        == "ok"
    )


def test_child_starts_during_the_check_and_gives_the_same_outcome():
    assert (
        run_scenario("""
        split = check_and_parse(source, **LIMITS)
        assert forks == [1], forks
        assert outcome(split) == outcome(alone)
        print("ok")
    """)
        == "ok"
    )


def test_errors_from_the_child_keep_their_place(tmp_path):
    # Financien is the largest sheet of the fixture; errors there and in Trajecten.
    bad = edited_workbook(
        tmp_path / "bad.xlsx", [("Financien", "G3", "veel"), ("Trajecten", "B2", 1999)]
    )
    assert (
        run_scenario(
            """
        split = check_and_parse(source, **LIMITS)
        assert forks == [1], forks
        assert outcome(split) == outcome(alone)
        print(len(split.errors))
    """,
            bad,
        )
        == "2"
    )


def test_a_child_that_dies_is_replaced_by_parsing_here():
    assert (
        run_scenario("""
        parent = os.getpid()
        real_parse_sheet = upload_parsing.parse_sheet
        def die(*args, **kwargs):
            if os.getpid() != parent:
                os._exit(9)  # killed before it could answer
            return real_parse_sheet(*args, **kwargs)
        upload_parsing.parse_sheet = die
        split = check_and_parse(source, **LIMITS)
        assert forks == [1], forks
        assert outcome(split) == outcome(alone)
        print("ok")
    """)
        == "ok"
    )


def test_a_refusal_after_the_child_started_stops_it():
    """The largest sheet passes and its child starts; a later part is refused: the refusal
    stands and the child is ended (no child is left to reap)."""
    assert (
        run_scenario("""
        real = xlsx_reader._Scanner._worksheet
        seen = []
        def refuse_the_second(self, info):
            seen.append(info.filename)
            if len(seen) == 2:
                raise xlsx_reader.WorkbookRefused("lezer.beschadigd", {}, "test")
            return real(self, info)
        xlsx_reader._Scanner._worksheet = refuse_the_second
        try:
            check_and_parse(source, **LIMITS)
        except xlsx_reader.WorkbookRefused:
            pass
        else:
            raise AssertionError("not refused")
        assert forks == [1], forks
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            print("ok")
    """)
        == "ok"
    )


def test_no_fork_with_other_threads_running(monkeypatch):
    monkeypatch.setattr(upload_parsing, "OFFLOAD_MIN_BYTES", 0)
    monkeypatch.setattr(upload_parsing.threading, "active_count", lambda: 3)
    monkeypatch.setattr(upload_parsing.os, "fork", lambda: pytest.fail("forked"))
    parse_checked(check_workbook(FIXTURE, **LIMITS))
