"""Database trouble (issue 12, point 7): a damaged, read-only or deleted file, or one held by
another process, is answered in Dutch with what to do, never with a traceback; a read-only
file still serves reads; a file deleted while the process runs gets its schema again."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import FIXTURE
from tests.hostile import VARIANTS, damage, held, read_only_runner, run_cli, shared_folder
from wisselaar import reads
from wisselaar.answer import answer_342
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, StoreBusy, StoreProblem, current_versions


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_damaged_file_is_a_dutch_message_and_stays_as_it_was(settings, variant):
    import_workbook(settings, FIXTURE, user="anna")
    damage(settings.db_path, variant)
    before = settings.db_path.read_bytes()
    with pytest.raises(StoreProblem) as refused:
        answer_342(settings)
    text = refused.value.message()
    assert "beschadigd" in text and str(settings.db_path) in text and "back-up" in text
    assert "Error" not in text
    assert "damaged" in refused.value.message("en")
    assert settings.db_path.read_bytes() == before  # nothing was written to it


@pytest.mark.parametrize("variant", ["afgekapt", "rommel", "blok"])
def test_the_command_line_answers_a_damaged_file_in_dutch(settings, variant):
    import_workbook(settings, FIXTURE, user="anna")
    damage(settings.db_path, variant)
    done = run_cli([], "answer", "--json", env={"WISSELAAR_DB": str(settings.db_path)})
    assert done.returncode == 1
    assert "beschadigd" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_damaged_file_in_a_folder_named_lock_is_not_taken_for_a_busy_one(tmp_path, settings):
    """DuckDB's messages hold the path; a path with "lock" in it once made every error look
    like a held lock, and the app waited the whole timeout before a wrong message."""
    import dataclasses

    path = tmp_path / "blocklock" / "data.duckdb"
    path.parent.mkdir()
    path.write_bytes(b"geen databank")
    slow = dataclasses.replace(settings, db_path=path, lock_timeout_s=600)
    with pytest.raises(StoreProblem) as refused:
        reads.frame(slow, "versies")  # with the old matching this waited 600 s
    assert not isinstance(refused.value, StoreBusy)


def test_busy_past_the_timeout_is_the_dutch_busy_message(settings):
    import dataclasses

    import_workbook(settings, FIXTURE, user="anna")
    impatient = dataclasses.replace(settings, lock_timeout_s=0.3)
    with held(settings.db_path), pytest.raises(StoreBusy) as refused:
        reads.frame(impatient, "versies")
    assert "in gebruik door een ander proces" in refused.value.message()


def test_a_database_deleted_while_the_process_runs_gets_its_schema_again(settings):
    import_workbook(settings, FIXTURE, user="anna")
    assert not reads.frame(settings, "versies").empty
    for path in (settings.db_path, settings.db_path.with_name(settings.db_path.name + ".wal")):
        path.unlink(missing_ok=True)
    assert reads.frame(settings, "versies").empty  # once: "Table versie does not exist"
    assert answer_342(settings) is None
    result = import_workbook(settings, FIXTURE, user="anna")
    assert result.errors == [] and result.version == 1


def test_a_database_replaced_by_another_file_gets_its_schema(settings, tmp_path):
    import duckdb

    import_workbook(settings, FIXTURE, user="anna")
    other = tmp_path / "ander.duckdb"
    duckdb.connect(str(other)).close()  # a valid DuckDB file without our tables
    shutil.move(other, settings.db_path)
    with Store(settings.db_path).read() as con:
        assert current_versions(con) == {}


def test_a_read_only_database_serves_reads_and_refuses_changes(tmp_path, fixture_xlsx):
    """`answer` only reads, so it works on a file nobody may write; `import` says why it
    cannot store anything. Run as a user for whom the file is read-only (root writes all)."""
    folder = shared_folder()
    try:
        prefix = read_only_runner(folder)
        db = folder / "alleen-lezen.duckdb"
        env = {"WISSELAAR_DB": str(db), "WISSELAAR_AUDIT_DB": str(folder / "audit.duckdb")}
        assert run_cli([], "import", str(fixture_xlsx), env=env).returncode == 0
        db.chmod(0o444)
        folder.chmod(0o555)  # nor a new file (the write-ahead log) beside it
        before = db.read_bytes()
        answered = run_cli(prefix, "answer", "--json", env=env)
        assert answered.returncode == 0, answered.stderr
        assert json.loads(answered.stdout)["vraag_2"]["aantal_trajecten"] == 7
        refused = run_cli(prefix, "import", str(fixture_xlsx), env=env)
        assert refused.returncode == 1
        assert "alleen-lezen" in refused.stderr and "Traceback" not in refused.stderr
        assert db.read_bytes() == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_read_only_file_that_is_no_database_of_ours_says_so(tmp_path):
    import duckdb

    folder = shared_folder()
    try:
        prefix = read_only_runner(folder)
        db = folder / "vreemd.duckdb"
        duckdb.connect(str(db)).close()
        db.chmod(0o444)
        folder.chmod(0o555)
        done = run_cli(prefix, "answer", "--json", env={"WISSELAAR_DB": str(db)})
        assert done.returncode == 1
        assert "geen gegevens van het Wisselaar-dashboard" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_no_progress_bar_on_standard_output(settings):
    """DuckDB draws a progress bar on stdout for a query longer than 2 s, also into a pipe
    (it broke `answer --json`'s JSON on a busy machine): every connection turns it off."""
    with Store(settings.db_path).read() as con:
        shown = con.execute("select current_setting('enable_progress_bar')").fetchone()[0]
    assert shown is False
