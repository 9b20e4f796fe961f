"""Overzicht: the figures at a glance, starts per quarter, and what the newest version changed."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.kpi import cards
from ui.map import municipality_map
from wisselaar import reads
from wisselaar.dashboard import changes_since_previous, overview
from wisselaar.formatting import format_decimal_places, format_eur, format_int, format_pct

ctx = frame.page("overzicht")
if ctx is not None:
    t, lang = ctx.t, ctx.lang
    o = overview(ctx.settings, ctx.filters)
    dash = "–"
    cards(
        [
            (
                t("overzicht.aanbiedend"),
                format_int(o.aanbiedend, lang),
                t("overzicht.aanbiedend_hulp"),
            ),
            (t("overzicht.vragend"), format_int(o.vragend, lang), t("overzicht.vragend_hulp")),
            (t("overzicht.trajecten"), format_int(sum(o.per_status.values()), lang), None),
            (
                t("overzicht.ondernomen"),
                format_int(o.ondernomen, lang),
                t("overzicht.ondernomen_hulp"),
            ),
        ]
    )
    cards(
        [
            (
                t("overzicht.beschikbaar"),
                format_eur(o.beschikbaar, lang),
                t("overzicht.budget_hulp"),
            ),
            (
                t("overzicht.uitbetaald"),
                format_eur(o.uitbetaald, lang),
                t("overzicht.uitbetaald_hulp"),
            ),
            (t("overzicht.benutting"), format_pct(o.benutting_pct, 1, lang) or dash, None),
        ]
    )
    cards(  # a row of their own: amounts need the width of three cards
        [
            (
                t("overzicht.tevredenheid"),
                format_decimal_places(o.gemiddelde_tevredenheid, 2, lang) or dash,
                t("overzicht.tevredenheid_hulp"),
            ),
            (
                t("overzicht.doelen"),
                format_pct(o.doelen_bereikt_pct, 1, lang) or dash,
                t("overzicht.doelen_hulp"),
            ),
        ]
    )
    st.caption(" · ".join(f"{s}: {format_int(n, lang)}" for s, n in o.per_status.items()))

    left, right = st.columns([3, 2])
    with left:
        quarters = reads.frame(ctx.settings, "trajecten_per_kwartaal", **ctx.filters.params())
        title = t("overzicht.per_kwartaal")
        fig = charts.bars(quarters, "periode", ["aantal"], [t("overzicht.trajecten")], title=title)
        total = int(quarters["aantal"].sum()) if len(quarters) else 0
        charts.show(
            ctx,
            fig,
            quarters[["periode", "aantal"]],
            key="per_kwartaal",
            title=title,
            alt=t("overzicht.per_kwartaal_alt", aantal=total, kwartalen=len(quarters)),
        )
    with right:
        st.subheader(t("overzicht.verschil"))
        version, changes = changes_since_previous(ctx.settings, ctx.filters.stand)
        if not changes:
            st.write(t("overzicht.geen_verschil", versie=version or dash))
        else:
            st.write(t("overzicht.verschil_intro", versie=version))
            st.table(
                {
                    t("overzicht.cijfer"): [t(f"verschil.{c.figure}") for c in changes],
                    t("overzicht.voor"): [c.shown(c.before, lang) or dash for c in changes],
                    t("overzicht.na"): [c.shown(c.after, lang) or dash for c in changes],
                }
            )

    municipality_map(ctx, "2025", key="overzicht_kaart", title=t("kaart.overzicht_titel"))
