"""Trouble on every page (issue 12 point 7, issue 11 point 2): a database that is busy or
damaged is a Dutch message with what to do; an unexpected error is a message with a
reference that is also in the server log with its traceback; Streamlit's own control flow
passes; a sign-in whose audit entry cannot be written is refused (issue 12 point 8)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import BEHEER, as_user
from tests.conftest import FIXTURE, edited_workbook, rendered
from tests.hostile import damage, held
from ui import errors
from wisselaar.auth import hash_password
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, list_versions

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(path.stem for path in (ROOT / "pages").glob("*.py"))  # every page, new ones too
PASSWORD = "een lang test-wachtwoord"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_text(app: AppTest) -> str:
    """Everything the page says in text elements (not in tables), as a reader sees it: the
    Markdown source without its backslash escapes."""
    parts = [e.value for kind in ("error", "warning", "info", "markdown", "caption", "title")
             for e in getattr(app, kind)]  # fmt: skip
    return re.sub(r"\\([!-/:-@[-`{-~])", r"\1", "\n".join(str(p) for p in parts))


def open_as_beheer(name: str) -> AppTest:
    app = as_user(AppTest.from_file(APP, default_timeout=60), BEHEER)
    app.run()
    app.switch_page(f"pages/{name}.py").run()
    return app


@pytest.mark.parametrize("name", PAGES)
def test_a_database_busy_past_the_timeout_is_the_dutch_busy_message_on_every_page(
    settings, monkeypatch, name
):
    import_workbook(settings, FIXTURE, user="anna")
    monkeypatch.setenv("WISSELAAR_LOCK_TIMEOUT_S", "0.3")
    with held(settings.db_path):
        app = open_as_beheer(name)
    assert not app.exception, app.exception
    assert "in gebruik door een ander proces" in page_text(app)
    assert "Traceback" not in page_text(app) and "IO Error" not in page_text(app)


@pytest.mark.parametrize("name", PAGES)
def test_a_damaged_database_is_a_dutch_message_on_every_page(settings, name):
    import_workbook(settings, FIXTURE, user="anna")
    damage(settings.db_path, "rommel")
    app = open_as_beheer(name)
    assert not app.exception, app.exception
    assert "is beschadigd" in page_text(app) and "back-up" in page_text(app)


def test_a_database_deleted_while_the_app_runs_is_an_empty_one(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_as_beheer("overzicht")
    assert not app.exception
    settings.db_path.unlink()
    app.run()
    assert not app.exception, app.exception
    assert "Nog geen gegevens" in page_text(app)


def breaking_page() -> None:
    import streamlit as st

    from ui import errors

    errors.cover_this_run()
    st.title("Kapot")
    raise ZeroDivisionError("geheim detail /srv/wisselaar/data.duckdb")


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def server_log():
    collect = Collect()
    errors.log.addHandler(collect)
    try:
        yield collect.records
    finally:
        errors.log.removeHandler(collect)


def test_an_unexpected_error_is_a_message_with_a_reference_that_the_log_has_too(
    monkeypatch, server_log
):
    monkeypatch.setattr(errors, "testing", lambda: False)  # as in a server
    app = AppTest.from_function(breaking_page).run()
    assert not app.exception  # nothing of the error itself reaches the page
    shown = page_text(app)
    code = re.search(r"referentie ([0-9a-f]{8})\b", shown)
    assert code, shown
    assert "geheim" not in shown and "ZeroDivisionError" not in shown and "/srv" not in shown
    logged = [r for r in server_log if code.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError  # with its traceback


def test_under_apptest_the_error_still_reaches_the_test(server_log):
    app = AppTest.from_function(breaking_page).run()
    assert "referentie" in page_text(app)
    assert app.exception and app.exception[0].value == "geheim detail /srv/wisselaar/data.duckdb"


def stopping_and_rerunning_page() -> None:
    import streamlit as st

    from ui import errors

    errors.cover_this_run()
    runs = st.session_state.setdefault("runs", 0)
    st.session_state["runs"] = runs + 1
    if runs == 0:
        st.rerun()
    st.write(f"run {runs + 1}")
    st.stop()
    st.write("never")


def test_streamlits_own_control_flow_passes_through(server_log):
    app = AppTest.from_function(stopping_and_rerunning_page).run()
    assert not app.error and not app.exception
    assert [m.value for m in app.markdown] == ["run 2"]
    assert not server_log


def local_app(settings) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    accounts = {"otto": {"role": "opladen", "password_hash": hash_password(PASSWORD)}}
    app.secrets = {"wisselaar": {"accounts": accounts}}
    app.user = {}
    app.run()
    app.switch_page("pages/overzicht.py").run()
    return app.run()


def test_a_sign_in_whose_audit_entry_cannot_be_written_is_refused(settings):
    import_workbook(settings, FIXTURE, user="anna")
    settings.audit_path.write_bytes(b"geen logboek")
    app = local_app(settings)
    app.text_input(key="aanmelden_naam").input("otto")
    app.text_input(key="aanmelden_wachtwoord").input(PASSWORD)
    app.button(key="FormSubmitter:aanmelden-Aanmelden").click().run()
    assert not app.exception, app.exception
    assert "auditlogboek" in app.error[0].value and "niets gewijzigd" in app.error[0].value
    assert [t.value for t in app.title] == ["Aanmelden"]
    app.run()
    assert [t.value for t in app.title] == ["Aanmelden"]  # still not signed in


def test_an_openid_connect_sign_in_whose_audit_entry_cannot_be_written_is_refused(settings):
    import_workbook(settings, FIXTURE, user="anna")
    settings.audit_path.write_bytes(b"geen logboek")
    app = as_user(AppTest.from_file(APP, default_timeout=60), BEHEER).run()
    assert not app.exception, app.exception
    assert "auditlogboek" in page_text(app)
    assert "Overzicht" not in [t.value for t in app.title]


def test_a_confirmation_whose_audit_entry_cannot_be_written_is_refused_on_the_page(
    settings, tmp_path
):
    """Opladen says so itself, where the user confirmed, and keeps the preview to try again."""
    import_workbook(settings, FIXTURE, user="anna")
    app = open_as_beheer("opladen")
    good = edited_workbook(tmp_path / "goed.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    uploader = next(u for u in app.file_uploader if u.key.startswith("werkmap"))
    uploader.upload(good.name, good.read_bytes(), XLSX)
    app.run()
    assert "is geldig" in app.success[0].value
    settings.audit_path.write_bytes(b"geen logboek")  # the log breaks after the preview
    app.button(key="bevestig").click().run()
    assert not app.exception, app.exception
    (error,) = app.error
    said = rendered(error.value)  # the file name and the path are made text (ui/text.md)
    assert said.startswith("De werkmap goed.xlsx is niet bewaard. Deze handeling gaat niet door")
    assert "auditlogboek" in said and "niets gewijzigd" in said
    assert "is geldig" in app.success[0].value  # the preview stays, to confirm again
    with Store(settings.db_path).read() as con:
        assert len(list_versions(con)) == 1
