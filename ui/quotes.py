"""Choosing the quotes of answer 3 before the draft of question 342 is made: per added-value
theme the evaluations' own explanations, newest first, the two most recent chosen; the adviser
may take one out or pick another (at most two). The choice goes into the draft and into what
its identifier hashes (wisselaar/quotes.py)."""

from __future__ import annotations

import streamlit as st

from ui.context import Context
from wisselaar.answer import Answer
from wisselaar.answer_evaluation import quote_options, theme_order
from wisselaar.formatting import format_date
from wisselaar.labels import label
from wisselaar.quotes import PER_THEME, Quote

OPTION_CHARS = 90  # what a choice shows of a quote; the draft has the whole (short) quote


def _option(quote: Quote, lang: str) -> str:
    text = quote.tekst if len(quote.tekst) <= OPTION_CHARS else quote.tekst[:OPTION_CHARS] + "…"
    role = label("rol", quote.rol, lang)
    return f"‘{text}’ – {quote.bestuur}, {role}, {format_date(quote.datum)}"


def choose(ctx: Context, answer: Answer) -> dict[str, list[str]]:
    """The quotes chosen per theme (evaluatie_ids); widgets keyed on the moment of the data,
    so that other data start again from the default."""
    found, default = quote_options(answer)
    themes = [theme for theme in theme_order(answer) if found.get(theme)]
    choice: dict[str, list[str]] = {}
    if not themes:
        return choice
    moment = answer.figures["stand_van"]
    with st.expander(ctx.t("vragen.citaten_kop"), icon=":material/format_quote:"):
        st.caption(ctx.t("vragen.citaten_uitleg"))
        for theme in themes:
            by_id = {q.evaluatie_id: q for q in found[theme]}
            choice[theme] = st.multiselect(
                label("meerwaarde", theme, ctx.lang),
                list(by_id),
                default=default[theme],
                max_selections=PER_THEME,
                format_func=lambda i, by_id=by_id: _option(by_id[i], ctx.lang),
                key=f"citaat_{theme}_{moment}",
                placeholder=ctx.t("vragen.citaten_geen"),
            )
    return choice
