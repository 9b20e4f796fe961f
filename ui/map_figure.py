"""The map's plotly figure: a choropleth of a period's municipalities coloured by role (or a
count on a sequential scale), a legend in words, the exchanges as lines, and its text
alternative. No Streamlit here: ui/map.py draws it.

Offline by design: plotly's Choropleth on the stored boundaries with the base map hidden (and
see `_anchor`), so neither a tile server nor plotly's CDN is ever asked for anything.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui import colours
from ui.colours import NONE_COLOUR
from ui.text import plot
from wisselaar.formatting import format_eur, format_int
from wisselaar.maps import ROLES, Boundaries

# The roles' colours of every chart (ui/colours.py): blue, orange, reddish purple, and a light
# grey for "no role" (never colour alone: the legend and every hover say the role in words,
# and the table is one click away). A choropleth has no patterns.
ROLE_COLOURS = {role: look.colour for role, look in colours.ROLES.items()}
# Sequential, one hue (readable with every colour-vision deficiency), light to dark.
SEQUENTIAL = [[0.0, "#C6DBEF"], [0.5, "#4A90C4"], [1.0, "#08306B"]]
MEASURES = ("rol", "trajecten", "experts", "ontvangen")
LINE_COLOUR = "rgba(40, 40, 40, 0.75)"
MAX_LINES = 150
HEIGHT, SMALL_HEIGHT = 480, 340


def _hover(frame: pd.DataFrame, t: Callable[..., str], lang: str) -> list[str]:
    """Per municipality its hover text: the catalogue's template is Plotly markup (`<b>`,
    `<br>`); the name and code in it are made text (ui/text.plot)."""
    role = {r: t(f"rol.{r}") for r in ROLES}
    zero_eur = format_eur(0, lang)
    return [
        t(
            "kaart.hover",
            naam=plot(naam),
            nis=plot(nis),
            rol=role[rol],
            aanbiedend=format_int(a, lang) if a else "0",
            vragend=format_int(v, lang) if v else "0",
            experts=format_int(e, lang) if e else "0",
            ontvangen=format_eur(o, lang) if o else zero_eur,
        )
        for naam, nis, rol, a, v, e, o in zip(
            frame["naam"],
            frame["nis"],
            frame["rol"],
            frame["trajecten_aanbiedend"],
            frame["trajecten_vragend"],
            frame["experts"],
            frame["ontvangen_eur"],
            strict=True,
        )
    ]


def _anchor(boundaries: Boundaries) -> go.Scattergeo:
    """An invisible point as the map's first trace. plotly.js downloads its world base map
    (from its CDN) when the first trace of a geo subplot has a `locationmode`, and every
    Choropleth has one; a Scattergeo with plain coordinates has none, so the map never asks
    anything of another server and renders offline (tests/e2e/test_map_browser.py checks)."""
    lon, lat = next(iter(boundaries.points.values()))
    return go.Scattergeo(
        lon=[lon],
        lat=[lat],
        mode="markers",
        marker={"size": 1, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
        name="",
    )


def _area(boundaries: Boundaries, part: pd.DataFrame, hover: list[str], **style: Any) -> Any:
    codes = list(part["nis"])
    return go.Choropleth(
        geojson=boundaries.collection(codes),  # only this trace's shapes: no copy per trace
        locations=codes,
        customdata=codes,
        text=[hover[i] for i in part.index],
        hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": "white", "width": 0.6}},
        unselected={"marker": {"opacity": 0.55}},
        showlegend=False,
        **style,
    )


def _flat(boundaries: Boundaries, part: pd.DataFrame, hover: list[str], colour: str) -> Any:
    scale = [[0, colour], [1, colour]]
    return _area(boundaries, part, hover, z=[0] * len(part), colorscale=scale, showscale=False)


def _key(name: str, colour: str, group: str) -> go.Scattergeo:
    """A legend entry in words (plotly draws none for a Choropleth): an empty trace with a
    square of the colour, grouped with the areas so that a click on it hides them too."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        name=name,
        legendgroup=group,
        hoverinfo="skip",
        marker={
            "symbol": "square",
            "size": 14,
            "color": colour,
            "line": {"color": "#9A9A9A", "width": 1},
        },
    )


