"""The Parlementaire vragen page's intake: paste a written question, see what was recognised
and proposed, and the list of open questions by due date; also the composer's table columns.

The recognised question becomes the page's unsaved concept (the composer's form shows it for
correction); the proposals and their reasons are kept beside it for as long as it is shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frame
from ui.context import Context
from ui.text import md
from wisselaar import deadlines as d
from wisselaar import question_fetch as fetching
from wisselaar.formatting import format_date, format_moment
from wisselaar.intake import Intake, as_question, read_question
from wisselaar.question_blocks import BLOCKS
from wisselaar.question_intake import NotAQuestion
from wisselaar.questions import NO_BLOCK, Question, today
from wisselaar.schema import STATUSSEN

PROPOSED, PASTES = "_vragen_voorstellen", "_vragen_geplakt"


def days_off(ctx: Context) -> d.DaysOff:
    """The configured days off; a wrong setting is said once and counts as none."""
    try:
        return d.days_off(ctx.settings)
    except d.DaysOffError as error:
        st.error(error.message(ctx.lang, md), icon=":material/error:")
        return d.NO_DAYS_OFF


def paste(ctx: Context, off: d.DaysOff) -> Question | None:
    """The text area and its button; the recognised question when it was just pasted."""
    st.caption(ctx.t("intake.plak_uitleg"))
    if fetching.enabled(ctx.settings):
        fetch(ctx)
    text = st.text_area(ctx.t("intake.plak_tekst"), key="plak_tekst", height=160)
    if not st.button(ctx.t("intake.herken"), key="herken", icon=":material/document_scanner:"):
        return None
    try:
        intake = read_question(text or "", off)
    except NotAQuestion as refused:
        st.error(refused.message(ctx.lang), icon=":material/error:")
        return None
    question = as_question(intake)
    st.session_state[PROPOSED] = (question, intake)
    st.session_state[PASTES] = st.session_state.get(PASTES, 0) + 1
    return question


def fetch(ctx: Context) -> None:
    """Number and button; the fetched text goes into the text area (before it is drawn)."""
    st.caption(ctx.t("ophalen.kop"))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    nummer = left.number_input(ctx.t("ophalen.nummer"), min_value=1, step=1, key="haal_nummer")
    if not right.button(ctx.t("ophalen.haal"), key="haal_op", icon=":material/download:"):
        return
    try:
        st.session_state["plak_tekst"] = fetching.fetch_question(ctx.settings, int(nummer))
    except fetching.FetchError as error:
        st.error(error.message(ctx.lang, md), icon=":material/error:")
        return
    st.info(ctx.t("ophalen.opgehaald", nummer=int(nummer)), icon=":material/download_done:")


def form_suffix(question: Question) -> str:
    """A pasted concept gets fresh form widgets, so the form shows what was recognised."""
    made = st.session_state.get(PROPOSED)
    return f"_p{st.session_state.get(PASTES, 0)}" if made and made[0] is question else ""


def proposals(ctx: Context, question: Question) -> None:
    """Per sub-question of a just-pasted concept: the proposed block and why."""
    made = st.session_state.get(PROPOSED)
    if not made or made[0] is not question:
        return
    intake: Intake = made[1]
    r = intake.recognised
    st.success(
        ctx.tn("intake.herkend", len(r.deelvragen), nummer=r.nummer),
        icon=":material/check:",
    )
    for nr, found in enumerate(intake.proposals, 1):
        if not found:
            st.caption(ctx.t("intake.geen_voorstel", nr=nr))
            continue
        best, *others = found
        line = ctx.t(
            "intake.voorstel", nr=nr, blok=block_label(ctx, best.blok), reden=best.reason(ctx.lang)
        )
        if others:
            andere = "; ".join(block_label(ctx, p.blok) for p in others)
            line += " " + ctx.t("intake.voorstel_ook", andere=andere)
        st.caption(line)  # the catalogue's words only: block names and the matched topics


def block_label(ctx: Context, block: str) -> str:
    return ctx.t("intake.geen_blok") if block == NO_BLOCK else ctx.t(f"blok.{block}")


def state_line(ctx: Context, question: Question, off: d.DaysOff) -> None:
    """Due date and state of a saved question."""
    found = d.deadline(question, today(), off)
    if found.state == d.ANSWERED:
        status = ctx.t("intake.status_beantwoord", datum=format_date(question.beantwoord_op))
    else:
        status = ctx.t(f"intake.status_{found.state}")
    if found.soon:
        status += f" ({ctx.t('intake.let_op_binnenkort')})"
    datum, vraagdatum = format_date(found.due), format_date(question.datum)
    st.caption(ctx.t("intake.termijn", datum=datum, vraagdatum=vraagdatum, status=status))


def open_list(ctx: Context, saved: list[Question], off: d.DaysOff) -> None:
    """The saved questions not yet answered, the earliest due date first."""
    st.caption(ctx.t("intake.open_uitleg"))
    found = d.open_deadlines(saved, today(), off)
    if not found:
        st.info(ctx.t("intake.open_geen"), icon=":material/inbox:")
        return
    soon, late = sum(x.soon for x in found), sum(x.state == d.LATE for x in found)
    if soon or late:
        words = [ctx.t("intake.open_binnenkort", aantal=soon)] if soon else []
        words += [ctx.t("intake.open_te_laat", aantal=late)] if late else []
        st.warning(" ".join(words), icon=":material/schedule:")
    # A small static table (readable by screen readers). st.table renders Markdown in its
    # cells: what the adviser typed (number, member, subject) is made text there.
    rows = [
        {
            ctx.t("intake.kol_termijn"): format_date(x.due),
            ctx.t("intake.kol_let_op"): _mark(ctx, x),
            ctx.t("intake.kol_nummer"): md(x.question.nummer),
            ctx.t("intake.kol_datum"): format_date(x.question.datum),
            ctx.t("intake.kol_lid"): md(x.question.lid),
            ctx.t("intake.kol_onderwerp"): md(x.question.onderwerp),
            ctx.t("intake.kol_status"): ctx.t(f"intake.status_{x.state}"),
        }
        for x in found
    ]
    st.table(pd.DataFrame(rows), hide_index=True)


def _mark(ctx: Context, found: d.Deadline) -> str:
    if found.state == d.LATE:
        return "⚠ " + ctx.t("intake.let_op_te_laat")
    return "⚠ " + ctx.t("intake.let_op_binnenkort") if found.soon else ""


def columns(ctx: Context, options: dict) -> dict[str, object]:
    """The composer's table: a sub-question, its block (or none) and its own filters."""
    t, cc, names, versions = ctx.t, st.column_config, options["gemeenten"], options["versies"]

    def version(v: int) -> str:
        moment = format_moment(versions[v]) if v else ""
        return f"{t('app.kol_versie')} {v} – {moment}" if v else t("vragen.stand_zijbalk")

    return {
        "vraag": cc.TextColumn(t("vragen.tekst"), width="medium"),
        "blok": cc.SelectboxColumn(
            t("vragen.blok"),
            options=[*BLOCKS, NO_BLOCK],
            format_func=lambda b: block_label(ctx, b),
            required=True,
        ),
        "oproepen": cc.MultiselectColumn(t("filter.oproep"), options=options["oproepen"]),
        "provincies": cc.MultiselectColumn(t("filter.provincie"), options=frame.PROVINCIES),
        "gemeente": cc.SelectboxColumn(t("bestand.gemeente"), options=names, format_func=names.get),
        "statussen": cc.MultiselectColumn(t("filter.status"), options=STATUSSEN),
        "stand": cc.SelectboxColumn(t("vragen.stand"), options=[0, *versions], format_func=version),
    }
