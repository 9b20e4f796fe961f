"""Charts that stay readable and accessible: one colour and pattern per value (ui/colours.py,
Okabe-Ito), the language's number separators and `€` on amount axes, values by their labels
(wisselaar/labels.py), years as categories, date ticks spaced by the range, and the table
behind every chart one click away. Charts follow the language of the page (its Context).

Plotly draws its texts as a subset of HTML: these helpers take plain text (titles, category
values, series names, trajectory IDs, municipality names) and make every one of them text
with ui/text.plot, so that a value from a file never becomes a link or a tag in a chart."""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import colours
from ui.colours import PALETTE, Look
from ui.context import Context
from ui.tables import table
from ui.text import plot
from wisselaar import reads
from wisselaar.engine import Figure
from wisselaar.labels import label, labels

TITLE_WIDTH = 40  # characters of a title line: what a phone's width holds at 16 px
TITLE_LINE_PX = 21  # a 16 px title line
# Month steps for date axes, by the range shown: a label per month for up to a year, and so on.
MONTH_STEPS = ((12, 1), (36, 3), (72, 6))
LONE_BAR_GAP = 0.6  # a chart of one bar draws it 40 % as wide as the chart
# Plotly's `separators`: the decimal mark, then the thousands separator.
SEPARATORS = {"nl": ",.", "en": ".,"}
EURO = {"nl": "€ ", "en": "€"}  # `€ 150.000` in Dutch, `€150,000` in English
PERCENT = {"nl": " %", "en": "%"}


def _lang() -> str:
    """The language of the page being drawn ("nl" outside a page, as in unit tests)."""
    from ui.context import context, has_context

    return context().lang if has_context() else "nl"


def style(fig: go.Figure, *, title: str, height: int = 360, money: bool = False) -> go.Figure:
    """The house style; `money`: the value axis holds amounts (`€ 150.000`)."""
    lang = _lang()
    lines = _title_lines(title)
    extra = TITLE_LINE_PX * (len(lines) - 1)
    total = height + extra
    return relayout(
        fig,
        {
            # plotly anchors a title of several lines by its last line: the first would be cut
            # off at the top, so the title moves down by the lines it has more than one.
            "title": {
                "text": "<br>".join(plot(line) for line in lines),
                "font": {"size": 16},
                "y": 0.98 - extra / total,
                "yanchor": "top",
            },
            "separators": SEPARATORS.get(lang, ",."),
            "colorway": list(PALETTE),
            "height": total,
            "margin": {"l": 10, "r": 10, "t": 80 + extra, "b": 10},
            "font": {"family": "sans-serif", "color": "#333332"},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            "plot_bgcolor": "white",
            # A bar label that would have to shrink below 10 px (narrow bars on a phone) is left
            # out rather than drawn unreadably small: the table behind the chart has every
            # figure.
            "uniformtext": {"minsize": 10, "mode": "hide"},
            "xaxis": {"showgrid": False, "tickfont": {"color": "#1A1A1A"}},
            # Whole thousands (150.000, not 150k); "~" drops trailing zeros (0,5).
            "yaxis": {
                "gridcolor": "#E5E7EB",
                "rangemode": "tozero",
                "tickformat": ",~f",
                "tickfont": {"color": "#1A1A1A"},
                "tickprefix": EURO.get(lang, "€ ") if money else "",
            },
        },
    )


def relayout(fig: go.Figure, changes: dict[str, Any]) -> go.Figure:
    """`changes` merged into the figure's layout in one assignment. Plotly's `update_layout`
    and `update_xaxes` each went through its relayout machinery (15 ms a call, half of a chart's
    making); the figures have one x and one y axis, so `xaxis`/`yaxis` are all of them. The
    default template is left out and set again by Plotly without validating it (it is most of
    the layout: validated again, it cost more than the updates)."""
    layout = fig.layout.to_plotly_json()
    if layout.get("template") == _default_template():
        del layout["template"]
    fig.layout = _merged(layout, changes)
    return fig


@functools.cache
def _default_template() -> dict[str, Any]:
    return go.Figure().layout.template.to_plotly_json()


def _merged(into: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for name, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(name), dict):
            _merged(into[name], value)
        else:
            into[name] = value
    return into


def _title_lines(title: str) -> list[str]:
    """A long title on lines that fit a phone (390 px): plotly never wraps a title itself and
    cut "Beschikbaar en uitbetaald per begrotingsjaar en budgetlijn" off at the edge."""
    return textwrap.wrap(title, TITLE_WIDTH, break_long_words=False) or [title]


def _series_looks(ys: Sequence[str], kind: str | None, series: Sequence[str]) -> list[Look]:
    """One look per series: that of the value a series stands for, else by position."""
    found = [colours.look(kind, v) for v in series] if kind and series else []
    return [
        (found[i] if i < len(found) and found[i] else colours.by_position(i))
        for i in range(len(ys))
    ]


