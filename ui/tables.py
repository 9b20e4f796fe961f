"""Tables in the chosen language, their downloads (.xlsx and .csv, each stating the moment and
versions the figure shows and its filters) and their Herkomst; the files are built by the
core's export module so every export is neutralised the same way.

Values are shown by their labels (wisselaar/labels.py: a column -> kind map), amounts and
decimals in the language's format (Babel), whatever the browser's locale."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from ui import provenance
from ui.auth import audited
from ui.context import Context
from ui.text import EMPTY
from wisselaar.engine import Figure
from wisselaar.export import table_to_csv, table_to_xlsx
from wisselaar.formatting import (
    format_decimal_places,
    format_eur,
    format_int,
    format_moment,
    format_pct,
)
from wisselaar.labels import labelled_values
from wisselaar.provenance import filters_text, stand_text
from wisselaar.store import utc_now

# Up to this many rows a table's numbers are formatted by the app (a pandas Styler, which
# costs about 50 ms per 1,000 rows); longer tables (none has amounts) keep the grid's own.
STYLED_MAX_ROWS = 1_000
# A table whose rows can be selected cannot be lazy (the browser receives every row): past
# this many it shows them a page at a time. 50,000 trajectories took the browser more than a
# second to receive and draw on every visit of Trajecten. The downloads hold every row.
PAGE_ROWS = 1_000
assert PAGE_ROWS >= STYLED_MAX_ROWS  # a page is sliced from the unstyled frame
T = TypeVar("T")


def _holds_dates(series: pd.Series) -> bool:
    first = series.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], dt.date)


def column_config(
    frame: pd.DataFrame, money: Sequence[str], links: Sequence[str] = (), link_text: str = ""
) -> dict[str, object]:
    config: dict[str, object] = {}
    for name in frame.columns:
        if name in links:
            config[name] = st.column_config.LinkColumn(name, display_text=link_text)
        elif name in money and len(frame) > STYLED_MAX_ROWS:
            config[name] = st.column_config.NumberColumn(name, format="euro")
        elif pd.api.types.is_datetime64_any_dtype(frame[name]) or _holds_dates(frame[name]):
            config[name] = st.column_config.DateColumn(name, format="DD/MM/YYYY")
    return config


def labelled(
    context: Context, frame: pd.DataFrame, match: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The frame in the user's language: values by their labels, columns named through the
    catalogue table [kolom]. List cells stay lists (shown as chips; exports join them)."""
    shown = labelled_values(frame, context.lang, match)
    return shown.rename(columns={c: context.t(f"kolom.{c}") for c in frame.columns})


def for_screen(frame: pd.DataFrame, money: Sequence[str], lang: str = "nl") -> Any:
    """What the grid shows: empty cells empty (not "None"), dates as dates, amounts and
    decimals in the language's format while the grid still sorts them as numbers. Only the
    screen copy changes; exports keep exact Decimals."""
    screen = frame.copy()
    formats: dict[str, Any] = {}
    for name in screen.columns:
        column = screen[name]
        if name in money:
            screen[name] = pd.to_numeric(column, errors="coerce")
            formats[name] = lambda v, lang=lang: format_eur(v, lang)
        elif column.dtype == object and _holds_dates(column):
            screen[name] = pd.to_datetime(column, errors="coerce")
            # In a styled table the grid shows the Styler's text: an empty date would read
            # "None", so dates get their text (and emptiness) here too.
            formats[name] = _date_text
        elif (places := _decimal_places(column)) is not None:
            screen[name] = pd.to_numeric(column, errors="coerce")
            formats[name] = lambda v, p=places, lang=lang: format_decimal_places(v, p, lang)
        elif column.dtype == object and column.isna().any():
            holds_lists = column.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str))
            if not holds_lists.any():
                screen[name] = column.where(column.notna(), "")
    if not formats or len(screen) > STYLED_MAX_ROWS:
        return screen
    return screen.style.format(formats, na_rep="")


