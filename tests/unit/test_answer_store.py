"""The contract's JSON kept with the data (wisselaar/answer_store.py): always compute()'s
output for exactly the data, thresholds and code it is asked for; anything else is computed,
and every import and rollback drops what was kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal

from tests.conftest import FIXTURE, edited_workbook
from wisselaar import PROJECT_DIR, answer_store, database
from wisselaar.answer import compute
from wisselaar.auth import User
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, utc_now
from wisselaar.versions import rollback

BEHEER = User("bea", "beheer")
# The command line in a process of its own; prints its JSON, then whether pandas was loaded.
CLI = """
import sys
from wisselaar.cli import main
code = main(sys.argv[1:])
print("pandas geladen:", "pandas" in sys.modules)
sys.exit(code)
"""


def kept(settings, moment: dt.datetime | None = None) -> str | None:
    with Store(settings.db_path).read() as con:
        return answer_store.lookup(con, moment or utc_now(), settings)


def computed(settings, moment: dt.datetime | None = None) -> str:
    with Store(settings.db_path).read() as con:
        return compute(con, moment or utc_now(), settings).to_json()


def cli_json(settings, *extra: str, env: dict[str, str] | None = None) -> tuple[dict, bool]:
    """`answer --json` as a process: its JSON and whether it loaded pandas."""
    result = subprocess.run(
        [sys.executable, "-c", CLI, "answer", "--json", "--db", str(settings.db_path), *extra],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR), **(env or {})},
        check=True,
    )
    text, loaded = result.stdout.rstrip("\n").rsplit("\n", 1)
    return json.loads(text), loaded == "pandas geladen: True"


def test_the_command_line_keeps_what_it_computed_and_answers_from_it_without_pandas(settings):
    import_workbook(settings, FIXTURE, user="anna")
    assert kept(settings) is None  # an import keeps nothing: the first answer computes
    figures, loaded_pandas = cli_json(settings)
    assert loaded_pandas and figures == json.loads(computed(settings))
    assert kept(settings) == computed(settings)
    figures, loaded_pandas = cli_json(settings)
    assert not loaded_pandas and figures == json.loads(computed(settings))


def test_another_moment_or_other_thresholds_are_computed(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    cli_json(settings)
    first = utc_now()
    assert kept(settings, first) is not None
    import_workbook(settings, edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 1)]), user="b")
    assert kept(settings, first) is None  # the next import dropped it
    cli_json(settings)  # keeps the second version's
    figures, loaded_pandas = cli_json(settings, "--as-of", first.isoformat() + "+00:00")
    assert loaded_pandas and figures == json.loads(computed(settings, first))

    strict = dataclasses.replace(settings, onderbenutting_pct=Decimal("99.9"))
    assert kept(strict) is None
    figures, loaded_pandas = cli_json(settings, env={"WISSELAAR_ONDERBENUTTING_PCT": "99.9"})
    assert loaded_pandas and figures == json.loads(computed(strict))
    # What the command line computed for the data in force is kept for the next time.
    assert kept(strict) == computed(strict)
    assert not cli_json(settings, env={"WISSELAAR_ONDERBENUTTING_PCT": "99.9"})[1]


def test_other_code_is_computed(settings, monkeypatch):
    import_workbook(settings, FIXTURE, user="anna")
    cli_json(settings)
    assert kept(settings) is not None
    monkeypatch.setattr(answer_store, "code_digest", lambda: "andere code")
    assert kept(settings) is None


def test_an_import_and_a_rollback_drop_what_was_kept(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    before = cli_json(settings)[0]
    changed = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 1)], keep=["Budget"])
    import_workbook(settings, changed, user="bert")
    assert kept(settings) is None
    assert cli_json(settings)[0]["vraag_4"] != before["vraag_4"]
    assert kept(settings) is not None
    rollback(settings, BEHEER, 1, "verkeerd budget")
    assert kept(settings) is None
    figures, loaded_pandas = cli_json(settings)
    assert loaded_pandas and figures["vraag_4"] == before["vraag_4"]
    assert kept(settings) == computed(settings)


def test_a_file_with_an_older_schema_gets_it_again(settings):
    """A new process skips creating the schema only when the file says it has this one."""
    import_workbook(settings, FIXTURE, user="anna")
    with Store(settings.db_path).write() as con:
        con.execute("drop view gemeente_toewijzing")
        con.execute("update schema_bron set bron = 'ouder'")
    database._READY.clear()  # as in a new process
    with Store(settings.db_path).read() as con:
        found = con.execute("select count(*) from gemeente_toewijzing").fetchone()[0]
    assert found > 0


def cli_out(settings, out_dir, *extra: str) -> bool:
    """`answer --out DIR` as a process: whether it loaded pandas (computed the draft)."""
    command = [sys.executable, "-c", CLI, "answer", "--db", str(settings.db_path)]
    result = subprocess.run(
        [*command, "--out", out_dir, *extra],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"Geschreven: {out_dir}/antwoord.docx",
        f"Geschreven: {out_dir}/bijlage.xlsx",
    ]
    return lines[-1] == "pandas geladen: True"


def draft_files(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("antwoord.docx", "bijlage.xlsx")}


def test_the_draft_files_are_kept_and_written_again_without_computing(settings, tmp_path):
    from wisselaar.answer_files import answer_files_bytes

    import_workbook(settings, FIXTURE, user="anna")
    assert cli_out(settings, str(tmp_path / "eerst"))  # computed, then kept
    with Store(settings.db_path).read() as con:
        assert answer_store.lookup_files(con, utc_now(), settings) == draft_files(
            tmp_path / "eerst"
        )
        expected = answer_files_bytes(compute(con, utc_now(), settings))
    assert draft_files(tmp_path / "eerst") == expected
    assert not cli_out(settings, str(tmp_path / "opnieuw"))  # from what was kept
    assert draft_files(tmp_path / "opnieuw") == expected

    changed = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 1)], keep=["Budget"])
    import_workbook(settings, changed, user="bert")
    with Store(settings.db_path).read() as con:
        assert answer_store.lookup_files(con, utc_now(), settings) is None  # the import dropped it
    assert cli_out(settings, str(tmp_path / "nu"))
    assert draft_files(tmp_path / "nu") != expected
    # An earlier moment is computed (only the data in force is kept), with the same bytes.
    with Store(settings.db_path).read() as con:
        first = con.execute("select aangemaakt_op from versie where versie_id = 1").fetchone()[0]
    as_of = first.replace(tzinfo=dt.UTC).isoformat()
    assert cli_out(settings, str(tmp_path / "toen"), "--as-of", as_of)
    assert draft_files(tmp_path / "toen") == expected


def test_the_app_offers_the_files_the_command_line_kept_and_keeps_what_it_made(settings, tmp_path):
    """pages/vragen.py gets question 342's files through kept_answer_files: the command
    line's files when they are of this data, period and the default quotes; otherwise made,
    and (default quotes, the contract's period) kept for `answer --out`."""
    from wisselaar.answer import answer_342
    from wisselaar.answer_evaluation import quote_options
    from wisselaar.answer_files import answer_files_bytes, answer_kenmerk, kept_answer_files
    from wisselaar.filters import PERIODE_2025

    import_workbook(settings, FIXTURE, user="anna")
    answer = answer_342(settings)  # the app's source: each read cached per data version
    made = kept_answer_files(settings, answer)  # nothing kept yet: made, then kept
    with Store(settings.db_path).read() as con:
        assert answer_store.lookup_files(con, utc_now(), settings) == made
        assert made == answer_files_bytes(compute(con, utc_now(), settings))  # as the CLI's
    assert not cli_out(settings, str(tmp_path / "cli"))  # the command line writes them
    assert draft_files(tmp_path / "cli") == made

    with Store(settings.db_path, 1).write() as con:  # what was kept is what is offered
        con.execute("update antwoord_bestanden set inhoud = 'gehouden'::blob")
    assert set(kept_answer_files(settings, answer).values()) == {b"gehouden"}
    default = quote_options(answer)[1]
    assert set(kept_answer_files(settings, answer, default).values()) == {b"gehouden"}
    # Other quotes or another period: made for the choice, the kept files stay as they are.
    theme, ids = next((k, v) for k, v in default.items() if v)
    other = {**default, theme: ids[:-1]}
    assert kept_answer_files(settings, answer, other) == answer_files_bytes(answer, other)
    other_period = answer_342(settings, periode="2019-2024")
    assert other_period.periode != PERIODE_2025
    assert kept_answer_files(settings, other_period) == answer_files_bytes(other_period)
    with Store(settings.db_path).read() as con:
        assert set(answer_store.lookup_files(con, utc_now(), settings).values()) == {b"gehouden"}
    assert (
        answer_kenmerk(answer) == answer_kenmerk(answer, default) != answer_kenmerk(answer, other)
    )
