"""Parlementaire vragen: the draft answer (.docx) and annex (.xlsx) of written question 342 at
the sidebar's "stand van"; the open questions by due date; a pasted question recognised and
proposed as a composed question; composed questions: compose, save, reopen, edit, follow up."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ui import frame
from ui import question_intake as intake_ui
from ui import quotes as quote_ui
from ui.auth import audited, current_user
from ui.context import Context
from ui.text import EMPTY, md
from wisselaar import questions as q
from wisselaar.answer import Answer
from wisselaar.answer_files import DOCX, XLSX, answer_kenmerk, kept_answer_files
from wisselaar.draft_files import DRAFT_LANGUAGE, Draft, draft_bytes
from wisselaar.formatting import format_moment
from wisselaar.question_blocks import choices, draft

MIME = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PICK, CONCEPT, SAID = "_vragen_kies", "_vragen_concept", "_vragen_bericht"


def keep(ctx: Context, key: str, draft: Draft | None, choice: object = None) -> None:
    """Remembers the files just made, for this moment (and choice of quotes) only."""
    if draft is None:
        st.warning(ctx.t("vragen.geen_antwoord"), icon=":material/info:")
        return
    made = (draft.stand_van, draft.kenmerk, draft.heading.nummer, draft_bytes(draft))
    st.session_state[f"_vragen_{key}"] = (ctx.filters.stand, choice, *made)


def keep_342(ctx: Context, answer: Answer | None, quotes: dict[str, list[str]]) -> None:
    """`keep` for question 342: the files kept with the data when they are of this data,
    period and (default) quotes, as `answer --out` writes them; else made, and kept for the
    next time (wisselaar.answer_files.kept_answer_files)."""
    if answer is None:
        keep(ctx, "342", None)
        return
    files = kept_answer_files(ctx.settings, answer, quotes)
    made = (answer.figures["stand_van"], answer_kenmerk(answer, quotes), "342", files)
    st.session_state["_vragen_342"] = (ctx.filters.stand, quotes, *made)


def offer(ctx: Context, key: str, choice: object = None) -> None:
    """The two downloads of the files made for this question, moment and choice."""
    made = st.session_state.get(f"_vragen_{key}")
    if not made or made[:2] != (ctx.filters.stand, choice):
        return
    stand_van, kenmerk, nummer, files = made[2:]
    moment = format_moment(dt.datetime.fromisoformat(stand_van))
    st.caption(ctx.t("vragen.gemaakt", stand=moment, kenmerk=md(kenmerk)))  # has the number
    for column, name in zip(st.columns(2), (DOCX, XLSX), strict=True):
        file_name = f"vraag-{nummer}-{name}"
        column.download_button(
            ctx.t("vragen.download_docx" if name == DOCX else "vragen.download_xlsx"),
            audited(lambda data=files[name]: data, file_name),
            file_name=file_name,
            mime=MIME[name],
            key=f"{key}_{name}",
            icon=":material/download:",
            on_click="ignore",
        )


def follow(question: q.Question) -> None:
    st.session_state[CONCEPT], st.session_state[PICK] = q.follow_up(question), 0


ctx = frame.page("vragen")
if ctx is not None:
    t, settings, lang, stand = ctx.t, ctx.settings, ctx.lang, ctx.filters.stand
    st.caption(t("vragen.intro"))
    if lang != DRAFT_LANGUAGE:
        st.caption(t("vragen.nederlands"))
    st.subheader(t("vragen.v342"))
    # Question 342 is about the whole programme: the sidebar's moment and period only.
    answer = quote_ui.answer_342(ctx.source, stand, ctx.filters.periode)
    quotes = quote_ui.choose(ctx, answer) if answer else {}
    if st.button(t("vragen.maak"), key="maak_342", type="primary", icon=":material/description:"):
        keep_342(ctx, answer, quotes)
    offer(ctx, "342", quotes)

    off = intake_ui.days_off(ctx)
    saved = {x.id: x for x in q.list_questions(settings)}
    st.subheader(t("intake.open_kop"))
    intake_ui.open_list(ctx, list(saved.values()), off)
    st.subheader(t("intake.plak_kop"))
    if (pasted := intake_ui.paste(ctx, off)) is not None:
        st.session_state[CONCEPT], st.session_state[PICK] = pasted, 0

    st.subheader(t("vragen.samenstellen"))
    if SAID in st.session_state:
        st.success(st.session_state.pop(SAID), icon=":material/check:")
    if PICK in st.session_state:  # set before the widget exists: after saving, a follow-up
        st.session_state["vraag"] = st.session_state.pop(PICK)
    chosen = st.selectbox(
        t("vragen.kies"),
        [0, *saved],
        key="vraag",
        format_func=lambda i: q.label(saved[i], lang) if i else t("vragen.nieuw"),
    )
    question = saved.get(chosen) or st.session_state.get(CONCEPT) or q.new_question(lang)
    for line in q.history(question, lang, md):
        st.caption(line)
    if question.id:
        intake_ui.state_line(ctx, question, off)
    intake_ui.proposals(ctx, question)
    options = choices(settings, stand)
    suffix = intake_ui.form_suffix(question)
    form = f"vraag_{question.id or 'nieuw'}_{question.vervolg_op or 0}{suffix}"
    with st.form(form):
        fields = {
            "nummer": st.text_input(t("vragen.nummer"), question.nummer, key=f"{form}_nummer"),
            "datum": st.date_input(
                t("vragen.datum"), question.datum, format="DD/MM/YYYY", key=f"{form}_datum"
            ),
            "lid": st.text_input(t("vragen.lid"), question.lid, key=f"{form}_lid"),
            "ministers": st.text_area(
                t("intake.ministers"), q.ministers_text(question), key=f"{form}_ministers"
            ),
            "medevragen": st.text_input(
                t("intake.medevragen"), ", ".join(question.medevragen), key=f"{form}_medevragen"
            ),
            "onderwerp": st.text_input(
                t("vragen.onderwerp"), question.onderwerp, key=f"{form}_onderwerp"
            ),
            "beantwoord_op": st.date_input(
                t("intake.beantwoord_op"),
                question.beantwoord_op,
                format="DD/MM/YYYY",
                key=f"{form}_beantwoord",
            ),
        }
        st.caption(t("vragen.deelvragen"))
        rows = st.data_editor(
            pd.DataFrame(q.editor_rows(question, options["versies"]), columns=q.EDITOR_COLUMNS),
            num_rows="dynamic",
            hide_index=True,
            column_config=intake_ui.columns(ctx, options),
            key=f"{form}_blokken",
            placeholder=EMPTY,
        )
        submitted = st.form_submit_button(t("vragen.bewaar"), icon=":material/save:")
    if submitted:
        records = rows.to_dict("records")
        edited = q.edited(question, rows=records, versions=options["versies"], **fields)
        if not edited.complete:
            st.error(t("vragen.onvolledig"), icon=":material/error:")
        else:
            stored = q.save_question(settings, edited, getattr(current_user(settings), "name", "?"))
            st.session_state.pop(CONCEPT, None)
            st.session_state.pop(intake_ui.PROPOSED, None)
            st.session_state[PICK] = stored.id
            st.session_state[SAID] = t("vragen.bewaard", id=stored.id)
            st.rerun()
    if question.id:
        left, right = st.columns(2)
        if left.button(t("vragen.maak"), key="maak_vraag", icon=":material/description:"):
            keep(ctx, f"vraag{question.id}", draft(settings, question, stand, DRAFT_LANGUAGE))
        right.button(t("vragen.vervolg"), key="vervolg", on_click=follow, args=(question,))
        offer(ctx, f"vraag{question.id}")
