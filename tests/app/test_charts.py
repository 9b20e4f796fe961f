"""Charts (AppTest and their figures): one look per value whatever the filters, date ticks
spaced by the range, a readable flow chart for one pair, `€` on amount axes, and the map's
exchanges with a direction (issue 11, points 5 and 6)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import plotly.graph_objects as go
import pytest

from tests.app.conftest import open_page
from tests.conftest import FIXTURE
from ui import charts, colours
from ui.map_figure import _arrow
from wisselaar.ingest import import_workbook
from wisselaar.schema import STATUSSEN, THEMAS, VORMEN

OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"}


def figure(app, key: str) -> dict[str, Any]:
    charts_ = [c for c in app.get("plotly_chart") if f"{key}_grafiek" in c.proto.id]
    assert len(charts_) == 1, [c.proto.id for c in app.get("plotly_chart")]
    return json.loads(charts_[0].proto.spec)


def series_looks(fig: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """series name -> (colour, pattern) of a chart with one series per value."""
    return {
        trace["name"]: (
            trace["marker"]["color"],
            trace["marker"].get("pattern", {}).get("shape") or "",
        )
        for trace in fig["data"]
    }


def bar_looks(fig: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """category -> (colour, pattern) of a one-series chart coloured per bar."""
    (trace,) = fig["data"]
    categories = trace["y"] if trace.get("orientation") == "h" else trace["x"]
    marker = trace["marker"]
    colours_ = marker["color"] if isinstance(marker["color"], list) else [marker["color"]] * 99
    shapes = marker.get("pattern", {}).get("shape", [""] * len(categories))
    shapes = shapes if isinstance(shapes, list) else [shapes] * len(categories)
    return {c: (colours_[i], shapes[i]) for i, c in enumerate(categories)}


def test_every_value_has_its_own_okabe_ito_look():
    for kind, values in (("status", STATUSSEN), ("vorm", VORMEN), ("thema", THEMAS)):
        looks = [colours.look(kind, v) for v in values]
        assert None not in looks, kind
        assert len(set(looks)) == len(values), kind  # no two values of a kind look alike
        assert {x.colour for x in looks} <= OKABE_ITO, kind
    roles = [colours.look("rol", r) for r in ("aanbiedend", "vragend", "beide")]
    assert len(set(roles)) == 3 and {x.colour for x in roles} <= OKABE_ITO


@pytest.mark.parametrize(
    "query",
    [{"status": "lopend"}, {"oproep": "2023", "provincie": "Antwerpen"}],
    ids=["alleen-lopend", "oproep-2023-antwerpen"],
)
def test_lopend_keeps_its_look_whatever_the_filters(settings, query):
    import_workbook(settings, FIXTURE, user="anna")
    unfiltered = open_page("pages/trajecten.py")
    filtered = open_page("pages/trajecten.py", **query)

    before = series_looks(figure(unfiltered, "tijdlijn"))
    after = series_looks(figure(filtered, "tijdlijn"))
    assert len(before) > len(after)  # the filter removed other statuses from the timeline
    assert after["lopend"] == before["lopend"]
    # The bars per status keep every status (zeros too): each bar keeps its look as well.
    assert bar_looks(figure(filtered, "per_status")) == bar_looks(figure(unfiltered, "per_status"))
    assert bar_looks(figure(filtered, "per_status"))["lopend"] == after["lopend"]
    expected = colours.look("status", "lopend")
    assert series_looks(figure(filtered, "tijdlijn"))["lopend"] == (
        expected.colour,
        expected.pattern,
    )


def test_a_lone_stopgezet_is_not_coloured_like_afgerond(settings):
    import_workbook(settings, FIXTURE, user="anna")
    unfiltered = series_looks(figure(open_page("pages/trajecten.py"), "tijdlijn"))
    alone = series_looks(figure(open_page("pages/trajecten.py", status="stopgezet"), "tijdlijn"))
    assert list(alone) == ["stopgezet"]
    assert alone["stopgezet"] == unfiltered["stopgezet"] != unfiltered["afgerond"]


def test_the_roles_look_the_same_on_the_province_and_evaluation_charts(settings):
    import_workbook(settings, FIXTURE, user="anna")
    provinces = list(series_looks(figure(open_page("pages/gemeenten.py"), "provincies")).values())
    evaluations = figure(open_page("pages/evaluatie.py"), "evaluatie_tevredenheid")
    by_role = list(series_looks(evaluations).values())
    wanted = [
        (colours.ROLES[r].colour, colours.ROLES[r].pattern) for r in ("aanbiedend", "vragend")
    ]
    assert provinces == by_role == wanted


def ticks(dates: list[dt.date]) -> dict[str, Any]:
    fig = charts.month_axis(go.Figure(), dates)
    return fig.to_plotly_json()["layout"]["xaxis"]


def test_a_short_timeline_labels_each_month_once(settings):
    import_workbook(settings, FIXTURE, user="anna")
    axis = figure(open_page("pages/trajecten.py", status="stopgezet"), "tijdlijn")["layout"]
    assert (axis["xaxis"]["dtick"], axis["xaxis"]["tickformat"]) == ("M1", "%m/%Y")


@pytest.mark.parametrize(
    ("last", "step", "label"),
    [
        (dt.date(2022, 12, 20), "M1", "%m/%Y"),  # two months
        (dt.date(2024, 9, 1), "M3", "%m/%Y"),  # two years
        (dt.date(2027, 9, 1), "M6", "%m/%Y"),  # five years
        (dt.date(2032, 9, 1), "M12", "%Y"),  # ten years
    ],
)
def test_date_ticks_are_spaced_by_the_range(last, step, label):
    axis = ticks([dt.date(2022, 10, 5), last])
    assert (axis["dtick"], axis["tickformat"], axis["tick0"]) == (step, label, "2022-10-01")


def test_a_flow_chart_of_one_pair_is_a_readable_band(settings):
    import_workbook(settings, FIXTURE, user="anna")
    one = figure(open_page("pages/trajecten.py", status="stopgezet"), "stromen")
    many = figure(open_page("pages/trajecten.py"), "stromen")
    (sankey,) = one["data"]
    assert sankey["node"]["label"] == ["Gent ▸", "Kortrijk ▸", "Gent", "Kortrijk"]
    assert one["layout"]["height"] <= 250 < many["layout"]["height"]  # not a page-wide block
    assert "rgba(86, 180, 233" in sankey["link"]["color"]  # a light blue, not a grey mass


def test_amount_axes_carry_the_euro_sign_and_belgian_separators(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/budget.py")
    for key in ("budgetlijnen", "cumulatief"):
        layout = figure(app, key)["layout"]
        assert layout["yaxis"]["tickprefix"] == "€ " and layout["separators"] == ",.", key
        assert layout["yaxis"]["tickformat"] == ",~f", key  # 150.000, not 150k


@pytest.mark.parametrize(
    ("start", "end", "angle"),
    [((4.0, 51.0), (4.0, 51.5), 0), ((4.0, 51.0), (5.0, 51.0), 90), ((5, 51), (4, 50.5), -90)],
)
def test_the_arrowhead_points_from_offering_to_requesting(start, end, angle):
    lon, lat, turned = _arrow(*start, *end)
    assert min(start[0], end[0]) <= lon <= max(start[0], end[0])
    assert math.dist((lon, lat), end) < math.dist((lon, lat), start)  # near the requesting end
    if angle == -90:
        assert -180 < turned < -90  # west and a bit south, on the stretched Mercator map
    else:
        assert turned == pytest.approx(angle)


def test_the_timeline_lists_the_trajectories_from_the_earliest_start_down(settings):
    """Issue 11, seen on the walk's screenshots: the rows followed the status series (W2-03
    on top, W1-04 at the bottom), not the dates."""
    import_workbook(settings, FIXTURE, user="anna")
    axis = figure(open_page("pages/trajecten.py"), "tijdlijn")["layout"]["yaxis"]
    assert axis["autorange"] == "reversed"  # the first category is the top row
    assert axis["categoryarray"] == ["W1-01", "W1-02", "W1-03", "W1-04", "W2-01", "W2-02", "W2-03"]


def test_a_chart_of_one_bar_draws_a_bar_not_a_block(settings):
    """Issue 11, seen on the walk's screenshots: the average satisfaction of the only call
    filled the whole chart."""
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page("pages/evaluatie.py")
    lone, several = figure(app, "evaluatie_oproep"), figure(app, "evaluatie_tevredenheid")
    assert len(lone["data"][0]["x"]) == 1 and lone["layout"]["bargap"] == charts.LONE_BAR_GAP
    assert "bargap" not in several["layout"]  # five values: Plotly's own spacing


def test_a_count_bar_is_labelled_as_a_count_and_a_share_as_a_percentage():
    import pandas as pd

    frame = pd.DataFrame({"waarde": ["lopend", "afgerond"], "aantal": [4, 0], "pct": [26.9, 0]})
    counts = charts.bars(frame, "waarde", ["aantal"], ["Aantal"], title="Per status")
    assert list(counts.data[0].texttemplate) == ["%{value:,d}", ""]  # not "4,0 %"
    shares = charts.bars(frame, "waarde", ["pct"], ["Aandeel"], title="Aandeel", percent=True)
    assert list(shares.data[0].texttemplate) == ["%{value:.1f} %", ""]


def test_an_empty_date_in_a_formatted_table_is_empty_not_none():
    from decimal import Decimal

    import pandas as pd

    from ui.tables import for_screen

    frame = pd.DataFrame(
        {
            "Einddatum": [dt.date(2023, 6, 30), None],
            "Bedrag": [Decimal("1234.50"), Decimal("0.00")],
        }
    )
    html = for_screen(frame, ["Bedrag"], "en").to_html()
    assert "30/06/2023" in html and "€1,234.50" in html
    assert "None" not in html and "NaT" not in html