def bars(
    frame: pd.DataFrame,
    x: str,
    ys: Sequence[str],
    names: Sequence[str],
    *,
    title: str,
    horizontal: bool = False,
    stacked: bool = False,
    percent: bool = False,
    money: bool = False,
    kind: str | None = None,
    series: Sequence[str] = (),
    categories: str | None = None,
) -> go.Figure:
    """Bars of `ys` per `x`. With `kind` ("status", "vorm", "thema", "rol") the values keep their
    own look (ui/colours.py): `series` names the value each series stands for (the evaluations
    by role); without `series`, a single series gives each bar the look of its category.
    The categories are shown by their labels: of `categories` (a kind of wisselaar/labels.py),
    by default of `kind` when the bars are its values."""
    lang = _lang()
    category_kind = categories or (kind if not series else None)
    euro, percent_sign = EURO.get(lang, "€ "), PERCENT.get(lang, " %")
    fig = go.Figure()
    several = len(ys) > 1
    whole = all(float(v).is_integer() for v in frame[list(ys)].to_numpy().ravel())
    number = "%{value:,d}" if whole else "%{value:,.2f}"
    if money:
        number = euro + "%{value:,.0f}"
    looks = _series_looks(ys, kind, series)
    per_bar = kind is not None and not several and not series
    for index, (y, name) in enumerate(zip(ys, names, strict=True)):
        xs = pd.Series(labels(category_kind, frame[x], lang), dtype=str).map(plot)
        values = frame[y]
        if per_bar:
            found = [colours.look(kind, v) for v in frame[x]]
            marker = colours.marker([f or looks[0] for f in found] or looks)
        else:
            marker = colours.marker([looks[index]], patterned=several)
        patterned = "pattern" in marker
        fig.add_bar(
            x=values if horizontal else xs,
            y=xs if horizontal else values,
            name=plot(name),
            orientation="h" if horizontal else "v",
            marker=marker,
            # Labels on patterned or stacked bars are hard to read: there the table tells. A
            # zero gets no label: two "€ 0" side by side ran into one another.
            texttemplate=[
                "" if v == 0 else ("%{value:.1f}" + percent_sign if percent else number)
                for v in values
            ],
            textposition=_text_position(several, stacked, patterned),
            textfont={"color": "#1A1A1A"} if several or patterned else {},
            cliponaxis=False,
        )
    category_axis, value_axis = ("yaxis", "xaxis") if horizontal else ("xaxis", "yaxis")
    layout: dict[str, Any] = {
        "barmode": "stack" if stacked else "group",
        "showlegend": len(ys) > 1,
        # Years and codes are categories, never 2,021.5.
        category_axis: {"type": "category"},
        value_axis: {},
    }
    values = frame[list(ys)].to_numpy().ravel() if len(frame) else []
    if all(float(v).is_integer() for v in values) and not money:  # no "1,5 trajecten" ticks
        layout[value_axis] = {
            "tickformat": ",d",
            "dtick": 1 if max(values, default=0) <= 10 else None,
        }
    if horizontal:
        layout["yaxis"]["autorange"] = "reversed"
    if len(frame) == 1 and not several:  # one bar filled the whole chart: a block, not a bar
        layout["bargap"] = LONE_BAR_GAP
    height = max(300, 28 * len(frame) + 100) if horizontal else 360
    fig = style(relayout(fig, layout), title=title, height=height, money=money and not horizontal)
    if money and horizontal:
        relayout(fig, {"xaxis": {"tickprefix": euro, "tickformat": ",~f"}})
    return fig


def _text_position(several: bool, stacked: bool, patterned: bool) -> str:
    if several and stacked:
        return "none"
    return "outside" if several or patterned else "auto"


def show(
    context: Context,
    fig: go.Figure,
    figure: Figure,
    columns: Sequence[str],
    *,
    key: str,
    alt: str,
    title: str,
    money: Sequence[str] = (),
    percent: Sequence[str] = (),
) -> None:
    """The chart and, one click away, the table behind it (the engine's figure: its rows in
    `columns`) with its downloads and Herkomst; `alt` is the short text alternative read by
    screen readers and shown under the chart, as Markdown: its values from the data are made
    text by the caller (ui/text.md), the catalogue's wording is not.

    Only the open tab is drawn, and a click on the other reruns the page: each table behind a
    chart is a data grid with two downloads and a Herkomst button, and drawing them hidden
    took the browser about a quarter of a visit of Budget or Evaluatie (issue 13)."""
    chart_tab, table_tab = st.tabs(
        [context.t("grafiek.grafiek"), context.t("grafiek.tabel")],
        key=f"{key}_tabs",
        on_change="rerun",
    )
    if chart_tab.open:
        with chart_tab:
            config = {"displaylogo": False, "locale": context.lang}
            st.plotly_chart(fig, key=f"{key}_grafiek", config=config)
            st.caption(alt)
    if table_tab.open:
        with table_tab:
            table(context, figure, columns, key=key, title=title, money=money, percent=percent)


