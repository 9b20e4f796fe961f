"""The project's own promises: a Streamlit-free core, documented settings, complete
catalogues, and every named query running against a real fixture database."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE
from wisselaar import queries
from wisselaar.filters import Filters
from wisselaar.i18n import LANGUAGES, catalogue
from wisselaar.ingest import import_workbook
from wisselaar.settings import SETTINGS
from wisselaar.store import Store, utc_now

PROJECT = Path(__file__).resolve().parents[2]


def test_the_core_never_imports_streamlit():
    modules = sorted(
        "wisselaar." + p.stem for p in (PROJECT / "wisselaar").glob("*.py") if p.stem != "__main__"
    )
    assert _loaded_by(modules, "m.split('.')[0] == 'streamlit'") == "[]"


def test_the_figure_pages_do_not_load_the_import_code():
    """Issue 13: what the figure pages and the warm-up import leaves the import code (fastexcel,
    the checks, the typing) to the upload page; Overzicht loaded it through ui/changes, 0.17 s
    of the first page after the sign-in."""
    modules = ["ui.frame", "ui.charts", "ui.changes", "ui.map", "ui.kpi", "ui.tables"]
    modules += ["ui.quotes", "ui.question_intake", "wisselaar.answer", "wisselaar.questions"]
    modules += ["wisselaar.question_blocks", "wisselaar.answer_files", "wisselaar.figures"]
    import_code = "('wisselaar.ingest', 'wisselaar.versions', 'wisselaar.xlsx_reader', 'fastexcel')"
    assert _loaded_by(modules, f"m in {import_code}") == "[]"


def _loaded_by(modules: list[str], condition: str) -> str:
    """In a fresh interpreter: the loaded modules `m` for which `condition` holds once
    `modules` are imported, as printed (a sorted list)."""
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        f"print(sorted(m for m in sys.modules if {condition}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in readme]
    assert missing == []


def _placeholders(message: str | dict[str, str]) -> set[str]:
    """The placeholders of a template, or of all forms of a plural message together."""
    templates = message.values() if isinstance(message, dict) else [message]
    return {name for text in templates for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nl"])
def test_catalogues_hold_the_same_keys_and_placeholders(lang):
    dutch, other = catalogue("nl"), catalogue(lang)
    assert sorted(set(dutch) ^ set(other)) == []
    differing = [k for k in dutch if _placeholders(dutch[k]) != _placeholders(other[k])]
    assert differing == []
    # A plural message is one in every language (its count chooses the form in each).
    kinds = [k for k in dutch if isinstance(dutch[k], dict) != isinstance(other[k], dict)]
    assert kinds == []


def test_every_query_runs_against_a_fixture_database(settings):
    import_workbook(settings, FIXTURE, user="test")
    with Store(settings.db_path).read() as con:
        for name in queries.names():
            query = queries.load(name)
            defaults = {**Filters().params(), "stand": utc_now(), "traject": "W1-01"}
            values = {p: defaults[p] for p in query.parameters}
            rows = queries.run(con, name, **values)
            assert isinstance(rows, list), name


def test_query_files_follow_the_conventions():
    for path in (PROJECT / "queries" / f"{name}.sql" for name in queries.names()):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("-- "), f"{path.name}: header comment"
        assert "Parameters:" in text.split("\n\n")[0] or "Parameters" in text[:400], path.name
        assert not re.search(r"\{[a-z_]+\}|%s", text), f"{path.name}: pasted parameters"
        final_select = text[text.rindex("\nselect") :]
        assert not final_select.startswith("\nselect *"), f"{path.name}: explicit final columns"


def test_a_query_refuses_missing_or_unexpected_parameters(settings):
    with Store(settings.db_path).read() as con:
        with pytest.raises(queries.QueryError):
            queries.run(con, "rapporten")
        with pytest.raises(queries.QueryError):
            queries.run(con, "rapporten", stand=utc_now(), extra=1)
