"""Trajecten: counts, flows from offering to requesting municipality, a timeline, and the
details of one trajectory."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.kpi import Item, cards
from ui.tables import page_of_rows, table
from ui.text import md
from wisselaar import figures
from wisselaar.formatting import format_decimal_places, format_eur, format_int
from wisselaar.labels import label, quarter

MAX_FLOWS = 40
MAX_GANTT = 60

ctx = frame.page("trajecten")
if ctx is not None:
    t, lang, source, filters = ctx.t, ctx.lang, ctx.source, ctx.filters
    columns = [*st.columns(2), *st.columns(2)]
    for column, kenmerk in zip(columns, ("oproep", "status", "vorm", "thema"), strict=True):
        with column:
            counts = figures.per_kenmerk(source, filters, kenmerk)
            title = t(f"trajecten.per_{kenmerk}")
            fig = charts.cached(
                ctx,
                f"per_{kenmerk}",
                lambda counts=counts, title=title, kenmerk=kenmerk: charts.bars(
                    counts.frame,
                    "waarde",
                    ["aantal"],
                    [t("kolom.aantal")],
                    title=title,
                    horizontal=kenmerk == "thema",
                    kind=kenmerk,
                ),
            )
            charts.show(
                ctx,
                fig,
                counts,
                ["waarde", "aantal"],
                key=f"per_{kenmerk}",
                title=title,
                alt=t("trajecten.telling_alt", soort=title, n=len(counts.frame)),
            )

    flows = figures.stromen(source, filters)
    drawn = flows.frame[~flows.frame["binnen_gemeente"]]
    if len(drawn) > MAX_FLOWS:
        st.caption(
            t("trajecten.stromen_top", getoond=MAX_FLOWS, totaal=format_int(len(drawn), lang))
        )
    fig = charts.cached(
        ctx, "stromen", lambda: charts.sankey(drawn, title=t("trajecten.stromen"), most=MAX_FLOWS)
    )
    charts.show(
        ctx,
        fig,
        flows,
        ["aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten"],
        key="stromen",
        title=t("trajecten.stromen"),
        alt=t("trajecten.stromen_alt", n=len(flows.frame)),
    )

    lijst = figures.trajecten(source, filters)
    if len(lijst.frame) > MAX_GANTT:
        quarters = figures.per_kwartaal(source, filters)
        shown = quarters.frame.assign(
            periode=[
                quarter(j, q, lang)
                for j, q in zip(quarters.frame["jaar"], quarters.frame["kwartaal"], strict=True)
            ]
        )
        st.caption(t("trajecten.tijdlijn_samengevat", n=len(lijst.frame)))
        fig = charts.cached(
            ctx,
            "tijdlijn_kwartalen",
            lambda: charts.bars(
                shown, "periode", ["aantal"], [t("kolom.aantal")], title=t("trajecten.tijdlijn")
            ),
        )
        behind, behind_columns = quarters.narrowed(shown), ["periode", "aantal"]
    else:
        fig = charts.cached(
            ctx, "tijdlijn", lambda: charts.timeline(lijst.frame, title=t("trajecten.tijdlijn"))
        )
        behind, behind_columns = lijst, ["traject_id", "startdatum", "einddatum", "status"]
    charts.show(
        ctx,
        fig,
        behind,
        behind_columns,
        key="tijdlijn",
        title=t("trajecten.tijdlijn"),
        alt=t("trajecten.tijdlijn_alt", n=len(lijst.frame)),
    )

    st.subheader(t("trajecten.lijst", aantal=format_int(len(lijst.frame), lang)))
    st.caption(t("trajecten.kies_rij"))
    page = page_of_rows(ctx, len(lijst.frame), key="trajecten")
    selection = table(
        ctx,
        lijst,
        figures.TRAJECTEN_LIJST,
        key="trajecten",
        title=t("nav.trajecten"),
        rows=page,
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = selection.selection.rows if selection else []
    if rows:
        chosen = str(lijst.frame.iloc[(page.start if page else 0) + rows[0]]["traject_id"])
        detail = figures.trajecten(source, filters.moment_only(), chosen)
        if len(detail.frame):
            tr = detail.frame.iloc[0]
            st.markdown(
                t(
                    "trajecten.detail_kop",
                    id=md(tr["traject_id"]),
                    aanbiedend=md(tr["aanbiedend_naam"]),
                    vragend=md(", ".join(tr["vragend_namen"])),
                    vorm=md(label("vorm", tr["vorm"], lang)),
                    status=md(label("status", tr["status"], lang)),
                )
            )
            uren = [
                "–" if tr[k] is None or tr[k] != tr[k] else format_decimal_places(tr[k], 1, lang)
                for k in ("geplande_uren", "gepresteerde_uren")
            ]
            cards(
                ctx,
                [
                    Item(t("kolom.geplande_uren"), uren[0]),
                    Item(t("kolom.gepresteerde_uren"), uren[1]),
                ],
            )
            geld = figures.traject_geld(source, filters, chosen)
            cards(
                ctx,
                [
                    Item(t(f"soort.{soort}"), format_eur(bedrag, lang))
                    for soort, bedrag in zip(geld.frame["soort"], geld.frame["bedrag"], strict=True)
                ],
            )
            table(
                ctx,
                geld,
                ["soort", "bedrag"],
                key="detail_geld",
                title=t("trajecten.geld", id=chosen),
                money=("bedrag",),
            )
            table(
                ctx,
                figures.experts(source, filters.moment_only(), chosen),
                ["expert_id", "werkgever_naam", "functie", "criteria"],
                key="detail_experts",
                title=t("gemeenten.experts"),
            )
            table(
                ctx,
                figures.evaluaties(source, filters.moment_only(), chosen),
                [
                    "evaluatie_id",
                    "bestuur_naam",
                    "rol",
                    "tevredenheid",
                    "doelen_bereikt",
                    "meerwaarde",
                    "rapport",
                ],
                key="detail_evaluaties",
                title=t("nav.evaluatie"),
            )
