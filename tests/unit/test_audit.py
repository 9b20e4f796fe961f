"""The audit log: appended to in its own file, read newest first by role beheer only."""

from __future__ import annotations

import datetime as dt
import getpass
import inspect
import threading

import pytest

from tests.conftest import FIXTURE, edited_workbook
from tests.hostile import damage, held, run_cli
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


# -- failing closed (issue 12, point 8) -----------------------------------------------------------

OPLADEN = User("otto", "opladen")


def versions_of(settings) -> list[int]:
    from wisselaar.store import Store, list_versions

    with Store(settings.db_path).read() as con:
        return [v["versie_id"] for v in list_versions(con)]


@pytest.mark.parametrize("variant", ["rommel", "afgekapt"])
def test_an_entry_that_cannot_be_written_is_refused_in_dutch(settings, variant):
    audit.record(settings, "export", "geslaagd", BEHEER)
    damage(settings.audit_path, variant)
    with pytest.raises(audit.AuditUnavailable) as refused:
        audit.record(settings, "aanmelding", "geslaagd", BEHEER)
    text = refused.value.message()
    assert "gaat niet door" in text and "beschadigd" in text and "niets gewijzigd" in text
    assert "cannot record" in refused.value.message("en")
    audit.note(settings, "export", "geslaagd", BEHEER)  # what changed nothing goes on


def test_a_log_held_by_another_process_past_the_timeout_is_refused(settings):
    import dataclasses

    audit.record(settings, "export", "geslaagd", BEHEER)
    impatient = dataclasses.replace(settings, lock_timeout_s=0.3)
    with held(settings.audit_path), pytest.raises(audit.AuditUnavailable) as refused:
        audit.record(impatient, "aanmelding", "geslaagd", BEHEER)
    assert "in gebruik door een ander proces" in refused.value.message()


def test_a_log_deleted_while_the_process_uses_it_is_not_started_anew(settings):
    audit.record(settings, "export", "geslaagd", BEHEER)
    settings.audit_path.unlink()
    with pytest.raises(audit.AuditUnavailable) as refused:
        audit.record(settings, "aanmelding", "geslaagd", BEHEER)
    assert "verdwenen" in refused.value.message()
    assert not settings.audit_path.exists()


def test_a_new_log_shows_when_it_began(settings):
    from wisselaar.store import utc_now

    assert audit.started(settings, BEHEER) is None
    before = utc_now()
    audit.record(settings, "export", "geslaagd", BEHEER)
    audit.record(settings, "export", "geslaagd", BEHEER)
    assert before <= audit.started(settings, BEHEER) <= utc_now()


def test_a_confirmation_whose_entry_cannot_be_written_stores_nothing(settings, tmp_path):
    from wisselaar.versions import confirm_upload, preview_upload

    import_workbook(settings, FIXTURE, user="anna")
    changed = edited_workbook(tmp_path / "budget.xlsx", [("Budget", "C3", 1)], keep=["Budget"])
    data = changed.read_bytes()
    preview = preview_upload(settings, OPLADEN, data, "budget.xlsx")
    assert preview.accepted
    damage(settings.audit_path, "rommel")
    with pytest.raises(audit.AuditUnavailable):
        confirm_upload(settings, OPLADEN, preview, data)
    assert versions_of(settings) == [1]  # the version was rolled back with its entry


def test_a_confirmation_is_in_the_log_with_its_version(settings, tmp_path):
    from wisselaar.versions import confirm_upload, preview_upload

    import_workbook(settings, FIXTURE, user="anna")
    changed = edited_workbook(tmp_path / "budget.xlsx", [("Budget", "C3", 1)], keep=["Budget"])
    data = changed.read_bytes()
    confirm_upload(settings, OPLADEN, preview_upload(settings, OPLADEN, data, "b.xlsx"), data)
    newest = audit.entries(settings, BEHEER)[0]
    assert (newest["gebeurtenis"], newest["uitkomst"]) == ("bevestiging", "bewaard")
    assert newest["details"]["versie"] == 2 and versions_of(settings) == [2, 1]


def test_a_rollback_whose_entry_cannot_be_written_changes_nothing(settings, tmp_path):
    from wisselaar.versions import rollback

    import_workbook(settings, FIXTURE, user="anna")
    changed = edited_workbook(tmp_path / "budget.xlsx", [("Budget", "C3", 1)], keep=["Budget"])
    import_workbook(settings, changed, user="anna")
    audit.record(settings, "export", "geslaagd", BEHEER)
    with held(settings.audit_path):
        import dataclasses

        impatient = dataclasses.replace(settings, lock_timeout_s=0.3)
        with pytest.raises(audit.AuditUnavailable):
            rollback(impatient, BEHEER, 1, "te vroeg opgeladen")
    assert versions_of(settings) == [2, 1]
    made = rollback(settings, BEHEER, 1, "te vroeg opgeladen")
    assert made is not None and versions_of(settings) == [3, 2, 1]
    newest = audit.entries(settings, BEHEER)[0]
    assert (newest["gebeurtenis"], newest["details"]["versie"]) == ("terugzetting", 3)


def test_the_command_line_audits_imports_with_the_operating_system_user(settings, tmp_path):
    env = {"WISSELAAR_DB": str(settings.db_path)}
    done = run_cli([], "import", str(FIXTURE), "--user", "vvsg-data", env=env)
    assert done.returncode == 0, done.stderr
    bad = edited_workbook(tmp_path / "fout.xlsx", [("Budget", "C3", "veel")], keep=["Budget"])
    assert run_cli([], "import", str(bad), env=env).returncode == 1
    assert run_cli([], "import", str(FIXTURE), "--dry-run", env=env).returncode == 0
    log = audit.entries(settings, BEHEER)
    assert [(e["gebeurtenis"], e["uitkomst"]) for e in reversed(log)] == [
        ("import", "bewaard"),
        ("import", "geweigerd"),
        ("import", "proefrun"),
    ]
    stored = log[-1]
    assert stored["gebruiker"] == "vvsg-data" and stored["rol"] is None
    assert stored["details"]["os_gebruiker"] == getpass.getuser()
    assert stored["details"]["versie"] == 1 and len(stored["details"]["sha256"]) == 64
    assert stored["details"]["bron"] == "opdrachtregel"


def test_the_command_line_stores_nothing_when_the_log_cannot_take_the_entry(settings):
    env = {"WISSELAAR_DB": str(settings.db_path)}
    settings.audit_path.write_bytes(b"geen logboek")
    done = run_cli([], "import", str(FIXTURE), env=env)
    assert done.returncode == 1
    assert "auditlogboek" in done.stderr and "Traceback" not in done.stderr
    assert versions_of(settings) == []
