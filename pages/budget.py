"""Budget: per budget year and line the envelope against what was granted, committed and paid,
with the verdict; payments over time; money per beneficiary."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui import charts, frame
from ui.tables import table
from ui.text import md
from wisselaar import figures
from wisselaar.formatting import format_eur
from wisselaar.labels import label

MONEY = ("beschikbaar_eur", "toegekend_eur", "vastgelegd_eur", "uitbetaald_eur")
MARKERS_MAX = 500

ctx = frame.page("budget")
if ctx is not None:
    t, lang, source = ctx.t, ctx.lang, ctx.source
    st.caption(t("budget.niet_gefilterd"))
    lines = figures.budgetlijnen(source, ctx.filters)
    total = figures.budget_totaal(source, ctx.filters).frame.iloc[0]
    labels = [  # plain text: the chart makes it text for Plotly (ui/charts.py)
        f"{jaar} {lijn}"
        for jaar, lijn in zip(lines.frame["begrotingsjaar"], lines.frame["budgetlijn"], strict=True)
    ]
    title = t("budget.per_lijn")
    fig = charts.cached(
        ctx,
        "budgetlijnen",
        lambda: charts.bars(
            lines.frame.assign(label=labels),
            "label",
            ["beschikbaar_eur", "uitbetaald_eur"],
            [t("kolom.beschikbaar_eur"), t("kolom.uitbetaald_eur")],
            title=title,
            money=True,
        ),
    )
    alt = "; ".join(
        t(
            "budget.lijn_alt",
            lijn=md(f"{row.begrotingsjaar} {row.budgetlijn}"),
            beschikbaar=format_eur(row.beschikbaar_eur, lang),
            uitbetaald=format_eur(row.uitbetaald_eur, lang),
            oordeel=label("oordeel", row.oordeel, lang),
        )
        for row in lines.frame.itertuples()
    )
    columns = ["begrotingsjaar", "budgetlijn", *MONEY, "benutting_pct", "oordeel", "toelichting"]
    charts.show(
        ctx,
        fig,
        lines,
        columns,
        key="budgetlijnen",
        title=title,
        money=MONEY,
        percent=("benutting_pct",),
        alt=alt,
    )
    st.caption(
        t(
            "budget.drempels",
            onder=ctx.settings.onderbenutting_pct,
            boven=ctx.settings.overbenutting_pct,
        )
    )

    payments = figures.betalingen(source, ctx.filters)
    envelope = total["beschikbaar_eur"]

    def cumulative() -> go.Figure:
        fig = go.Figure()
        fig.add_scatter(
            # as Plotly would send them (ISO dates, numbers), made once: a figure of a
            # thousand dates and Decimals took 75 ms to send on every rerun
            x=[charts.iso(d) for d in payments.frame["datum"]],
            y=[float(v) for v in payments.frame["cumulatief"]],
            # a marker per payment day until they would merge into one thick line: 4,000 of
            # them (50,000 trajectories) took the browser about a second to draw
            mode="lines+markers" if len(payments.frame) <= MARKERS_MAX else "lines",
            name=t("budget.betaald_cumulatief"),
            line={"shape": "hv", "color": charts.PALETTE[0]},
        )
        fig.add_hline(
            y=float(envelope),
            line_dash="dash",
            line_color=charts.PALETTE[5],
            annotation_text=t("budget.enveloppe", bedrag=format_eur(envelope, lang)),
        )
        charts.month_axis(fig, payments.frame["datum"])
        return charts.style(fig, title=t("budget.cumulatief"), money=True)

    charts.show(
        ctx,
        charts.cached(ctx, "cumulatief", cumulative),
        payments,
        ["datum", "netto", "cumulatief"],
        key="cumulatief",
        title=t("budget.cumulatief"),
        money=("netto", "cumulatief"),
        alt=t(
            "budget.cumulatief_alt",
            bedrag=format_eur(total["uitbetaald_eur"], lang),
            enveloppe=format_eur(envelope, lang),
        ),
    )

    st.subheader(t("budget.per_begunstigde"))
    table(
        ctx,
        figures.begunstigden(source, ctx.filters.moment_only()),
        ["begunstigde", "begunstigde_naam", "toegekend_eur", "vastgelegd_eur", "uitbetaald_eur"],
        key="begunstigden",
        title=t("budget.per_begunstigde"),
        money=("toegekend_eur", "vastgelegd_eur", "uitbetaald_eur"),
    )
