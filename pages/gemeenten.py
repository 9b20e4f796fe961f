"""Gemeenten: per municipality its roles, trajectories, experts, money and evaluations."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame, url_state
from ui.map import municipality_map
from ui.tables import table
from wisselaar.dashboard import municipalities, municipality_profile, province_totals
from wisselaar.municipalities import merged_from

MONEY = ("financiering_experts", "toegekend_eur", "ontvangen_eur")

ctx = frame.page("gemeenten")
if ctx is not None:
    t = ctx.t
    periode = (
        url_state.select(
            st,
            t("gemeenten.periode"),
            ["2025", "2019-2024"],
            key="periode",
            default="2025",
            widget="segmented_control",
            format_func=lambda p: t(f"gemeenten.periode_{p[:4]}"),
        )
        or "2025"
    )
    data = municipalities(ctx.settings, ctx.filters, periode)
    st.caption(t("gemeenten.uitleg_periode") if periode == "2025" else t("gemeenten.uitleg_oud"))
    municipality_map(ctx, periode, key="kaart", title=t("kaart.titel"), profile="gemeente")
    title = t("gemeenten.tabel_titel", aantal=len(data))
    st.subheader(title)
    table(ctx, data, key="gemeenten", title=title, money=MONEY)

    st.subheader(t("gemeenten.provincies"))
    totals = province_totals(data)
    fig = charts.bars(
        totals,
        "provincie",
        ["trajecten_aanbiedend", "trajecten_vragend"],
        [t("kolom.trajecten_aanbiedend"), t("kolom.trajecten_vragend")],
        title=t("gemeenten.provincies"),
        kind="rol",
        series=("aanbiedend", "vragend"),
    )
    charts.show(
        ctx,
        fig,
        totals,
        key="provincies",
        title=t("gemeenten.provincies"),
        money=("toegekend_eur", "ontvangen_eur"),
        alt=t("gemeenten.provincies_alt", aantal=len(totals)),
    )

    st.subheader(t("gemeenten.profiel"))
    names = dict(zip(data["nis"], data["naam"], strict=True))
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
        # In the 2025 view a merged municipality is also known by its old codes.
        codes = {chosen, *(merged_from(chosen) if periode == "2025" else [])}
        profile = municipality_profile(ctx.settings, ctx.filters, codes)
        row = data[data["nis"] == chosen].iloc[0]
        st.markdown(
            t(
                "gemeenten.profiel_kop",
                naam=row["naam"],
                nis=chosen,
                provincie=row["provincie"] or "?",
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
                profile.trajecten[
                    [
                        "traject_id",
                        "oproep",
                        "aanbiedend_naam",
                        "vragend_namen",
                        "vorm",
                        "status",
                        "startdatum",
                    ]
                ],
                key="profiel_trajecten",
                title=f"{row['naam']}: {t('nav.trajecten')}",
            )
        with tabs[1]:
            table(
                ctx,
                profile.experts[
                    ["expert_id", "functie", "criteria", "financieringsbron", "financiering"]
                ],
                key="profiel_experts",
                title=f"{row['naam']}: {t('gemeenten.experts')}",
                money=("financiering",),
            )
        with tabs[2]:
            table(
                ctx,
                profile.financien[
                    [
                        "boeking_id",
                        "begrotingsjaar",
                        "budgetlijn",
                        "traject_id",
                        "soort",
                        "bedrag",
                        "datum",
                    ]
                ],
                key="profiel_financien",
                title=f"{row['naam']}: {t('gemeenten.financien')}",
                money=("bedrag",),
            )
        with tabs[3]:
            table(
                ctx,
                profile.evaluaties[
                    [
                        "evaluatie_id",
                        "traject_id",
                        "rol",
                        "datum",
                        "tevredenheid",
                        "doelen_bereikt",
                        "meerwaarde",
                    ]
                ],
                key="profiel_evaluaties",
                title=f"{row['naam']}: {t('nav.evaluatie')}",
            )
