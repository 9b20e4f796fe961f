"""Versions, "as of" moments, original files, atomicity and side-by-side use of the store."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURE, edited_workbook
from wisselaar.answer import answer_342
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, current_versions, list_versions, original_file

PROJECT = Path(__file__).resolve().parents[2]
T1 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)


def cli(*args: str, db: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WISSELAAR_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "wisselaar", *args],
        cwd=PROJECT,
        env=env,
        text=True,
        capture_output=True,
        timeout=timeout,
    )


def budget_only(tmp_path: Path) -> Path:
    """The fixture's Budget sheet alone, with 2022's envelope raised to 200.000."""
    return edited_workbook(tmp_path / "budget.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])


def test_reimport_replaces_only_the_sheets_present(settings, tmp_path):
    first = import_workbook(settings, FIXTURE, user="anna", now=T1)
    second = import_workbook(settings, budget_only(tmp_path), user="bert", now=T2)
    assert (first.version, second.version) == (1, 2)
    with Store(settings.db_path).read() as con:
        assert current_versions(con) == {
            "trajecten": 1,
            "experts": 1,
            "criteria": 1,
            "budget": 2,
            "financien": 1,
            "evaluaties": 1,
        }
        versions = list_versions(con)
    assert [v["versie_id"] for v in versions] == [2, 1]
    assert versions[0]["gebruiker"] == "bert" and versions[0]["bladen"] == ["Budget"]
    assert versions[0]["rijen"] == {"budget": 4}
    figures = answer_342(settings).figures
    assert figures["vraag_4"]["totaal_beschikbaar_eur"] == 482044  # 432.044 + 50.000
    assert figures["vraag_2"]["aantal_trajecten"] == 7


def test_as_of_before_the_second_upload_gives_the_first_figures(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    import_workbook(settings, budget_only(tmp_path), user="bert", now=T2)
    before = cli("answer", "--json", "--as-of", "2024-03-15", db=settings.db_path)
    after = cli("answer", "--json", db=settings.db_path)
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    old, new = json.loads(before.stdout), json.loads(after.stdout)
    assert old["vraag_4"]["totaal_beschikbaar_eur"] == 432044
    assert new["vraag_4"]["totaal_beschikbaar_eur"] == 482044
    assert old["stand_van"] == "2024-03-01T10:00:00+01:00"
    assert new["stand_van"] == "2024-04-01T11:00:00+02:00"
    # the stand_van printed, passed back, gives the same figures (to the second, inclusive)
    again = cli("answer", "--json", "--as-of", old["stand_van"], db=settings.db_path)
    assert json.loads(again.stdout) == old
    # a moment before any version: exit 1 with a Dutch reason
    none = cli("answer", "--json", "--as-of", "2024-02-29T23:59:59", db=settings.db_path)
    assert none.returncode == 1 and "geen gegevens" in none.stderr


def test_the_original_file_comes_back_byte_identical(settings):
    result = import_workbook(settings, FIXTURE, user="anna")
    with Store(settings.db_path).read() as con:
        assert original_file(con, result.version) == FIXTURE.read_bytes()
    import hashlib

    assert result.sha256 == hashlib.sha256(FIXTURE.read_bytes()).hexdigest()


def test_dry_run_validates_without_storing(settings):
    done = cli("import", str(FIXTURE), "--dry-run", db=settings.db_path)
    assert done.returncode == 0 and "Proefrun" in done.stdout
    assert answer_342(settings) is None


def test_import_prints_version_sheets_counts_and_warnings(settings):
    done = cli("import", str(FIXTURE), "--user", "vvsg-data", db=settings.db_path)
    assert done.returncode == 0, done.stderr
    assert "Versie 1 bewaard" in done.stdout
    assert "- Financien: 13 rijen" in done.stdout
    assert "W1-03" in done.stdout and "€ 60.000,00" in done.stdout
    with Store(settings.db_path).read() as con:
        assert list_versions(con)[0]["gebruiker"] == "vvsg-data"


def test_waits_while_another_process_holds_the_database(settings):
    import_workbook(settings, FIXTURE, user="anna")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(settings.db_path)!r})
            print("held", flush=True)
            time.sleep(2)
            con.close()
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        waited = cli("answer", "--json", db=settings.db_path)
        assert waited.returncode == 0, waited.stderr
        assert json.loads(waited.stdout)["vraag_2"]["aantal_trajecten"] == 7
    finally:
        holder.wait(timeout=30)


def test_gives_up_in_dutch_after_the_lock_timeout(settings):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(settings.db_path)!r})
            print("held", flush=True)
            time.sleep(6)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        env_timeout = {
            **os.environ,
            "WISSELAAR_DB": str(settings.db_path),
            "WISSELAAR_LOCK_TIMEOUT_S": "1",
        }
        done = subprocess.run(
            [sys.executable, "-m", "wisselaar", "answer", "--json"],
            cwd=PROJECT,
            env=env_timeout,
            text=True,
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "in gebruik door een ander proces" in done.stderr
    finally:
        holder.kill()
        holder.wait()


KILLED_IMPORT = """
import sys, time
import wisselaar.store as store
original = store._insert_rows
calls = []
def slow_insert(con, version, dataset):
    original(con, version, dataset)
    calls.append(dataset)
    if len(calls) == 3:  # half-way through the datasets of one version
        print("inside", flush=True)
        time.sleep(60)
store._insert_rows = slow_insert
from pathlib import Path
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings
import_workbook(Settings.from_env(), Path(sys.argv[1]), user="killed")
"""


@pytest.mark.timeout(120)
def test_an_import_killed_midway_leaves_the_previous_version_intact(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    before = answer_342(settings).figures
    changed = edited_workbook(tmp_path / "changed.xlsx", [("Budget", "C3", 999999)])
    env = {**os.environ, "WISSELAAR_DB": str(settings.db_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(changed)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "inside"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with duckdb.connect(str(settings.db_path)) as con:  # the file opens after the crash
        assert con.execute("select count(*) from versie").fetchone() == (1,)
        assert con.execute("select count(*) from budget").fetchone() == (4,)
    assert answer_342(settings).figures == before


def test_readers_in_other_threads_see_the_old_or_the_new_version(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    old = answer_342(settings).figures
    changed = edited_workbook(
        tmp_path / "changed.xlsx",
        [("Budget", "C3", 200000), ("Trajecten", "I8", "lopend"), ("Experts", "G2", 1)],
    )
    seen: list[dict] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                seen.append(answer_342(settings).figures)
        except BaseException as error:  # any failure fails the test
            failures.append(error)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    result = import_workbook(settings, changed, user="bert")
    for _ in range(20):  # keep reading the new version for a moment too
        seen.append(answer_342(settings).figures)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert result.version == 2 and not failures
    new = answer_342(settings).figures
    assert new != old
    comparable = [{k: v for k, v in f.items() if k != "stand_van"} for f in seen]
    allowed = [{k: v for k, v in f.items() if k != "stand_van"} for f in (old, new)]
    assert all(figures in allowed for figures in comparable)
    assert allowed[0] in comparable and allowed[1] in comparable
