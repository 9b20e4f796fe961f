"""Gemeenten: per municipality its roles, trajectories, experts, money and evaluations."""

from __future__ import annotations

import dataclasses

import streamlit as st

from ui import charts, frame, url_state
from ui.map import municipality_map
from ui.tables import table
from ui.text import md
from wisselaar import figures
from wisselaar.labels import label

MONEY = ("financiering_experts", "toegekend_eur", "ontvangen_eur")
COLUMNS = (
    "nis",
    "naam",
    "provincie",
    "rol",
    "trajecten_aanbiedend",
    "trajecten_vragend",
    "experts",
    *MONEY,
    "evaluaties",
)
PROVINCE_COLUMNS = (
    "provincie",
    "gemeenten",
    "trajecten_aanbiedend",
    "trajecten_vragend",
    "experts",
    *MONEY,
    "evaluaties",
)

ctx = frame.page("gemeenten")
if ctx is not None:
    t, source, filters = ctx.t, ctx.source, ctx.filters
    data = figures.gemeenten(source, filters)
    total = figures.gemeenten_totaal(source, filters).frame.iloc[0]
    oud = filters.periode != "2025"
    st.caption(t("gemeenten.uitleg_oud") if oud else t("gemeenten.uitleg_periode"))
    municipality_map(ctx, key="kaart", title=t("kaart.titel"), profile="gemeente")
    title = t("gemeenten.tabel_titel", aantal=int(total["gemeenten"]))
    st.subheader(title)
    table(ctx, data, COLUMNS, key="gemeenten", title=title, money=MONEY)
    outside = figures.gemeenten_buiten_periode(source, filters).frame
    if len(outside):
        names = ", ".join(
            f"{n} ({c})" for n, c in zip(outside["naam"], outside["nis"], strict=True)
        )
        st.caption(t("periode.buiten", namen=md(names)))

    st.subheader(t("gemeenten.provincies"))
    totals = figures.provincies(source, filters)
    fig = charts.cached(
        ctx,
        "provincies",
        lambda: charts.bars(
            totals.frame,
            "provincie",
            ["trajecten_aanbiedend", "trajecten_vragend"],
            [t("kolom.trajecten_aanbiedend"), t("kolom.trajecten_vragend")],
            title=t("gemeenten.provincies"),
            kind="rol",
            series=("aanbiedend", "vragend"),
            categories="provincie",
        ),
    )
    charts.show(
        ctx,
        fig,
        totals,
        PROVINCE_COLUMNS,
        key="provincies",
        title=t("gemeenten.provincies"),
        money=MONEY,
        alt=t("gemeenten.provincies_alt", n=len(totals.frame)),
    )

    st.subheader(t("gemeenten.profiel"))
    names = dict(zip(data.frame["nis"], data.frame["naam"], strict=True))
    chosen = url_state.select(
        st,
        t("gemeenten.kies"),
        list(names),
        key="gemeente",
        default=None,
        format_func=names.get,
        placeholder=t("gemeenten.kies_placeholder"),
    )
    if chosen:
        row = data.frame[data.frame["nis"] == chosen].iloc[0]
        own = dataclasses.replace(filters, gemeente=chosen)
        st.markdown(
            t(
                "gemeenten.profiel_kop",
                naam=md(row["naam"]),
                nis=md(chosen),
                provincie=md(label("provincie", row["provincie"], ctx.lang) or "–"),
                rol=t(f"rol.{row['rol']}"),
            )
        )
        tabs = st.tabs(
            [
                t("nav.trajecten"),
                t("gemeenten.experts"),
                t("gemeenten.financien"),
                t("nav.evaluatie"),
            ]
        )
        with tabs[0]:
            table(
                ctx,
                figures.trajecten(source, own),
                [
                    "traject_id",
                    "oproep",
                    "aanbiedend_naam",
                    "vragend_namen",
                    "vorm",
                    "status",
                    "startdatum",
                ],
                key="profiel_trajecten",
                title=f"{row['naam']}: {t('nav.trajecten')}",
            )
        with tabs[1]:
            table(
                ctx,
                figures.experts(source, own),
                ["expert_id", "functie", "criteria", "financieringsbron", "financiering"],
                key="profiel_experts",
                title=f"{row['naam']}: {t('gemeenten.experts')}",
                money=("financiering",),
            )
        with tabs[2]:
            table(
                ctx,
                figures.financien(source, own),
                [
                    "boeking_id",
                    "begrotingsjaar",
                    "budgetlijn",
                    "traject_id",
                    "soort",
                    "bedrag",
                    "datum",
                ],
                key="profiel_financien",
                title=f"{row['naam']}: {t('gemeenten.financien')}",
                money=("bedrag",),
            )
        with tabs[3]:
            table(
                ctx,
                figures.evaluaties(source, own),
                [
                    "evaluatie_id",
                    "traject_id",
                    "bestuur_naam",
                    "rol",
                    "datum",
                    "tevredenheid",
                    "doelen_bereikt",
                    "meerwaarde",
                ],
                key="profiel_evaluaties",
                title=f"{row['naam']}: {t('nav.evaluatie')}",
            )
