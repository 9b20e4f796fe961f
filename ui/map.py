"""The map of the municipalities on a page: its controls (colour by role or by a count, the
exchanges as lines), the figure (ui/map_figure.py) with the table behind it one click away,
and a click on a municipality that opens its profile.

The geometry is loaded and parsed once per process (`maps.load`); the figures come from the
figure engine (the municipalities and exchanges of the sidebar's period), so the filters,
"stand van" and the counting of municipalities are those of every other page; each view's
figure is built once and reused by later reruns (`_view`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import page_scripts, url_state
from ui.context import Context
from ui.frame import query_params
from ui.map_figure import HEIGHT, MAX_LINES, MEASURES, SMALL_HEIGHT, alt_text, figure
from ui.tables import table
from ui.text import md
from wisselaar import figures
from wisselaar.boundaries import BoundaryError
from wisselaar.engine import Figure
from wisselaar.formatting import format_int
from wisselaar.maps import FIGURES, Boundaries, load
from wisselaar.reads import data_token

PROFILE_WIDGET = "gemeente"  # the key of pages/gemeenten.py's choice of a profile


@dataclass(frozen=True)
class View:
    """What one view of the map shows; shared between reruns and sessions: read-only."""

    figure: go.Figure
    table: Figure  # the table behind the map: the municipalities figure, roles in words
    flows: Figure | None  # the exchanges drawn, when the lines are on
    unplaced: pd.DataFrame
    alt: str  # plain text: the chart's text alternative
    caption: str  # the same as Markdown, its names made text (ui/text.md)


_VIEWS: OrderedDict[tuple[Any, ...], View] = OrderedDict()
_VIEWS_LOCK = threading.Lock()
MAX_VIEWS = 16  # a figure holds a copy of the shapes (~2 MB): keep only a few
TABLE_COLUMNS = ("nis", "naam", "provincie", "rol", *FIGURES)
FLOW_COLUMNS = ("aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten")


def _view(ctx: Context, boundaries: Boundaries, measure: str, lines: bool, small: bool) -> View:
    """The view, built once per data version, boundary file, filters and choices: building
    the figure copies every shape (plotly validates and copies what it is given), which is
    most of the map's cost; a rerun that changes none of these reuses it."""
    key = (
        data_token(ctx.settings.db_path),
        boundaries.version,
        ctx.filters,
        measure,
        lines,
        small,
        ctx.lang,
    )
    with _VIEWS_LOCK:
        if key in _VIEWS:
            _VIEWS.move_to_end(key)
            return _VIEWS[key]
    t, source = ctx.t, ctx.source
    municipalities = figures.gemeenten_kaart(source, ctx.filters)
    total = figures.gemeenten_totaal(source, ctx.filters).frame.iloc[0]
    flows = None
    if lines:
        exchanges = figures.stromen(source, ctx.filters)
        ends = exchanges.frame["aanbiedend"].isin(boundaries.points) & exchanges.frame[
            "vragend"
        ].isin(boundaries.points)
        drawn = exchanges.frame[ends & ~exchanges.frame["binnen_gemeente"]]
        flows = exchanges.narrowed(drawn.reset_index(drop=True))
    height = SMALL_HEIGHT if small else HEIGHT
    frame = municipalities.frame
    drawn_flows = flows.frame if flows is not None else None
    fig = figure(frame, boundaries, measure, drawn_flows, t, ctx.lang, height=height)
    alt = alt_text(frame, total, measure, ctx.filters.periode, t, ctx.lang)
    caption = alt_text(frame, total, measure, ctx.filters.periode, t, ctx.lang, quote=md)
    if flows is not None:
        lines_text = " " + t("kaart.alt_lijnen", n=min(len(flows.frame), MAX_LINES))
        alt, caption = alt + lines_text, caption + lines_text
    shown = municipalities.narrowed(frame.assign(rol=[t(f"rol.{r}") for r in frame["rol"]]))
    unplaced = figures.gemeenten_buiten_periode(source, ctx.filters).frame
    view = View(fig, shown, flows, unplaced, alt, caption)
    with _VIEWS_LOCK:
        _VIEWS[key] = view
        while len(_VIEWS) > MAX_VIEWS:
            _VIEWS.popitem(last=False)
    return view


