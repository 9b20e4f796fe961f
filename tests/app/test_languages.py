"""Both languages complete in the tables (issue 10 point 4): the browser test reads what a page
draws, but a table's cells are drawn on a canvas; here every page is run in English and in
Dutch (as `beheer`, who sees every page) and every cell and column name of every table is
checked for a value label of the other language (tests/language_check.py): a cell that is
such a label, or a number written the other language's way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import BEHEER, as_user, open_page
from tests.conftest import FIXTURE
from tests.language_check import foreign_numbers, value_labels
from wisselaar.ingest import import_workbook

PAGES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))


def _cells(app: Any) -> list[str]:
    texts: list[str] = []
    for element in app.dataframe:
        frame = element.value
        frame = getattr(frame, "data", frame)  # a Styler's data
        texts += [str(c) for c in frame.columns]
        for value in frame.to_numpy().ravel():
            items = value if hasattr(value, "__len__") and not isinstance(value, str) else [value]
            texts += [str(v) for v in items if v is not None]
    return texts


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_table_cell_is_in_the_chosen_language(settings, lang):
    assert import_workbook(settings, FIXTURE, user="anna").accepted
    other, mine = value_labels("nl" if lang == "en" else "en"), value_labels(lang)
    problems: dict[str, list[str]] = {}
    seen, labelled = 0, set()
    for name in PAGES:
        app = open_page(f"pages/{name}", taal=lang)
        as_user(app, BEHEER).run()
        app.switch_page(f"pages/{name}").run()
        assert not app.exception, (name, app.exception)
        cells = _cells(app)
        seen += len(cells)
        labelled |= {c for c in cells if c in mine}
        # A cell that is a label (a cell of data text, such as an explanation, may be Dutch).
        wrong = sorted(
            {c for c in cells if c in other} | set(foreign_numbers(" | ".join(cells), lang))
        )
        if wrong:
            problems[name] = wrong
    assert seen > 200  # the tables were there to be read, with values in this language:
    assert len(labelled) > 10, labelled
    assert problems == {}
