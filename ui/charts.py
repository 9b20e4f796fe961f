"""Charts that stay readable and accessible: a colour-blind-safe palette (Okabe-Ito), Belgian
number separators, years as categories, and the table behind every chart one click away."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.context import Context
from ui.tables import table
from ui.text import md
from wisselaar import reads
from wisselaar.engine import Figure

# Okabe-Ito, without its yellow (too light on white for thin marks).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
PATTERNS = ("", "/", ".", "x", "-", "\\", "+")  # never colour alone on multi-series bars
MAX_CATEGORIES = 25


def style(fig: go.Figure, *, title: str, height: int = 360) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 16}, "y": 0.98, "yanchor": "top"},
        separators=",.",
        colorway=list(PALETTE),
        height=height,
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        font={"family": "sans-serif", "color": "#333332"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, tickfont={"color": "#1A1A1A"})
    # Belgian thousands (150.000, not 150k); "~" drops trailing zeros (0,5).
    fig.update_yaxes(
        gridcolor="#E5E7EB", rangemode="tozero", tickformat=",~f", tickfont={"color": "#1A1A1A"}
    )
    return fig


def top_n(
    frame: pd.DataFrame, label: str, value: str, other: str, n: int = MAX_CATEGORIES
) -> pd.DataFrame:
    """The n largest categories and one "other" bar, so a bar chart stays readable."""
    if len(frame) <= n:
        return frame
    ordered = frame.sort_values(value, ascending=False)
    rest = pd.DataFrame({label: [other], value: [ordered[value].iloc[n - 1 :].sum()]})
    return pd.concat([ordered.iloc[: n - 1][[label, value]], rest], ignore_index=True)


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
) -> go.Figure:
    fig = go.Figure()
    several = len(ys) > 1
    whole = all(float(v).is_integer() for v in frame[list(ys)].to_numpy().ravel())
    number = "%{value:,d}" if whole else "%{value:,.2f}"
    for index, (y, name) in enumerate(zip(ys, names, strict=True)):
        xs, values = frame[x].astype(str), frame[y]
        fig.add_bar(
            x=values if horizontal else xs,
            y=xs if horizontal else values,
            name=name,
            orientation="h" if horizontal else "v",
            marker={
                "color": PALETTE[index % len(PALETTE)],
                "pattern": {"shape": PATTERNS[index % len(PATTERNS)]} if several else {},
            },
            # Labels on patterned or stacked bars are hard to read: there the table tells.
            texttemplate="%{value:.1f} %" if percent else number,
            textposition="none" if several and stacked else ("outside" if several else "auto"),
            textfont={"color": "#1A1A1A"} if several else {},
            cliponaxis=False,
        )
    fig.update_layout(barmode="stack" if stacked else "group", showlegend=len(ys) > 1)
    # Years and codes are categories, never 2,021.5.
    (fig.update_yaxes if horizontal else fig.update_xaxes)(type="category")
    values = frame[list(ys)].to_numpy().ravel() if len(frame) else []
    if all(float(v).is_integer() for v in values):  # counts: no "1,5 trajecten" ticks
        value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
        value_axis(tickformat=",d", dtick=1 if max(values, default=0) <= 10 else None)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return style(fig, title=title, height=max(300, 28 * len(frame) + 100) if horizontal else 360)


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
) -> None:
    """The chart and, one click away, the table behind it (the engine's figure: its rows in
    `columns`) with its downloads and Herkomst; `alt` is the short text alternative read by
    screen readers and shown under the chart."""
    chart_tab, table_tab = st.tabs([context.t("grafiek.grafiek"), context.t("grafiek.tabel")])
    with chart_tab:
        st.plotly_chart(fig, key=f"{key}_grafiek", config={"displaylogo": False, "locale": "nl"})
        st.caption(md(alt))
    with table_tab:
        table(context, figure, columns, key=key, title=title, money=money)


def cached(context: Context, name: str, build: Callable[[], go.Figure]) -> go.Figure:
    """A figure built once per data version, shared filters and language: building one costs
    ~13 ms of plotly validation, which a page with six charts would pay on every rerun. Only
    for figures that depend on nothing else (the page's own widgets would need their own key)."""
    params = {**context.filters.params(), "taal": context.lang}
    return reads.memo(context.settings, f"figuur:{name}", params, build)


def sankey(flows: pd.DataFrame, *, title: str, most: int) -> go.Figure:
    """Flows from offering (left, marked ▸) to requesting municipality; the `most` largest."""
    shown = flows.head(most)
    labels = sorted({*shown["aanbiedend_naam"], *shown["vragend_naam"]})
    left = [f"{n} ▸" for n in labels]
    index = {n: i for i, n in enumerate(left + labels)}
    fig = go.Figure(
        go.Sankey(
            node={"label": left + labels, "color": PALETTE[0], "pad": 12},
            link={
                "source": [index[f"{a} ▸"] for a in shown["aanbiedend_naam"]],
                "target": [index[v] for v in shown["vragend_naam"]],
                "value": list(shown["trajecten"]),
            },
        )
    )
    return style(fig, title=title, height=500)


def timeline(trajecten: pd.DataFrame, *, title: str) -> go.Figure:
    """A Gantt of trajectories (start to end; open ends shown a month long), one series per
    status with its own colour and pattern."""
    fig = go.Figure()
    day_ms = 86_400_000
    for i, status in enumerate(trajecten["status"].unique()):
        part = trajecten[trajecten["status"] == status]
        fig.add_bar(
            y=part["traject_id"],
            base=part["startdatum"].astype(str),
            orientation="h",
            x=[
                (end - start).days * day_ms if end is not None else 30 * day_ms
                for start, end in zip(part["startdatum"], part["einddatum"], strict=True)
            ],
            name=status,
            marker={
                "color": PALETTE[i % len(PALETTE)],
                "pattern": {"shape": PATTERNS[i % len(PATTERNS)]},
            },
        )
    fig.update_xaxes(type="date", tickformat="%m/%Y")  # numbers: no English month names
    fig.update_yaxes(autorange="reversed", type="category")
    return style(fig, title=title, height=max(300, 22 * len(trajecten)))