def municipality_map(ctx: Context, *, key: str, title: str, profile: str | None = None) -> None:
    """The map of the sidebar's period under a subheader (or the one-line hint when there
    are no boundaries yet). With `profile` (the key of the page's municipality selectbox,
    drawn after the map) it has its controls, and a click on a municipality chooses it there;
    without, it is the small map, and a click opens that municipality's profile on the
    Gemeenten page."""
    st.subheader(title)
    t, periode = ctx.t, ctx.filters.periode
    try:
        boundaries = load(ctx.settings, periode)
    except BoundaryError as error:
        st.warning(error.message(ctx.lang, md), icon=":material/map:")
        return
    if boundaries is None:
        st.caption(t("kaart_hint.geen_grenzen"))
        return
    measure, lines = "rol", False
    small = profile is None
    if not small:
        left, right = st.columns([3, 2], vertical_alignment="bottom")
        measure = (
            url_state.select(
                left,
                t("kaart.kleur"),
                list(MEASURES),
                key=f"{key}_kleur",
                default="rol",
                widget="segmented_control",
                format_func=lambda m: t(f"kaart.maat_{m}"),
                wrap=True,  # on a phone the four choices do not fit on one line
            )
            or "rol"
        )
        lines = right.toggle(
            t("kaart.lijnen"), key=f"{key}_lijnen", bind="query-params", help=t("kaart.lijnen_hulp")
        )
    view = _view(ctx, boundaries, measure, lines, small)
    flows, unplaced, alt = view.flows, view.unplaced, view.alt
    # Only the open tab is drawn (a click on the other reruns): see ui/charts.show.
    map_tab, table_tab = st.tabs(
        [t("kaart.titel"), t("grafiek.tabel")], key=f"{key}_tabs", on_change="rerun"
    )
    state = None
    if map_tab.open:
        with map_tab:
            state = st.plotly_chart(
                view.figure,
                key=f"{key}_kaart",
                on_select="rerun",
                selection_mode="points",
                alt=alt,
                config={"displaylogo": False, "locale": "nl", "scrollZoom": False},
            )
            st.caption(f"{view.caption} {t('kaart.klik')} {t('kaart.bron')}")
            if flows is not None and len(flows.frame) > MAX_LINES:
                st.caption(
                    t(
                        "kaart.lijnen_top",
                        getoond=MAX_LINES,
                        totaal=format_int(len(flows.frame), ctx.lang),
                    )
                )
            if len(unplaced):
                pairs = zip(unplaced["naam"], unplaced["nis"], strict=True)
                names = ", ".join(f"{n} ({c})" for n, c in pairs)
                st.caption(t("periode.buiten", namen=md(names)))
    if table_tab.open:
        with table_tab:
            table(
                ctx,
                view.table,
                TABLE_COLUMNS,
                key=key,
                title=t("kaart.tabel_titel", periode=periode),
                money=("ontvangen_eur",),
            )
            if flows is not None:
                table(
                    ctx, flows, FLOW_COLUMNS, key=f"{key}_stromen", title=t("kaart.stromen_titel")
                )
    clicked = _clicked(state, key)
    if clicked is None:
        return
    involved = set(view.table.frame.loc[view.table.frame["betrokken"], "nis"])
    if clicked not in involved:
        name = boundaries.names.get(clicked, "")  # the code comes from the browser
        st.info(t("kaart.geen_gegevens_gemeente", naam=md(name), nis=md(clicked)))
    elif profile is None:
        open_profile(clicked)
    else:
        st.session_state[profile] = clicked
        page_scripts.into_view(profile)  # the profile is drawn far below the map


def _clicked(state: Any, key: str) -> str | None:
    """The municipality of a new click: a selection stays in the chart's state across reruns,
    so each one is acted on once (else it would override a later choice in the profile)."""
    points = list(state.selection.points) if state else []
    codes = tuple(str(p["customdata"]) for p in points if p.get("customdata"))
    seen = f"_{key}_gezien"
    if st.session_state.get(seen) == codes:
        return None
    st.session_state[seen] = codes
    return codes[0] if codes else None


def open_profile(nis: str) -> None:
    """The Gemeenten page with this municipality's profile open, keeping the filters and the
    sidebar's period (the code is one of that period). The profile's choice is set through
    session state (bound widgets read labels, not codes, from a URL) before the switch, so
    that it takes this value when the page draws it."""
    st.session_state[PROFILE_WIDGET] = nis
    st.switch_page("pages/gemeenten.py", query_params=query_params())
