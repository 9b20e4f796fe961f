"""Trajecten: counts, flows from offering to requesting municipality, a timeline, and the
details of one trajectory."""

from __future__ import annotations

import streamlit as st

from ui import charts, frame
from ui.kpi import cards
from ui.tables import table
from wisselaar import reads
from wisselaar.dashboard import counts_by, traject_detail
from wisselaar.formatting import format_decimal_places, format_eur

MAX_FLOWS = 40
MAX_GANTT = 60

ctx = frame.page("trajecten")
if ctx is not None:
    t, lang, params = ctx.t, ctx.lang, ctx.filters.params()
    columns = [*st.columns(2), *st.columns(2)]
    for column, kenmerk in zip(columns, ("oproep", "status", "vorm", "thema"), strict=True):
        with column:
            counts = counts_by(ctx.settings, ctx.filters, kenmerk)
            title = t(f"trajecten.per_{kenmerk}")
            fig = charts.cached(
                ctx,
                f"per_{kenmerk}",
                lambda counts=counts, title=title, kenmerk=kenmerk: charts.bars(
                    counts,
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
                key=f"per_{kenmerk}",
                title=title,
                alt=t("trajecten.telling_alt", soort=title, aantal=len(counts)),
            )

    flows = reads.frame(ctx.settings, "stromen", **params)
    if len(flows) > MAX_FLOWS:
        st.caption(t("trajecten.stromen_top", getoond=MAX_FLOWS, totaal=len(flows)))
    fig = charts.cached(
        ctx, "stromen", lambda: charts.sankey(flows, title=t("trajecten.stromen"), most=MAX_FLOWS)
    )
    charts.show(
        ctx,
        fig,
        flows,
        key="stromen",
        title=t("trajecten.stromen"),
        alt=t("trajecten.stromen_alt", paren=len(flows)),
    )

    lijst = reads.frame(ctx.settings, "trajecten_lijst", **params)
    if len(lijst) > MAX_GANTT:
        per_quarter = reads.frame(ctx.settings, "trajecten_per_kwartaal", **params)
        st.caption(t("trajecten.tijdlijn_samengevat", aantal=len(lijst)))
        fig = charts.bars(
            per_quarter, "periode", ["aantal"], [t("kolom.aantal")], title=t("trajecten.tijdlijn")
        )
    else:
        fig = charts.cached(
            ctx, "tijdlijn", lambda: charts.timeline(lijst, title=t("trajecten.tijdlijn"))
        )
    charts.show(
        ctx,
        fig,
        lijst[["traject_id", "startdatum", "einddatum", "status"]],
        key="tijdlijn",
        title=t("trajecten.tijdlijn"),
        alt=t("trajecten.tijdlijn_alt", aantal=len(lijst)),
    )

    st.subheader(t("trajecten.lijst", aantal=len(lijst)))
    st.caption(t("trajecten.kies_rij"))
    columns_shown = [
        "traject_id",
        "oproep",
        "aanbiedend_naam",
        "vragend_namen",
        "vorm",
        "themas",
        "status",
        "startdatum",
        "einddatum",
    ]
    selection = table(
        ctx,
        lijst[columns_shown],
        key="trajecten",
        title=t("nav.trajecten"),
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = selection.selection.rows if selection else []
    if rows:
        detail = traject_detail(ctx.settings, ctx.filters, lijst.iloc[rows[0]]["traject_id"])
        if detail is not None:
            tr = detail.traject
            st.markdown(
                t(
                    "trajecten.detail_kop",
                    id=tr["traject_id"],
                    aanbiedend=tr["aanbiedend_naam"],
                    vragend=", ".join(tr["vragend_namen"]),
                    vorm=tr["vorm"],
                    status=tr["status"],
                )
            )
            uren = [
                format_decimal_places(tr[k], 1, lang)
                if tr[k] == tr[k] and tr[k] is not None
                else "–"
                for k in ("geplande_uren", "gepresteerde_uren")
            ]
            cards(
                [
                    (t("kolom.geplande_uren"), uren[0], None),
                    (t("kolom.gepresteerde_uren"), uren[1], None),
                ]
            )
            cards(
                [
                    (t(f"soort.{soort}"), format_eur(bedrag, lang), None)
                    for soort, bedrag in detail.geld.items()
                ]
            )
            table(
                ctx,
                detail.experts[["expert_id", "werkgever_naam", "functie", "criteria"]],
                key="detail_experts",
                title=t("gemeenten.experts"),
            )
            table(
                ctx,
                detail.evaluaties[
                    [
                        "evaluatie_id",
                        "bestuur_naam",
                        "rol",
                        "tevredenheid",
                        "doelen_bereikt",
                        "meerwaarde",
                        "rapport",
                    ]
                ],
                key="detail_evaluaties",
                title=t("nav.evaluatie"),
            )
