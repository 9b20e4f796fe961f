"""Showing what changes: rows per sheet (an upload's preview, a comparison of two versions)
and the headline figures before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from ui.context import Context
from ui.tables import downloads
from ui.text import EMPTY
from wisselaar.answer import Change
from wisselaar.formatting import format_int
from wisselaar.issues import Issue
from wisselaar.labels import sheet

if TYPE_CHECKING:  # the import code (versions -> ingest) is not Overzicht's to load
    from wisselaar.versions import SheetDiff


def figures(context: Context, changes: list[Change], heading: bool = True) -> None:
    t, lang = context.t, context.lang
    if heading:
        st.subheader(t("opladen.cijfers_titel"))
    if not changes:
        st.write(t("opladen.geen_cijfers"))
        return
    dash = "–"
    st.table(
        {
            t("opladen.kol_cijfer"): [t(f"verschil.{c.figure}") for c in changes],
            t("opladen.kol_voor"): [c.shown(c.before, lang) or dash for c in changes],
            t("opladen.kol_na"): [c.shown(c.after, lang) or dash for c in changes],
        }
    )


def sheets(context: Context, diffs: list[SheetDiff], *, key: str, only_changed: bool) -> None:
    """One expander per sheet with the rows added, changed and removed."""
    t = context.t
    for diff in diffs:
        if only_changed and not diff.differs:
            continue
        summary = t(
            "opladen.blad_samenvatting",
            blad=sheet(diff.sheet, context.lang),
            toegevoegd=format_int(diff.added, context.lang),
            gewijzigd=format_int(diff.changed, context.lang),
            verwijderd=format_int(diff.removed, context.lang),
            oud=context.tn("aantal.rijen", diff.old_rows),
            nieuw=context.tn("aantal.rijen", diff.new_rows),
        )
        with st.expander(summary, expanded=False):
            if not diff.differs:
                st.write(t("versies.vergelijk_geen"))
                continue
            frame = pd.DataFrame(
                {
                    t("opladen.kol_sleutel"): [r.key for r in diff.rows],
                    t("opladen.kol_soort"): [t(f"opladen.soort_{r.kind}") for r in diff.rows],
                    t("opladen.kol_kolommen"): [", ".join(r.columns) for r in diff.rows],
                }
            )
            st.dataframe(frame, hide_index=True, key=f"{key}_{diff.sheet}", placeholder=EMPTY)
            if diff.truncated:
                total = diff.added + diff.changed + diff.removed
                st.caption(
                    t(
                        "opladen.meer_rijen",
                        getoond=format_int(len(diff.rows), context.lang),
                        aantal=format_int(total, context.lang),
                    )
                )


def issues_frame(context: Context, issues: list[Issue]) -> pd.DataFrame:
    """Errors as a table: sheet, row, column, value, what is wrong."""
    records = [i.as_record(context.lang) for i in issues]
    names = {
        "blad": "kol_blad",
        "rij": "kol_rij",
        "kolom": "kol_kolom",
        "waarde": "kol_waarde",
        "melding": "kol_melding",
    }
    frame = pd.DataFrame(records, columns=list(names))
    frame["rij"] = frame["rij"].astype("Int64")
    return frame.rename(columns={k: context.t(f"opladen.{v}") for k, v in names.items()})


# Rows three lines high: above 4 rem Streamlit's grid wraps a cell's text instead of cutting
# it off, so the message (what is wrong and what would be right) can be read in the table.
ISSUE_ROW_PX = 76
ISSUE_WIDTHS = {"kol_blad": "small", "kol_rij": 60, "kol_kolom": "small", "kol_waarde": "medium"}


def issues_table(context: Context, issues: list[Issue], *, key: str, title: str) -> None:
    frame = issues_frame(context, issues)
    config = {
        context.t(f"opladen.{name}"): st.column_config.Column(width=width)
        for name, width in ISSUE_WIDTHS.items()
    }
    config[context.t("opladen.kol_melding")] = st.column_config.TextColumn(width="large")
    st.dataframe(
        frame,
        hide_index=True,
        key=f"{key}_tabel",
        column_config=config,
        row_height=ISSUE_ROW_PX,
        placeholder=EMPTY,
    )
    downloads(context, frame, key=key, title=title)
