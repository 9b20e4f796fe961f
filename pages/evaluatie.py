"""Evaluatie: satisfaction, goals reached and added value by role and call; the reports and
the explanations."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.tables import table
from wisselaar import figures
from wisselaar.labels import kind_of, label

ctx = frame.page("evaluatie")
if ctx is not None:
    t, source, filters = ctx.t, ctx.source, ctx.filters
    k = figures.kerncijfers(source, filters)
    st.caption(t("evaluatie.aantal", n=k.evaluaties))
    roles = [t("rol.aanbiedend"), t("rol.vragend")]
    left, right = st.columns(2)
    for column, name in zip(
        (left, right, left), ("tevredenheid", "doelen_bereikt", "meerwaarde"), strict=True
    ):
        with column:
            data = figures.evaluatie_verdeling(source, filters, name)
            title = t(f"evaluatie.{name}")
            fig = charts.cached(
                ctx,
                f"evaluatie_{name}",
                lambda data=data, title=title, name=name: charts.bars(
                    data.frame,
                    "waarde",
                    ["door_aanbiedend", "door_vragend"],
                    roles,
                    title=title,
                    stacked=True,
                    horizontal=name == "meerwaarde",
                    kind="rol",
                    series=("aanbiedend", "vragend"),
                    categories=kind_of(name),
                ),
            )
            frame_ = data.frame
            charts.show(
                ctx,
                fig,
                data,
                ["waarde", "door_aanbiedend", "door_vragend", "totaal"],
                key=f"evaluatie_{name}",
                title=title,
                alt=t(
                    "evaluatie.verdeling_alt",
                    soort=title,
                    verdeling=", ".join(
                        f"{label(kind_of(name), w, ctx.lang)}: {n}"
                        for w, n in zip(frame_["waarde"], frame_["totaal"], strict=True)
                    ),
                ),
            )
    with right:
        per_call = figures.tevredenheid_per_oproep(source, filters)
        title = t("evaluatie.per_oproep")
        fig = charts.cached(
            ctx,
            "evaluatie_oproep",
            lambda: charts.bars(
                per_call.frame, "oproep", ["gemiddelde"], [t("kolom.tevredenheid")], title=title
            ),
        )
        charts.show(
            ctx,
            fig,
            per_call,
            ["oproep", "scores", "gemiddelde"],
            key="evaluatie_oproep",
            title=title,
            alt=t("evaluatie.per_oproep_alt", aantal=len(per_call.frame)),
        )

    st.subheader(t("evaluatie.rapporten"))
    reports = figures.rapporten(source, filters)
    links = reports.frame["rapport"].map(
        lambda r: r if str(r).startswith(("https://", "http://")) else None
    )
    table(
        ctx,
        reports.narrowed(reports.frame.assign(link=links)),
        ["traject_id", "bestuur_naam", "rol", "datum", "rapport", "link"],
        key="rapporten",
        title=t("evaluatie.rapporten"),
        links=("link",),
    )
    st.subheader(t("evaluatie.toelichtingen"))
    table(
        ctx,
        figures.toelichtingen(source, filters),
        ["traject_id", "bestuur_naam", "rol", "datum", "toelichting"],
        key="toelichtingen",
        title=t("evaluatie.toelichtingen"),
    )