def _date_text(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


def _decimal_places(column: pd.Series) -> int | None:
    """The places a column of decimals is shown with (a Decimal's own, else up to two for
    hours); None for a column that holds no fractions (counts, years, codes, text)."""
    values = column.dropna()
    if values.empty:
        return None
    first = values.iloc[0]
    if isinstance(first, Decimal):
        return max(0, -int(first.as_tuple().exponent))
    if pd.api.types.is_float_dtype(column) and not (values % 1 == 0).all():
        return 1 if ((values * 10) % 1 == 0).all() else 2
    return None


def percentage(value: object, lang: str) -> str:
    """A percentage as the language writes it (`104,4 %`), one decimal; empty without one."""
    return "" if value is None or pd.isna(value) else format_pct(value, 1, lang)


def page_of_rows(context: Context, total: int, *, key: str) -> slice | None:
    """For a table of `total` rows that are selected (so cannot be lazy): a choice of which
    PAGE_ROWS rows to show, and the rows chosen; None when they fit on one page. A change of
    the filters that changes the pages goes back to the first."""
    if total <= PAGE_ROWS:
        return None
    lang = context.lang

    def rows_text(start: int) -> str:
        end = min(total, start + PAGE_ROWS)
        return context.t("tabel.rijen_van_tot", van=format_int(start + 1, lang),
                         tot=format_int(end, lang), totaal=format_int(total, lang))  # fmt: skip

    start = st.selectbox(
        context.t("tabel.rijen"),
        range(0, total, PAGE_ROWS),
        format_func=rows_text,
        key=f"{key}_pagina",
        help=context.tn("tabel.per_pagina", PAGE_ROWS),
    )
    return slice(start, min(total, start + PAGE_ROWS))


def table(
    context: Context,
    figure: Figure,
    columns: Sequence[str],
    *,
    key: str,
    title: str,
    money: Sequence[str] = (),
    links: Sequence[str] = (),
    percent: Sequence[str] = (),
    rows: slice | None = None,
    **dataframe_options: object,
) -> object:
    """A figure's rows in `columns` (named via the catalogue), its downloads (stating the
    moment, versions and filters it shows) and its Herkomst; returns st.dataframe's result
    (a selection state when on_select is given). `percent`: columns of percentages, shown as
    `104,4 %` (exports keep the number). `rows` (from `page_of_rows`): only these rows are
    shown, each page with a selection of its own; the downloads hold all."""
    money_labels = [context.t(f"kolom.{m}") for m in money]
    percent_labels = [context.t(f"kolom.{p}") for p in percent]
    shown, screen = prepared(context, figure, columns, money_labels, percent_labels)
    config = column_config(
        shown,
        money_labels,
        [context.t(f"kolom.{c}") for c in links],
        link_text=context.t("tabel.open"),
    )
    config.update({p: st.column_config.TextColumn(p, alignment="right") for p in percent_labels})
    if len(shown) > STYLED_MAX_ROWS and "on_select" not in dataframe_options:
        # the rows in view only, more as the user scrolls: 50,000 reports took the browser
        # a second to receive and read (a table with a selection cannot be lazy)
        dataframe_options.setdefault("lazy", True)
    table_key = f"{key}_tabel"
    if rows is not None:
        screen = screen.iloc[rows]
        table_key += f"_{rows.start}" if rows.start else ""
    result = st.dataframe(
        screen,
        hide_index=True,
        key=table_key,
        column_config=config,
        placeholder=EMPTY,
        **dataframe_options,
    )
    notes = [stand_text(figure.stand, context.lang), filters_text(figure.filters, context.lang)]
    downloads(context, shown, key=key, title=title, money=money_labels, notes=notes, figure=figure)
    return result


def prepared(
    context: Context,
    figure: Figure,
    columns: Sequence[str],
    money: Sequence[str] = (),
    percent: Sequence[str] = (),
) -> tuple[pd.DataFrame, Any]:
    """The figure's rows in the user's language (for the downloads) and as the grid shows them.
    A long table's are kept while its figure is (the engine keeps a figure per data version):
    labelling 50,000 trajectories took half a second on every rerun of Trajecten."""

    def prepare() -> tuple[pd.DataFrame, Any]:
        shown = labelled(context, figure.frame[list(columns)], dict(figure.match))
        on_screen = shown.assign(
            **{p: shown[p].map(lambda v: percentage(v, context.lang)) for p in percent}
        )
        return shown, for_screen(on_screen, money, context.lang)

    if len(figure.frame) <= STYLED_MAX_ROWS:  # cheap, and a Styler is not to be shared
        return prepare()
    key = (tuple(columns), context.lang, tuple(money), tuple(percent))
    return _kept(figure.frame, key, prepare)


MAX_KEPT = 32
_KEPT: OrderedDict[tuple[int, tuple[Any, ...]], tuple[weakref.ref[Any], Any]] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _kept(frame: pd.DataFrame, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`'s value for this very frame object and `key`: remembered by the frame's
    identity, and only while that frame lives (a weak reference), so a new frame that gets a
    dead one's id is never taken for it. Shared between sessions: read-only."""
    ident = (id(frame), key)
    with _KEPT_LOCK:
        found = _KEPT.get(ident)
        if found is not None and found[0]() is frame:
            _KEPT.move_to_end(ident)
            return found[1]  # type: ignore[no-any-return]
    value = make()
    with _KEPT_LOCK:
        _KEPT[ident] = (weakref.ref(frame), value)
        while len(_KEPT) > MAX_KEPT:
            _KEPT.popitem(last=False)
    return value


def downloads(
    context: Context,
    frame: pd.DataFrame,
    *,
    key: str,
    title: str,
    money: Sequence[str] = (),
    notes: Sequence[str] = (),
    figure: Figure | None = None,
) -> None:
    """Two download buttons (the files are built only when clicked) and, for a figure, its
    Herkomst. `notes` go under the title of both files (the csv's first lines); without
    them a table says when it was made."""
    columns = [str(c) for c in frame.columns]
    notes = list(notes) or [context.t("export.gemaakt", moment=format_moment(utc_now(), True))]

    def rows() -> list[list[object]]:
        return frame.astype(object).where(frame.notna(), None).values.tolist()

    left, middle, right, _ = st.columns([1, 1, 1, 1])
    left.download_button(
        context.t("export.xlsx"),
        audited(
            lambda: table_to_xlsx(columns, rows(), title=title, notes=notes, money_columns=money),
            f"{key}.xlsx",
        ),
        file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    middle.download_button(
        context.t("export.csv"),
        audited(
            lambda: table_to_csv(columns, rows(), notes=[title, *notes], lang=context.lang),
            f"{key}.csv",
        ),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if figure is not None:
        with right:
            provenance.button(context, title, key, figure)
