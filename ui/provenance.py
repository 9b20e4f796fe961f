"""Herkomst: one click from a card or table to the rows its figure is made of.

The rows come from the figure engine (`Figure.provenance`: the figure's own query, run for the
same scope and moment), so what the dialog lists is exactly what the figure counts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui.auth import audited
from ui.context import Context
from ui.text import EMPTY, md
from wisselaar.engine import Figure
from wisselaar.export import table_to_xlsx
from wisselaar.labels import labelled_values
from wisselaar.provenance import filters_text, readable, stand_text

MAX_SHOWN = 5_000  # rows in the dialog; the download always holds them all


def button(
    context: Context, label: str, key: str, figure: Figure, match: tuple[tuple[str, Any], ...] = ()
) -> None:
    """A small "Herkomst" button that opens the rows `figure` is made of (the part `match`
    selects) in a dialog; the rows are read only when it is clicked."""
    if st.button(
        context.t("herkomst.knop"),
        key=f"{key}_herkomst",
        type="tertiary",
        icon=":material/manage_search:",
        help=context.t("herkomst.knop_hulp"),
    ):
        _dialog(context, label, figure, figure.provenance(**dict(match)), key)


def _dialog(context: Context, label: str, figure: Figure, rows: pd.DataFrame, key: str) -> None:
    t = context.t
    title = t("herkomst.dialoog", cijfer=label)  # the file's title: plain text

    # A dialog's title is Markdown, and a table's label may hold data (a trajectory's ID).
    @st.dialog(t("herkomst.dialoog", cijfer=md(label)), width="large")
    def show() -> None:
        shown = labelled_values(readable(rows), context.lang)
        shown = shown.rename(columns={c: t(f"kolom.{c}") for c in shown.columns})
        st.caption(context.tn("herkomst.dialoog_uitleg", len(rows)))
        st.dataframe(
            shown.head(MAX_SHOWN), hide_index=True, key=f"{key}_herkomst_tabel", placeholder=EMPTY
        )
        notes = [stand_text(figure.stand, context.lang), filters_text(figure.filters, context.lang)]
        columns = [str(c) for c in shown.columns]
        values = shown.astype(object).where(shown.notna(), None).values.tolist()
        st.download_button(
            t("herkomst.download"),
            audited(
                lambda: table_to_xlsx(columns, values, title=title, notes=notes),
                f"{key}-herkomst.xlsx",
            ),
            file_name=f"{key}-herkomst.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_herkomst_xlsx",
            icon=":material/download:",
            on_click="ignore",
        )

    show()
