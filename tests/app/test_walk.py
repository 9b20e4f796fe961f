"""The walk of every page through its data (issue 11, point 3 and "What to build"): on the
fixture and on the sample data, for every role and in both languages, every page the role
may open, with every tab and expander (AppTest holds their content whether or not they are
open), the first row of every selectable table chosen, every municipality's profile, and on
Opladen a refused workbook (a missing column: an error without a row).

Tables are drawn on a canvas (st.dataframe), so they are checked here through their data
rather than in the browser: no cell holds text reading `None`/`nan`/`NaT`/`<NA>`, and a table
with cells without a value tells the grid what to show for them (its placeholder: empty),
since Streamlit otherwise writes "None". Every other element's texts (messages, captions,
labels, options, chart specs) are read from its message. The browser walk
(tests/e2e/test_walk_browser.py) reads what the browser shows.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import BEHEER, LEZER, OPLADEN, TEST_SECRETS, oidc_identity
from tests.boundary_files import fixture_with_map
from tests.conftest import edited_workbook
from tests.walk_checks import cells_as_words, empty_words, error_marks, has_missing, proto_texts
from wisselaar.ingest import SAMPLE_WORKBOOK, import_workbook
from wisselaar.municipalities import NIEUW, all_in_period

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FIGURES = ["overzicht", "gemeenten", "trajecten", "budget", "evaluatie", "vragen"]
PAGES = {
    LEZER: FIGURES,
    OPLADEN: [*FIGURES, "opladen"],
    BEHEER: [*FIGURES, "opladen", "versies", "audit"],
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A page's select box that opens a profile: each option, for the role that sees every page
# (a profile shows the same to every role).
PROFILES = {"gemeenten": "gemeente"}


@pytest.fixture(scope="module", params=["fixture", "voorbeeld"])
def site(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One database per data set: the fixture (uploaded by anna), or the sample data over it
    (W22-02 and its two experts once showed a traceback), with synthetic boundaries so the
    maps are drawn; and a workbook whose Budget sheet lacks a required column."""
    folder = tmp_path_factory.mktemp("wandeling")
    settings = fixture_with_map(folder)
    if request.param == "voorbeeld":
        assert (
            import_workbook(settings, SAMPLE_WORKBOOK, user="voorbeeld", sample=True).errors == []
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WISSELAAR_DB", str(settings.db_path))
        patch.setenv("WISSELAAR_SAMPLE_DATA", "0")
        patch.setenv("WISSELAAR_GRENZEN_DIR", str(settings.grenzen_dir))
        missing = edited_workbook(
            folder / "zonder-kolom.xlsx",
            keep=["Budget"],
            change=lambda workbook: workbook["Budget"].delete_cols(3),
        )
        yield missing


def walk(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def findings(app: AppTest, where: str) -> list[str]:
    """What the page shows that it must not: an exception, an error in its place, an empty
    value written as a word (in any element's texts or any table's cells), or a table with
    empty cells and no placeholder for them."""
    found = [f"{where}: exception {e.value}" for e in app.exception]
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        texts = "\n".join(proto_texts(proto))
        found += [f"{where}: {line}" for line in empty_words(texts) + error_marks(texts)]
        kind = getattr(node, "type", "")
        if kind in ("dataframe", "table"):
            frame = node.value
            found += [f"{where}: {kind} cell {cell}" for cell in cells_as_words(frame)]
            missing = has_missing(frame)
            if missing and (kind == "table" or not proto.HasField("placeholder")):
                found.append(f"{where}: {kind} {list(frame.columns)} shows empty cells as None")
    return found


def selectable(app: AppTest) -> list[str]:
    return [d.key for d in app.dataframe if d.key and d.proto.selection_mode]


def visit(app: AppTest, page: str, where: str, missing: Path, profiles: bool) -> list[str]:
    app.switch_page(f"pages/{page}.py").run()
    found = findings(app, where)
    shown = len(app.dataframe)
    for key in selectable(app):  # the first row of each, one after the other
        app.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
        app.run()
        assert len(app.dataframe) > shown, f"{where}: choosing a row of {key} showed nothing"
        found += findings(app, f"{where}, {key} row 1")
    if profiles and page in PROFILES:
        codes = {g.naam: g.nis for g in all_in_period(NIEUW)}  # the sidebar's period
        for name in app.selectbox(key=PROFILES[page]).options:  # shown by name
            app.selectbox(key=PROFILES[page]).set_value(codes[name]).run()
            assert len(app.dataframe) > shown, f"{where}: no profile of {name}"
            found += findings(app, f"{where}, profile {name}")
    if page == "opladen":
        uploader = next(u for u in app.file_uploader if u.key.startswith("werkmap"))
        uploader.upload(missing.name, missing.read_bytes(), XLSX)
        app.run()
        assert app.error, "the workbook without a column was not refused"
        found += findings(app, f"{where}, refused workbook")
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("email", [LEZER, OPLADEN, BEHEER], ids=["lezer", "opladen", "beheer"])
def test_no_page_shows_an_empty_value_as_a_word_or_an_error(site, email, lang):
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets = copy.deepcopy(TEST_SECRETS)
    app.user = oidc_identity(email)
    app.query_params["taal"] = lang
    app.run()
    found: list[str] = []
    for page in PAGES[email]:
        found += visit(app, page, f"{page} ({lang})", site, profiles=email == BEHEER)
    assert found == []


def test_the_walk_sees_none_in_a_table_without_a_placeholder(site):
    """The check itself: the trajectory list (empty end dates) shown without the placeholder,
    as before the fix, is found."""
    app = AppTest.from_string(
        "import pandas as pd, streamlit as st\n"
        "st.dataframe(pd.DataFrame({'Einddatum': [None, '30/06/2023']}))\n"
        "st.dataframe(pd.DataFrame({'Einddatum': [None, '30/06/2023']}), placeholder='')\n"
        "st.caption(f'Link: {None}')\n"
        "st.dataframe(pd.DataFrame({'Rij': ['nan', '3']}), placeholder='')\n"
    ).run()
    assert findings(app, "proef") == [
        "proef: dataframe ['Einddatum'] shows empty cells as None",
        "proef: Link: None",
        "proef: dataframe cell Rij: nan",
    ]
