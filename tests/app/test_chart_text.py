"""The chart helpers make every text they draw text for Plotly (issue 12 point 6): category
values, series names and titles (ui/charts.py), trajectory IDs on the timeline, municipality
names on the flows and in the map's hover, whose catalogue template keeps its own markup.
tests/e2e/test_injection_pages_browser.py checks the drawn SVG in a real browser."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial

import pandas as pd
import pytest

from tests.e2e.injections import page_injections
from ui import charts
from ui.map_figure import _hover, alt_text
from ui.text import md
from wisselaar.i18n import t

STRINGS = page_injections("http://127.0.0.1:9")
T = partial(t, lang="nl")


def tagless(text: str) -> bool:
    return "<" not in text and ">" not in text and "%{" not in text


def test_bar_categories_series_names_and_titles_are_text():
    frame = pd.DataFrame({"label": STRINGS, "n": range(1, len(STRINGS) + 1)})
    fig = charts.bars(frame, "label", ["n"], ["<b>reeks</b>"], title="Per <a href=x>lijn</a>")
    (trace,) = fig.data
    assert [html.unescape(x) for x in trace.x] == STRINGS and all(map(tagless, trace.x))
    assert trace.name == "&lt;b&gt;reeks&lt;/b&gt;"
    assert fig.layout.title.text == "Per &lt;a href=x&gt;lijn&lt;/a&gt;"


def test_a_long_title_keeps_its_own_line_breaks_only():
    title = "Beschikbaar en uitbetaald per begrotingsjaar en <b>budgetlijn</b> van 100 %"
    text = charts.style(charts.go.Figure(), title=title).layout.title.text
    lines = text.split("<br>")
    assert len(lines) == 3 and all(map(tagless, lines))  # wrapped at 40 characters
    assert html.unescape(" ".join(lines)) == title


def test_timeline_rows_and_flow_nodes_are_text():
    day = dt.date(2022, 3, 1)
    trajecten = pd.DataFrame(
        {"traject_id": STRINGS, "startdatum": day, "einddatum": None, "status": "lopend"}
    )
    (bars,) = charts.timeline(trajecten, title="Tijdlijn").data
    assert [html.unescape(y) for y in bars.y] == STRINGS and all(map(tagless, bars.y))
    flows = pd.DataFrame(
        {"aanbiedend_naam": ["<b>Gent</b>"], "vragend_naam": ["[Aalst](x)"], "trajecten": [2]}
    )
    (sankey,) = charts.sankey(flows, title="Stromen", most=10).data
    labels = list(sankey.node.label)
    assert [html.unescape(x) for x in labels] == ["<b>Gent</b> ▸", "[Aalst](x) ▸", "<b>Gent</b>",
                                                  "[Aalst](x)"]  # fmt: skip
    assert all(map(tagless, labels))


@pytest.fixture
def municipalities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "naam": ['<a href="http://127.0.0.1:9/">Gent</a>'],
            "nis": ["44021"],
            "rol": ["aanbiedend"],
            "trajecten_aanbiedend": [2],
            "trajecten_vragend": [0],
            "experts": [1],
            "ontvangen_eur": [1000],
        }
    )


def test_the_map_hover_escapes_the_name_and_keeps_its_template(municipalities):
    (hover,) = _hover(municipalities, T, "nl")
    assert hover.startswith('<b>&lt;a href="http://127.0.0.1:9/"&gt;Gent&lt;/a&gt;</b> (NIS 44021)')
    assert "<br>Rol: aanbiedend<br>" in hover  # the catalogue's own line breaks


def test_the_map_alt_text_quotes_only_the_name(municipalities):
    total = pd.Series({"kaart": 285, "met_experts": 1})
    plain = alt_text(municipalities, total, "experts", "2025", T, "nl")
    shown = alt_text(municipalities, total, "experts", "2025", T, "nl", quote=md)
    assert 'het hoogst in <a href="http://127.0.0.1:9/">Gent</a> (1)' in plain
    assert shown == plain.replace(municipalities["naam"][0], md(municipalities["naam"][0]))