def cached(context: Context, name: str, build: Callable[[], go.Figure]) -> go.Figure:
    """A figure built once per data version, shared filters and language: building one costs
    ~13 ms of plotly validation, which a page with six charts would pay on every rerun. Only
    for figures that depend on nothing else (the page's own widgets would need their own key)."""
    params = {**context.filters.params(), "taal": context.lang}
    return reads.memo(context.settings, f"figuur:{name}", params, build)


def sankey(flows: pd.DataFrame, *, title: str, most: int) -> go.Figure:
    """Flows from offering (left, marked ▸) to requesting municipality; the `most` largest.
    Its height follows the number of municipalities on a side: a single pair is a band of
    ordinary height, not a page-wide block; links are a light blue, never a grey mass."""
    shown = flows.head(most)
    labels = sorted({*shown["aanbiedend_naam"], *shown["vragend_naam"]})
    left = [f"{n} ▸" for n in labels]
    index = {n: i for i, n in enumerate(left + labels)}
    side = max(shown["aanbiedend_naam"].nunique(), shown["vragend_naam"].nunique(), 1)
    fig = go.Figure(
        go.Sankey(
            node={
                "label": [plot(n) for n in left + labels],
                "color": PALETTE[0],
                "pad": 12,
                "thickness": 16,
            },
            link={
                "source": [index[f"{a} ▸"] for a in shown["aanbiedend_naam"]],
                "target": [index[v] for v in shown["vragend_naam"]],
                "value": list(shown["trajecten"]),
                "color": "rgba(86, 180, 233, 0.45)",  # Okabe-Ito sky blue, see-through
            },
            textfont={"color": "#1A1A1A", "size": 13},
        )
    )
    return style(fig, title=title, height=min(500, 160 + 36 * side))


def month_axis(fig: go.Figure, dates: Sequence[Any]) -> go.Figure:
    """A date axis with numeric month labels (no English month names), one label per tick:
    plotly's own spacing puts five ticks in one month on a short range, each labelled 10/2022.
    The step grows with the range: monthly up to a year, then per quarter, half year, year."""
    days = [d for d in (_day(v) for v in dates) if d is not None]
    if not days:
        return relayout(fig, {"xaxis": {"type": "date", "tickformat": "%m/%Y"}})
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for limit, s in MONTH_STEPS if months <= limit), 12)
    return relayout(
        fig,
        {
            "xaxis": {
                "type": "date",
                "tickformat": "%m/%Y" if step < 12 else "%Y",
                "dtick": f"M{step}",
                "tick0": first.replace(day=1).isoformat(),
            }
        },
    )


def iso(value: Any) -> str | None:
    """A date as Plotly sends it (its `isoformat()`), None for none: given as text, Plotly's
    encoder no longer looks at every value on every rerun."""
    return None if _day(value) is None else value.isoformat()


def _day(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def timeline(trajecten: pd.DataFrame, *, title: str) -> go.Figure:
    """A Gantt of trajectories (start to end; open ends shown a month long), one series per
    status in the status's own look (ui/colours.py), in the order of the statuses."""
    fig = go.Figure()
    day_ms = 86_400_000
    present = set(trajecten["status"])
    order = [s for s in colours.LOOKS["status"] if s in present]
    order += sorted(present - set(order))
    ends = []
    for status in order:
        part = trajecten[trajecten["status"] == status]
        look = colours.look("status", status) or colours.by_position(0)
        spans = [
            (end - start).days if _day(end) is not None else 30
            for start, end in zip(part["startdatum"], part["einddatum"], strict=True)
        ]
        ends += [
            start + dt.timedelta(days=n) for start, n in zip(part["startdatum"], spans, strict=True)
        ]
        fig.add_bar(
            y=part["traject_id"].astype(str).map(plot),
            base=part["startdatum"].astype(str),
            orientation="h",
            x=[n * day_ms for n in spans],
            name=plot(label("status", status, _lang())),
            marker=colours.marker([look]),
        )
    month_axis(fig, [*trajecten["startdatum"], *ends])
    # One row per trajectory from the earliest start down (by ID on the same day); without an
    # order the rows followed the series, so the statuses, not the dates, set the order.
    rows = trajecten.assign(_id=trajecten["traject_id"].astype(str)).sort_values(
        ["startdatum", "_id"]
    )
    yaxis = {
        "autorange": "reversed",
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(rows["_id"].map(plot)),
    }
    relayout(fig, {"yaxis": yaxis})
    return style(fig, title=title, height=max(300, 22 * len(trajecten)))
