"""The first pass with the largest sheet in a forked child gives exactly the outcome of the
single-process pass, also for refused workbooks and when the child dies."""

from __future__ import annotations

import os

import pytest

from tests.conftest import FIXTURE
from wisselaar import upload_parsing
from wisselaar.upload_parsing import parse_checked
from wisselaar.xlsx_reader import check_workbook

LIMITS = {"max_file_bytes": 50 << 20, "max_unpacked_bytes": 500 << 20}


def outcome(parsed):
    return (
        {t: (d.rows, d.columns) for t, d in parsed.datasets.items()},
        [i.text() for i in parsed.errors],
        [i.text() for i in parsed.warnings],
        parsed.unreadable,
    )


@pytest.fixture
def always_fork(monkeypatch):
    monkeypatch.setattr(upload_parsing, "OFFLOAD_MIN_BYTES", 0)
    forks = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(upload_parsing.os, "fork", counting_fork)
    return forks


def test_forked_pass_equals_single_process_pass(always_fork):
    checked = check_workbook(FIXTURE, **LIMITS)
    alone = parse_checked(checked, allow_fork=False)
    split = parse_checked(checked)
    assert always_fork == [1]
    assert outcome(split) == outcome(alone)


def test_errors_from_the_child_keep_their_place(always_fork, edit):
    # Financien is the largest sheet of the fixture; errors there and in Trajecten.
    bad = edit([("Financien", "G3", "veel"), ("Trajecten", "B2", 1999)])
    checked = check_workbook(bad, **LIMITS)
    alone = parse_checked(checked, allow_fork=False)
    split = parse_checked(checked)
    assert always_fork == [1]
    assert outcome(split) == outcome(alone)
    assert len(split.errors) == 2


def test_a_child_that_dies_is_replaced_by_parsing_here(always_fork, monkeypatch):
    def die(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(9)  # killed before it could answer
        return real_parse_sheet(*args, **kwargs)

    parent = os.getpid()
    real_parse_sheet = upload_parsing.parse_sheet
    monkeypatch.setattr(upload_parsing, "parse_sheet", die)
    checked = check_workbook(FIXTURE, **LIMITS)
    split = parse_checked(checked)
    assert always_fork == [1]
    assert outcome(split) == outcome(parse_checked(checked, allow_fork=False))


def test_no_fork_with_other_threads_running(monkeypatch):
    monkeypatch.setattr(upload_parsing, "OFFLOAD_MIN_BYTES", 0)
    monkeypatch.setattr(upload_parsing.threading, "active_count", lambda: 3)
    monkeypatch.setattr(upload_parsing.os, "fork", lambda: pytest.fail("forked"))
    parse_checked(check_workbook(FIXTURE, **LIMITS))


def test_child_starts_during_the_check_and_gives_the_same_outcome(always_fork):
    from wisselaar.upload_parsing import check_and_parse

    split = check_and_parse(FIXTURE, **LIMITS)
    alone = parse_checked(check_workbook(FIXTURE, **LIMITS), allow_fork=False)
    assert always_fork == [1]
    assert outcome(split) == outcome(alone)


def test_a_refusal_after_the_child_started_stops_it(always_fork, monkeypatch):
    """The largest sheet passes and its child starts; a later part is refused: the refusal
    stands and the child is ended (no zombie is left)."""
    from wisselaar import xlsx_reader
    from wisselaar.upload_parsing import check_and_parse

    real = xlsx_reader._Scanner._worksheet
    seen = []

    def refuse_the_second(self, info):
        seen.append(info.filename)
        if len(seen) == 2:
            raise xlsx_reader.WorkbookRefused("lezer.beschadigd", {}, "test")
        return real(self, info)

    monkeypatch.setattr(xlsx_reader._Scanner, "_worksheet", refuse_the_second)
    with pytest.raises(xlsx_reader.WorkbookRefused):
        check_and_parse(FIXTURE, **LIMITS)
    assert always_fork == [1]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left to reap
