"""A rerun of a page whose inputs (moment, filters, period, data, language) did not change does
no database work and builds no figure: it opens no database file, runs no query and gets the
engine's figures of the first run back (issue 13, point 3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.app.conftest import open_page
from tests.app.test_map import boundaries, build_into, built  # noqa: F401 (fixtures)
from tests.conftest import FIXTURE
from wisselaar import database, engine, queries
from wisselaar.ingest import import_workbook

PAGES = ("overzicht", "gemeenten", "trajecten", "budget", "evaluatie", "vragen")


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts every database file opened, query run and figure made from here on."""
    counted: Counter[str] = Counter()

    def counting(name: str, original):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return original(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(queries, "frame", counting("query", queries.frame))
    monkeypatch.setattr(queries, "execute", counting("query", queries.execute))
    monkeypatch.setattr(engine, "_figure", counting("figure", engine._figure))
    connect = database.DatabaseFile.connect
    monkeypatch.setattr(database.DatabaseFile, "connect", counting("open", connect))
    yield counted


@pytest.mark.parametrize("page", PAGES)
def test_a_rerun_does_no_database_work(settings, boundaries, work, page):  # noqa: F811
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(f"pages/{page}.py", status="lopend")
    assert work["query"] > 0 and work["figure"] > 0  # the first run did the work
    shown = [m.value for m in app.metric], [d.value.shape for d in app.dataframe]
    work.clear()
    app.run()
    assert not app.exception
    assert dict(work) == {}
    assert ([m.value for m in app.metric], [d.value.shape for d in app.dataframe]) == shown


def test_new_data_is_read_on_the_next_run(settings, work):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/overzicht.py")
    import_workbook(settings, FIXTURE, user="bert")  # the same rows: a new version
    work.clear()
    app.run()
    assert work["query"] > 0 and work["figure"] > 0
    assert "Trajecten versie 2" in " ".join(c.value for c in app.caption)
