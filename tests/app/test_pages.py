"""AppTest behaviour: the figures each page shows for the hand-checked fixture, the filters,
the 2019-2024 / 2025 switch and the "stand van" choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page, tables_open
from tests.conftest import FIXTURE, edited_workbook, rendered
from wisselaar.ingest import import_workbook

APP = str(Path(__file__).resolve().parents[2] / "app.py")
T1 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def frame_with(app: AppTest, column: str):
    return next(d.value for d in app.dataframe if column in d.value.columns)


def test_overzicht_shows_the_fixture_figures(settings):
    import_workbook(settings, FIXTURE, user="anna")
    shown = metrics(open_page("pages/overzicht.py"))
    assert shown["Trajecten"] == "7"
    assert shown["Ondernomen"] == "5"
    assert shown["Aanbiedende besturen"] == "5"  # Mechelen, Gent, Leuven, Genk, Kortrijk
    assert (
        shown["Vragende besturen"] == "7"
    )  # Leuven, Aalst, Melle, Genk, Kortrijk, Hasselt, Mechelen
    assert shown["Budget beschikbaar"] == "€ 432.044,00"
    assert shown["Uitbetaald"] == "€ 346.044,50"
    assert shown["Benutting"] == "80,1 %"
    assert shown["Gemiddelde tevredenheid"] == "4,20"
    assert shown["Doelen bereikt"] == "40,0 %"


def test_filters_from_the_url_narrow_the_figures(settings):
    import_workbook(settings, FIXTURE, user="anna")
    shown = metrics(open_page("pages/overzicht.py", status="lopend"))
    assert shown["Trajecten"] == "2"  # W1-03 and W2-01
    app = open_page("pages/overzicht.py", oproep="2023")
    assert metrics(app)["Trajecten"] == "3"
    assert app.sidebar.multiselect(key="oproep").value == [2023]


def test_a_filter_set_in_the_sidebar_applies(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/trajecten.py")
    app.sidebar.multiselect(key="vorm").set_value(["mentoring"]).run()
    assert any("Alle trajecten (3)" in h.value for h in app.subheader)  # W1-01, W2-01, W2-03


def test_stand_van_shows_older_figures(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    import_workbook(settings, budget, user="bert", now=T2)
    app = open_page("pages/overzicht.py")
    assert metrics(app)["Budget beschikbaar"] == "€ 482.044,00"
    assert any("opgeladen door bert" in c.value for c in app.caption)
    app.sidebar.selectbox(key="stand").set_value(1).run()
    assert metrics(app)["Budget beschikbaar"] == "€ 432.044,00"
    assert any("opgeladen door anna" in c.value for c in app.caption)


def test_what_changed_since_the_previous_version(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    import_workbook(settings, budget, user="bert", now=T2)
    app = open_page("pages/overzicht.py")
    table = app.table[0].value
    changed = dict(
        zip(table.iloc[:, 0], zip(table.iloc[:, 1], table.iloc[:, 2], strict=True), strict=True)
    )
    assert changed["Budget beschikbaar"] == ("€ 432.044,00", "€ 482.044,00")
    assert "Aantal trajecten" not in changed


def test_gemeenten_maps_old_codes_to_the_2025_municipality(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/gemeenten.py")
    data = frame_with(app, "NIS-code")
    names = dict(zip(data["NIS-code"], data["Naam"], strict=True))
    assert names["44088"] == "Merelbeke-Melle" and "44040" not in names
    assert names["71072"] == "Hasselt"  # Hasselt 71022 (2023) merged into 71072
    gent = data[data["NIS-code"] == "44021"].iloc[0]
    assert (gent["Trajecten als aanbiedend"], gent["Experts"], gent["Rol"]) == (2, 2, "aanbiedend")
    old = open_page("pages/gemeenten.py", periode="2019-2024")
    old_names = set(frame_with(old, "NIS-code")["Naam"])
    assert {"Melle", "Hasselt"} <= old_names and "Merelbeke-Melle" not in old_names


def test_gemeenten_profile_of_one_municipality(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/gemeenten.py")
    app.selectbox(key="gemeente").set_value("44021").run()
    assert any("**Gent** (NIS 44021" in m.value for m in app.markdown)
    trajecten = frame_with(app, "Vorm")
    assert sorted(trajecten["Traject-ID"]) == ["W1-02", "W1-04"]


def test_budget_lines_with_their_verdicts(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/budget.py")
    assert not any("Oordeel" in d.value.columns for d in app.dataframe)  # the charts are shown
    lines = frame_with(tables_open(app), "Oordeel")
    assert list(lines["Oordeel"]) == ["conform", "onderbenutting", "overbenutting", "n.v.t."]
    beneficiaries = frame_with(app, "Begunstigde")
    vvsg = beneficiaries[beneficiaries["Begunstigde"] == "VVSG"].iloc[0]
    assert float(vvsg["Uitbetaald"]) == 182044.0


def test_evaluatie_counts_and_reports(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/evaluatie.py")
    assert any("6 evaluaties" in c.value for c in app.caption)
    reports = frame_with(app, "Rapport")
    assert list(reports["Traject-ID"]) == ["W1-01", "W1-02"]


def test_the_details_of_every_trajectory_open(settings):
    """Issue 9: W22-02 (two experts) once raised a ValueError; every row opens now, on the
    fixture and on the sample data."""
    from ui.frame import DETOUR_KEY
    from wisselaar.engine import Database
    from wisselaar.figures import trajecten
    from wisselaar.filters import Filters
    from wisselaar.ingest import SAMPLE_WORKBOOK

    page = str(Path(__file__).resolve().parents[2] / "pages" / "trajecten.py")
    for workbook in (FIXTURE, SAMPLE_WORKBOOK):
        import_workbook(settings, workbook, user="anna")
        ids = list(trajecten(Database(settings), Filters()).frame["traject_id"])
        for row, traject_id in enumerate(ids):
            app = AppTest.from_file(page, default_timeout=60)
            app.session_state[DETOUR_KEY] = True
            app.session_state["trajecten_tabel"] = {
                "selection": {"rows": [row], "columns": [], "cells": []}
            }
            app.run()
            assert not app.exception, (traject_id, app.exception)
            heading = f"**{traject_id}**"
            assert any(rendered(m.value).startswith(heading) for m in app.markdown), traject_id


def test_a_long_trajectory_list_is_shown_a_page_at_a_time(
    settings, tmp_path, managers, monkeypatch
):
    """Issue 13: a list whose rows can be selected is sent to the browser whole, so past 1,000
    rows it is shown a page at a time; a row chosen on a later page opens that trajectory,
    and the download still holds every row. The warm-up has labelled the list already."""
    from bench.synthetic import build_synthetic_workbook
    from tests.app.conftest import downloaded
    from ui import tables, warm
    from ui.frame import DETOUR_KEY
    from ui.tables import PAGE_ROWS
    from wisselaar.engine import Database
    from wisselaar.figures import trajecten
    from wisselaar.filters import Filters

    path = build_synthetic_workbook(tmp_path / "lang.xlsx", 2_500, 2_500, 100)
    assert not import_workbook(settings, path, user="anna").errors
    ids = list(trajecten(Database(settings), Filters()).frame["traject_id"])
    assert len(ids) == 2_500 and PAGE_ROWS == 1_000
    warm._figures(settings)
    labelled_rows: list[int] = []
    labelled = tables.labelled
    monkeypatch.setattr(
        tables,
        "labelled",
        lambda context, frame, *a: labelled_rows.append(len(frame)) or labelled(context, frame, *a),
    )

    app = open_page("pages/trajecten.py")
    assert any(h.value == "Alle trajecten (2.500)" for h in app.subheader)
    tables_open(app)  # the tables behind the charts are labelled as they are drawn
    assert 2_500 not in labelled_rows and len(labelled_rows) >= 4
    pages = app.selectbox(key="trajecten_pagina")
    assert pages.label == "Rijen"
    assert pages.options == ["1–1.000 van 2.500", "1.001–2.000 van 2.500", "2.001–2.500 van 2.500"]
    assert list(frame_with(app, "Vorm")["Traject-ID"]) == ids[:1_000]
    csv = downloaded(managers, app, "trajecten_csv").decode("utf-8-sig")
    assert all(f"\n{i};" in csv for i in (ids[0], ids[1_500], ids[-1]))

    pages.select_index(2).run()
    assert not app.exception, app.exception
    assert list(frame_with(app, "Vorm")["Traject-ID"]) == ids[2_000:]
    assert not any(rendered(m.value).startswith("**") for m in app.markdown)  # nothing chosen

    page = str(Path(__file__).resolve().parents[2] / "pages" / "trajecten.py")
    chosen = AppTest.from_file(page, default_timeout=60)
    chosen.session_state[DETOUR_KEY] = True
    chosen.session_state["trajecten_pagina"] = 2_000
    chosen.session_state["trajecten_tabel_2000"] = {
        "selection": {"rows": [3], "columns": [], "cells": []}
    }
    chosen.run()
    assert not chosen.exception, chosen.exception
    assert any(rendered(m.value).startswith(f"**{ids[2_003]}**") for m in chosen.markdown)
