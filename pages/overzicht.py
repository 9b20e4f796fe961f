"""Overzicht: the figures at a glance, starts per quarter, and what the newest version changed."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.changes import figures as changed_figures
from ui.kpi import Item, cards
from ui.map import municipality_map
from wisselaar import figures
from wisselaar.answer import changes_since_previous
from wisselaar.formatting import format_decimal_places, format_eur, format_int, format_pct
from wisselaar.labels import label, quarter

ctx = frame.page("overzicht")
if ctx is not None:
    t, lang, source = ctx.t, ctx.lang, ctx.source
    k = figures.kerncijfers(source, ctx.filters)
    dash = "–"

    def item(key: str, label: str, value: str, help_key: str | None = None) -> Item:
        return Item(label, value, t(help_key) if help_key else None, k.cards[key], f"kpi_{key}")

    cards(
        ctx,
        [
            item(
                "aanbiedend",
                t("overzicht.aanbiedend"),
                format_int(k.aanbiedende_gemeenten, lang),
                "overzicht.aanbiedend_hulp",
            ),
            item(
                "vragend",
                t("overzicht.vragend"),
                format_int(k.vragende_gemeenten, lang),
                "overzicht.vragend_hulp",
            ),
            item("trajecten", t("overzicht.trajecten"), format_int(k.trajecten, lang)),
            item(
                "ondernomen",
                t("overzicht.ondernomen"),
                format_int(k.ondernomen, lang),
                "overzicht.ondernomen_hulp",
            ),
        ],
    )
    cards(
        ctx,
        [
            item(
                "beschikbaar",
                t("overzicht.beschikbaar"),
                format_eur(k.beschikbaar, lang),
                "overzicht.budget_hulp",
            ),
            item(
                "uitbetaald",
                t("overzicht.uitbetaald"),
                format_eur(k.uitbetaald, lang),
                "overzicht.uitbetaald_hulp",
            ),
            item(
                "benutting", t("overzicht.benutting"), format_pct(k.benutting_pct, 1, lang) or dash
            ),
        ],
    )
    cards(  # a row of their own: amounts need the width of three cards
        ctx,
        [
            item(
                "tevredenheid",
                t("overzicht.tevredenheid"),
                format_decimal_places(k.gemiddelde_tevredenheid, 2, lang) or dash,
                "overzicht.tevredenheid_hulp",
            ),
            item(
                "doelen",
                t("overzicht.doelen"),
                format_pct(k.doelen_bereikt_pct, 1, lang) or dash,
                "overzicht.doelen_hulp",
            ),
        ],
    )
    per_status = figures.per_kenmerk(source, ctx.filters, "status")
    st.caption(
        " · ".join(
            f"{label('status', s, lang)}: {format_int(n, lang)}"
            for s, n in zip(per_status.frame["waarde"], per_status.frame["aantal"], strict=True)
        )
    )

    left, right = st.columns([3, 2])
    with left:
        quarters = figures.per_kwartaal(source, ctx.filters)
        title = t("overzicht.per_kwartaal")
        labelled = quarters.frame.assign(
            periode=[
                quarter(j, q, lang)
                for j, q in zip(quarters.frame["jaar"], quarters.frame["kwartaal"], strict=True)
            ]
        )
        fig = charts.cached(
            ctx,
            "per_kwartaal",
            lambda: charts.bars(
                labelled, "periode", ["aantal"], [t("overzicht.trajecten")], title=title
            ),
        )
        charts.show(
            ctx,
            fig,
            quarters.narrowed(labelled),
            ["periode", "aantal"],
            key="per_kwartaal",
            title=title,
            alt=t(
                "overzicht.per_kwartaal_alt",
                trajecten=ctx.tn("aantal.trajecten", k.trajecten),
                kwartalen=ctx.tn("aantal.kwartalen", len(labelled)),
            ),
        )
    with right:
        st.subheader(t("overzicht.verschil"))
        newest, changes = changes_since_previous(ctx.settings, ctx.filters.stand)
        version = newest.version if newest else dash
        if not changes:
            st.write(t("overzicht.geen_verschil", versie=version))
        else:
            st.write(t("overzicht.verschil_intro", versie=version))
            changed_figures(ctx, changes, heading=False)

    municipality_map(ctx, key="overzicht_kaart", title=t("kaart.overzicht_titel"))
