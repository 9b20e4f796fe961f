"""AppTest: the app runs on an empty database and on data."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE
from wisselaar.ingest import import_workbook

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_empty_database_shows_a_friendly_state(settings):
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "Nog geen gegevens" in app.info[0].value


def test_shows_the_versions_after_an_import(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "opgeladen door anna" in app.caption[0].value
    table = app.dataframe[0].value
    assert list(table["Versie"]) == [1]
