"""Evaluatie: satisfaction, goals reached and added value by role and call; the reports and
the explanations."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.tables import table
from wisselaar import reads
from wisselaar.dashboard import evaluation_counts, report_list
from wisselaar.schema import DOELEN, MEERWAARDE

ctx = frame.page("evaluatie")
if ctx is not None:
    t = ctx.t
    evaluaties = reads.frame(ctx.settings, "evaluaties_lijst", **ctx.filters.params())
    st.caption(t("evaluatie.aantal", aantal=len(evaluaties)))
    roles = [t("rol.aanbiedend"), t("rol.vragend")]
    left, right = st.columns(2)
    for column, (name, values) in zip(
        (left, right, left),
        (("tevredenheid", range(1, 6)), ("doelen_bereikt", DOELEN), ("meerwaarde", MEERWAARDE)),
        strict=True,
    ):
        with column:
            data = evaluation_counts(ctx.settings, ctx.filters, name, values)
            title = t(f"evaluatie.{name}")
            fig = charts.cached(
                ctx,
                f"evaluatie_{name}",
                lambda data=data, title=title, name=name: charts.bars(
                    data,
                    "waarde",
                    ["door_aanbiedend", "door_vragend"],
                    roles,
                    title=title,
                    stacked=True,
                    horizontal=name == "meerwaarde",
                    kind="rol",
                    series=("aanbiedend", "vragend"),
                ),
            )
            charts.show(
                ctx,
                fig,
                data,
                key=f"evaluatie_{name}",
                title=title,
                alt=t(
                    "evaluatie.verdeling_alt",
                    soort=title,
                    verdeling=", ".join(
                        f"{w}: {n}" for w, n in zip(data["waarde"], data["totaal"], strict=True)
                    ),
                ),
            )
    with right:
        per_call = (
            evaluaties.groupby("oproep")["tevredenheid"].mean().round(2).reset_index()
            if len(evaluaties)
            else evaluaties[["oproep", "tevredenheid"]]
        )
        title = t("evaluatie.per_oproep")
        fig = charts.cached(
            ctx,
            "evaluatie_oproep",
            lambda: charts.bars(
                per_call, "oproep", ["tevredenheid"], [t("kolom.tevredenheid")], title=title
            ),
        )
        charts.show(
            ctx,
            fig,
            per_call,
            key="evaluatie_oproep",
            title=title,
            alt=t("evaluatie.per_oproep_alt", aantal=len(per_call)),
        )

    st.subheader(t("evaluatie.rapporten"))
    reports = report_list(evaluaties)
    table(ctx, reports, key="rapporten", title=t("evaluatie.rapporten"), links=("link",))
    st.subheader(t("evaluatie.toelichtingen"))
    notes = evaluaties[evaluaties["toelichting"].fillna("") != ""][
        ["traject_id", "bestuur_naam", "rol", "toelichting"]
    ]
    table(ctx, notes, key="toelichtingen", title=t("evaluatie.toelichtingen"))
