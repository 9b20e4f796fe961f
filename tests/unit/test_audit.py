"""The audit log: appended to in its own file, read newest first by role beheer only."""

from __future__ import annotations

import datetime as dt
import inspect
import threading

import pytest

from tests.conftest import FIXTURE
from wisselaar import audit
from wisselaar.auth import NotAllowed, User
from wisselaar.ingest import import_workbook
from wisselaar.reads import data_token

BEHEER = User("bea", "beheer")


def test_entries_are_appended_and_read_newest_first(settings):
    assert audit.entries(settings, BEHEER) == []
    moment = dt.datetime(2024, 3, 1, 9, 0)
    audit.record(settings, "aanmelding", "mislukt", name="(onbekend account)", now=moment)
    audit.record(settings, "aanmelding", "geslaagd", BEHEER, bron="lokaal")
    audit.record(settings, "export", "geslaagd", BEHEER, bestand="gemeenten.xlsx")
    log = audit.entries(settings, BEHEER)
    assert [(e["id"], e["gebeurtenis"], e["uitkomst"]) for e in log] == [
        (3, "export", "geslaagd"),
        (2, "aanmelding", "geslaagd"),
        (1, "aanmelding", "mislukt"),
    ]
    assert log[0]["details"] == {"bestand": "gemeenten.xlsx"}
    assert (log[1]["gebruiker"], log[1]["rol"]) == ("bea", "beheer")
    assert (log[2]["gebruiker"], log[2]["rol"], log[2]["moment"]) == (
        "(onbekend account)",
        None,
        moment,
    )
    assert len(audit.entries(settings, BEHEER, limit=2)) == 2


def test_only_beheer_reads_the_log_and_outcomes_are_checked(settings):
    for user in (User("l", "lezer"), User("o", "opladen"), None):
        with pytest.raises(NotAllowed):
            audit.entries(settings, user)
    with pytest.raises(ValueError):
        audit.record(settings, "upload", "misschien", BEHEER)


def test_the_log_has_its_own_file_so_the_figures_cache_stays_valid(settings):
    import_workbook(settings, FIXTURE, user="anna")
    before = data_token(settings.db_path)
    audit.record(settings, "export", "geslaagd", BEHEER, bestand="x.csv")
    assert data_token(settings.db_path) == before
    assert settings.audit_path.exists() and settings.audit_path != settings.db_path


def test_the_module_only_appends(settings):
    source = inspect.getsource(audit).lower()
    assert "update audit" not in source and "delete from" not in source
    assert "drop table" not in source


def test_many_entries_at_once_are_all_kept(settings):
    threads = [
        threading.Thread(
            target=audit.record, args=(settings, "export", "geslaagd", BEHEER), kwargs={"nr": i}
        )
        for i in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    log = audit.entries(settings, BEHEER)
    assert sorted(e["details"]["nr"] for e in log) == list(range(20))
