"""Budget: per budget year and line the envelope against what was granted, committed and paid,
with the verdict; payments over time; money per beneficiary."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui import charts, frame
from ui.tables import table
from wisselaar import reads
from wisselaar.dashboard import budget_lines
from wisselaar.formatting import format_eur

MONEY = ("beschikbaar_eur", "toegekend_eur", "vastgelegd_eur", "uitbetaald_eur")

ctx = frame.page("budget")
if ctx is not None:
    t, lang = ctx.t, ctx.lang
    st.caption(t("budget.niet_gefilterd"))
    lines = budget_lines(ctx.settings, ctx.filters)  # cached and shared: never changed here
    lines = lines.assign(label=lines["begrotingsjaar"].astype(str) + " " + lines["budgetlijn"])
    title = t("budget.per_lijn")
    fig = charts.bars(
        lines,
        "label",
        ["beschikbaar_eur", "uitbetaald_eur"],
        [t("kolom.beschikbaar_eur"), t("kolom.uitbetaald_eur")],
        title=title,
        money=True,
    )
    shown = lines[
        ["begrotingsjaar", "budgetlijn", *MONEY, "benutting_pct", "oordeel", "toelichting"]
    ]
    alt = "; ".join(
        t(
            "budget.lijn_alt",
            lijn=row.label,
            beschikbaar=format_eur(row.beschikbaar_eur, lang),
            uitbetaald=format_eur(row.uitbetaald_eur, lang),
            oordeel=row.oordeel,
        )
        for row in lines.itertuples()
    )
    charts.show(ctx, fig, shown, key="budgetlijnen", title=title, money=MONEY, alt=alt)
    st.caption(
        t(
            "budget.drempels",
            onder=ctx.settings.onderbenutting_pct,
            boven=ctx.settings.overbenutting_pct,
        )
    )

    cumulative = reads.frame(ctx.settings, "budget_cumulatief", stand=ctx.filters.stand)
    envelope = sum(lines["beschikbaar_eur"])
    fig = go.Figure()
    fig.add_scatter(
        x=cumulative["datum"],
        y=cumulative["cumulatief"],
        mode="lines+markers",
        name=t("budget.betaald_cumulatief"),
        line={"shape": "hv", "color": charts.PALETTE[0]},
    )
    fig.add_hline(
        y=float(envelope),
        line_dash="dash",
        line_color=charts.PALETTE[5],
        annotation_text=t("budget.enveloppe", bedrag=format_eur(envelope, lang)),
    )
    charts.month_axis(fig, cumulative["datum"])
    charts.show(
        ctx,
        charts.style(fig, title=t("budget.cumulatief"), money=True),
        cumulative,
        key="cumulatief",
        title=t("budget.cumulatief"),
        money=("netto", "cumulatief"),
        alt=t(
            "budget.cumulatief_alt",
            bedrag=format_eur(cumulative["cumulatief"].iloc[-1] if len(cumulative) else 0, lang),
            enveloppe=format_eur(envelope, lang),
        ),
    )

    st.subheader(t("budget.per_begunstigde"))
    beneficiaries = reads.frame(ctx.settings, "budget_per_begunstigde", stand=ctx.filters.stand)
    table(
        ctx,
        beneficiaries,
        key="begunstigden",
        title=t("budget.per_begunstigde"),
        money=("toegekend_eur", "vastgelegd_eur", "uitbetaald_eur"),
    )