def figure(
    frame: pd.DataFrame,
    boundaries: Boundaries,
    measure: str,
    flows: pd.DataFrame | None,
    t: Callable[..., str],
    lang: str,
    *,
    height: int = HEIGHT,
) -> go.Figure:
    """The choropleth (one trace per role, or the count on a sequential scale with zeros in
    grey) and, when `flows` is given, the exchanges as lines between the municipalities."""
    hover = _hover(frame, t, lang)
    fig = go.Figure(_anchor(boundaries))
    if measure == "rol":
        for role in ROLES:
            part = frame[frame["rol"] == role]
            if len(part):
                colour = ROLE_COLOURS[role]
                fig.add_trace(_flat(boundaries, part, hover, colour).update(legendgroup=role))
                fig.add_trace(_key(t(f"rol.{role}"), colour, role))
    else:
        column = {"ontvangen": "ontvangen_eur"}.get(measure, measure)
        values = frame[column].astype(float)
        zero, some = frame[values <= 0], frame[values > 0]
        if len(zero):
            fig.add_trace(_flat(boundaries, zero, hover, NONE_COLOUR).update(legendgroup="nul"))
            fig.add_trace(_key(t("kaart.legende_nul"), NONE_COLOUR, "nul"))
        if len(some):
            money = column == "ontvangen_eur"
            colorbar = {
                "title": {"text": t(f"kaart.maat_{measure}")},
                "tickformat": ",.0f" if money else ",d",
                "tickprefix": "€ " if money else "",
                "thickness": 14,
                "len": 0.8,
            }
            fig.add_trace(
                _area(
                    boundaries,
                    some,
                    hover,
                    z=list(values[values > 0]),
                    colorscale=SEQUENTIAL,
                    zmin=0,
                    colorbar=colorbar,
                )
            )
    if flows is not None and len(flows):
        _add_lines(fig, flows.head(MAX_LINES), boundaries, t)
    # The frame takes Flanders' own proportions (`fitbounds` would keep a square frame and
    # leave half the width empty); the base map stays hidden: nothing but our shapes is drawn.
    lons, lats = boundaries.extent(list(frame["nis"]))
    fig.update_geos(
        visible=False, projection_type="mercator", lonaxis_range=lons, lataxis_range=lats
    )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        separators=",.",
        # Under the map: at the top, plotly's toolbar (top right) covers it on a phone.
        legend={"orientation": "h", "yanchor": "top", "y": 0, "x": 0},
        showlegend=True,
        font={"family": "sans-serif", "color": "#333332"},
        hoverlabel={"bgcolor": "white"},
        uirevision="kaart",  # keep the user's zoom when the figures change
    )
    return fig


ARROW_AT = 0.82  # where along a line its arrowhead sits: near the requesting end


def _arrow(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float]:
    """(lon, lat, angle) of an arrowhead near the requesting end, pointing along the line as
    drawn: on a Mercator map a step in latitude is stretched by 1 / cos(latitude), and plotly
    turns a marker clockwise from north."""
    lon, lat = x0 + ARROW_AT * (x1 - x0), y0 + ARROW_AT * (y1 - y0)
    north = (y1 - y0) / math.cos(math.radians(lat))
    return lon, lat, math.degrees(math.atan2(x1 - x0, north))


def _add_lines(
    fig: go.Figure, flows: pd.DataFrame, boundaries: Boundaries, t: Callable[..., str]
) -> None:
    """One line trace per width (a trace has one width), thicker for more trajectories; an
    arrowhead near the requesting end of each line, which also names the exchange on hover."""
    points, most = boundaries.points, max(int(flows["trajecten"].max()), 1)
    widths: dict[float, tuple[list[float | None], list[float | None]]] = {}
    heads: tuple[list[float], list[float], list[float], list[str]] = ([], [], [], [])
    for a, v, n, a_name, v_name in zip(
        flows["aanbiedend"],
        flows["vragend"],
        flows["trajecten"],
        flows["aanbiedend_naam"],
        flows["vragend_naam"],
        strict=True,
    ):
        (x0, y0), (x1, y1) = points[a], points[v]
        lons, lats = widths.setdefault(round(1 + 3 * math.sqrt(n / most), 1), ([], []))
        lons += [x0, x1, None]
        lats += [y0, y1, None]
        lon, lat, angle = _arrow(x0, y0, x1, y1)
        heads[0].append(lon)
        heads[1].append(lat)
        heads[2].append(angle)
        heads[3].append(t("kaart.hover_lijn", van=plot(a_name), naar=plot(v_name), n=int(n)))
    name = t("kaart.legende_pijlen")
    for index, (width, (lons, lats)) in enumerate(sorted(widths.items())):
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                hoverinfo="skip",
                name=name,
                legendgroup="lijnen",
                showlegend=index == 0,
                line={"color": LINE_COLOUR, "width": width},
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lon=heads[0],
            lat=heads[1],
            text=heads[3],
            mode="markers",
            hovertemplate="%{text}<extra></extra>",
            legendgroup="lijnen",
            showlegend=False,
            marker={
                "symbol": "triangle-up",
                "angle": heads[2],
                "size": 11,
                "color": LINE_COLOUR,
                "line": {"color": "white", "width": 1},
            },
        )
    )


def alt_text(
    frame: pd.DataFrame,
    total: pd.Series,
    measure: str,
    periode: str,
    t: Callable[..., str],
    lang: str,
    quote: Callable[[object], str] = str,
) -> str:
    """The map in one or two sentences, for screen readers and under the map; the counts are
    those of the municipalities figure (its total row). `quote` makes the municipality's
    name text for where it is shown (ui/text.md under the map; str for the chart's alt)."""
    if measure == "rol":
        return t(
            "kaart.alt_rol",
            totaal=int(total["kaart"]),
            periode=periode,
            aanbiedend=int(total["enkel_aanbiedend"]),
            vragend=int(total["enkel_vragend"]),
            beide=int(total["beide"]),
            geen=int(total["zonder_rol"]),
        )
    column = {"ontvangen": "ontvangen_eur"}.get(measure, measure)
    values = frame[column].astype(float)
    top = frame.loc[values.idxmax()] if len(frame) and values.max() > 0 else None
    shown = "0"
    if top is not None:
        money = column == "ontvangen_eur"
        shown = format_eur(top[column], lang) if money else format_int(top[column], lang)
    return t(
        "kaart.alt_maat",
        totaal=int(total["kaart"]),
        periode=periode,
        maat=t(f"kaart.maat_{measure}").lower(),
        met=t("aantal.gemeenten", n=int(total[f"met_{measure}"])),
        hoogste=quote(top["naam"]) if top is not None else "-",
        waarde=shown,
    )
