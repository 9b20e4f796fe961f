"""AppTest smoke run: every page runs without exception, on data and on an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE
from wisselaar.ingest import import_workbook

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "pages/overzicht.py",
    "pages/gemeenten.py",
    "pages/trajecten.py",
    "pages/budget.py",
    "pages/evaluatie.py",
]


def run(page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        app.switch_page(page).run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_database(settings, page):
    app = run(page)
    assert not app.exception
    assert any("Nog geen gegevens" in info.value for info in app.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_fixture(settings, page):
    import_workbook(settings, FIXTURE, user="anna")
    app = run(page)
    assert not app.exception, app.exception
    assert any("opgeladen door anna" in caption.value for caption in app.caption)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_english(settings, page):
    import_workbook(settings, FIXTURE, user="anna")
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["taal"] = "en"
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_sample_data(settings, page):
    from wisselaar.ingest import SAMPLE_WORKBOOK

    result = import_workbook(settings, SAMPLE_WORKBOOK, user="voorbeeld", sample=True)
    assert result.errors == []
    app = run(page)
    assert not app.exception, app.exception
    assert any("voorbeeldgegevens" in w.value for w in app.warning)
