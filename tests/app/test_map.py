"""The map (AppTest, and its figure): every municipality of the period drawn from synthetic
boundaries (tests/boundary_files.py; once more from the real shared reference files where
they are present), the fixture's roles, the mergers on the 2025 map, the counts, the
exchanges, the filters, and the one-line hint when no boundaries have been fetched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page, tables_open
from tests.boundary_files import source_files, with_sources
from tests.conftest import FIXTURE, edited_workbook, rendered
from wisselaar.boundaries import build_all
from wisselaar.ingest import import_workbook
from wisselaar.municipalities import all_in_period
from wisselaar.settings import Settings

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ROLE = {
    "aanbiedend": "aanbiedend",
    "vragend": "vragend",
    "aanbiedend en vragend": "beide",
    "geen rol in de trajecten": "geen",
}


def build_into(folder: Path, kind: str) -> Path:
    """Boundaries built by the real `grenzen` code into `folder`, from synthetic sources or
    ("shared") from the real files."""
    build_all(with_sources(Settings(), source_files(kind, folder / "bron"), folder))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic boundaries built once into a temporary folder."""
    return build_into(tmp_path_factory.mktemp("grenzen"), "synthetic")


@pytest.fixture
def boundaries(built: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WISSELAAR_GRENZEN_DIR", str(built))
    return built


@pytest.fixture
def fixture_with_merelbeke(settings, tmp_path: Path) -> None:
    """The fixture, with W1-04 (2023) asked by Merelbeke instead of Kortrijk: Melle (W1-02)
    and Merelbeke each requested one trajectory from Gent before they merged."""
    edits = [("Trajecten", "D5", "Merelbeke"), ("Evaluaties", "C7", "Merelbeke")]
    workbook = edited_workbook(tmp_path / "merelbeke.xlsx", edits)
    assert import_workbook(settings, workbook, user="anna").errors == []


def the_map(app: AppTest, key: str = "kaart") -> dict[str, Any]:
    """The map's plotly figure, as sent to the browser."""
    charts = [c for c in app.get("plotly_chart") if f"{key}_kaart" in c.proto.id]
    assert len(charts) == 1, [c.proto.id for c in app.get("plotly_chart")]
    return json.loads(charts[0].proto.spec)


def areas(figure: dict[str, Any]) -> list[dict[str, Any]]:
    return [trace for trace in figure["data"] if trace["type"] == "choropleth"]


def roles(figure: dict[str, Any]) -> dict[str, str]:
    """nis -> role, read from the legend entry grouped with each area."""
    names = {
        t["legendgroup"]: t["name"]
        for t in figure["data"]
        if t["type"] == "scattergeo" and t.get("showlegend", True) and t.get("legendgroup")
    }
    return {
        nis: ROLE[names[trace["legendgroup"]]]
        for trace in areas(figure)
        for nis in trace["locations"]
    }


def values(figure: dict[str, Any]) -> dict[str, float]:
    return {
        nis: z
        for trace in areas(figure)
        for nis, z in zip(trace["locations"], trace["z"], strict=True)
    }


def hover(figure: dict[str, Any], nis: str) -> str:
    trace = next(t for t in areas(figure) if nis in t["locations"])
    return trace["text"][trace["locations"].index(nis)]


@pytest.mark.parametrize("kind", ["synthetic", "shared"])
def test_every_municipality_of_the_period_is_drawn(settings, kind, built, tmp_path, monkeypatch):
    folder = built if kind == "synthetic" else build_into(tmp_path / "grenzen", kind)
    monkeypatch.setenv("WISSELAAR_GRENZEN_DIR", str(folder))
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/gemeenten.py")
    drawn = [nis for trace in areas(the_map(app)) for nis in trace["locations"]]
    assert sorted(drawn) == sorted(g.nis for g in all_in_period("2025"))  # 285, each once
    shapes = [f["id"] for trace in areas(the_map(app)) for f in trace["geojson"]["features"]]
    assert sorted(shapes) == sorted(drawn)  # each area carries exactly its own shape

    app.sidebar.radio(key="periode").set_value("2019-2024").run()
    drawn = [nis for trace in areas(the_map(app)) for nis in trace["locations"]]
    assert sorted(drawn) == sorted(g.nis for g in all_in_period("2019-2024"))  # 300
    assert not app.exception


def test_the_roles_of_the_fixture(settings, boundaries):
    import_workbook(settings, FIXTURE, user="anna")
    role = roles(the_map(open_page("pages/gemeenten.py")))
    assert role["44021"] == "aanbiedend"  # Gent
    assert role["24062"] == "beide"  # Leuven
    assert role["41002"] == "vragend"  # Aalst
    assert role["44088"] == "vragend"  # Merelbeke-Melle, through Melle (W1-02)
    assert role["11002"] == "geen"  # Antwerpen
    assert sum(r != "geen" for r in role.values()) == 8
    text = hover(the_map(open_page("pages/gemeenten.py")), "44021")
    assert "<b>Gent</b> (NIS 44021)" in text and "Trajecten als aanbiedend: 2" in text
    assert "Ontvangen financiering: € 24.000,00" in text


def test_the_2025_map_counts_melle_and_merelbeke_for_merelbeke_melle(
    settings, boundaries, fixture_with_merelbeke
):
    app = open_page("pages/gemeenten.py")
    app.segmented_control(key="kaart_kleur").set_value("trajecten").run()
    figure = the_map(app)
    assert values(figure)["44088"] == 2  # Melle's W1-02 and Merelbeke's W1-04
    assert "Trajecten als vragend: 2" in hover(figure, "44088")
    assert "44040" not in values(figure) and "44043" not in values(figure)

    app.sidebar.radio(key="periode").set_value("2019-2024").run()
    figure = the_map(app)
    assert (values(figure)["44040"], values(figure)["44043"]) == (1, 1)  # Melle, Merelbeke
    assert "44088" not in values(figure)


def test_the_counts_on_a_sequential_scale(settings, boundaries):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/gemeenten.py")
    app.segmented_control(key="kaart_kleur").set_value("ontvangen").run()
    figure = the_map(app)
    scaled = next(t for t in areas(figure) if t.get("showscale", True))
    assert scaled["colorbar"]["title"]["text"] == "Ontvangen financiering"
    assert dict(zip(scaled["locations"], scaled["z"], strict=True)) == {
        "12025": 75000.0,  # Mechelen
        "24062": 65000.5,  # Leuven
        "44021": 24000.0,  # Gent
    }
    assert any("het hoogst in Mechelen (€ 75.000,00)" in rendered(c.value) for c in app.caption)
    app.segmented_control(key="kaart_kleur").set_value("experts").run()
    assert values(the_map(app))["44021"] == 2  # Gent's two experts


def test_the_exchanges_as_lines_with_mergers_mapped(settings, boundaries, fixture_with_merelbeke):
    app = open_page("pages/gemeenten.py")
    assert [t for t in the_map(app)["data"] if t.get("mode") == "lines"] == []  # off by default
    app.toggle(key="kaart_lijnen").set_value(True).run()
    figure = the_map(app)
    lines = [t for t in figure["data"] if t.get("mode") == "lines"]
    segments = sum(len(t["lon"]) // 3 for t in lines)
    labels = next(t["text"] for t in figure["data"] if t.get("mode") == "markers" and "text" in t)
    assert segments == len(labels) == 7  # Gent -> Melle and Gent -> Merelbeke are one line
    assert "Gent → Merelbeke-Melle: 2 trajecten" in labels
    assert "Mechelen → Leuven: 1 traject" in labels
    assert not any("Vragend bestuur" in d.value.columns for d in app.dataframe)  # drawn later
    flows = next(
        d.value for d in tables_open(app).dataframe if "Vragend bestuur" in d.value.columns
    )
    assert len(flows) == 7


def test_the_sidebar_filters_apply(settings, boundaries):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/gemeenten.py", provincie="Limburg")
    role = roles(the_map(app))
    limburg = {g.nis for g in all_in_period("2025") if g.provincie == "Limburg"}
    assert set(role) == limburg  # only the filtered province is drawn
    assert role["71016"] == "beide" and role["71072"] == "vragend"  # Genk, Hasselt
    app = open_page("pages/gemeenten.py", status="lopend")  # W1-03 Leuven->Genk, W2-01
    role = roles(the_map(app))
    assert {n for n, r in role.items() if r != "geen"} == {"24062", "71016", "12025", "71072"}


def test_the_small_map_on_overzicht(settings, boundaries):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/overzicht.py")
    assert roles(the_map(app, "overzicht_kaart"))["44021"] == "aanbiedend"
    assert any(s.value == "Gemeenten op de kaart" for s in app.subheader)


def test_without_boundaries_the_pages_say_how_to_get_the_map(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("WISSELAAR_GRENZEN_DIR", str(tmp_path / "leeg"))
    import_workbook(settings, FIXTURE, user="anna")
    hint = (
        "Geen kaart: de gemeentegrenzen zijn nog niet opgehaald. "
        "Haal ze op met het commando: python -m wisselaar grenzen"
    )
    for page in ("pages/gemeenten.py", "pages/overzicht.py"):
        app = open_page(page)
        assert [c.value for c in app.caption if "Geen kaart" in c.value] == [hint]
        assert not [c for c in app.get("plotly_chart") if "kaart" in c.proto.id]
