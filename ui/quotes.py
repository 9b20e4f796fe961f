"""Choosing the quotes of answer 3 before the draft of question 342 is made: per added-value
theme the evaluations' own explanations, newest first, the two most recent chosen; the adviser
may take one out or pick another (at most two). The choice goes into the draft and into what
its identifier hashes (wisselaar/quotes.py)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui.context import Context
from wisselaar.answer import Answer, assemble
from wisselaar.answer_evaluation import quote_options, theme_order
from wisselaar.engine import Source
from wisselaar.filters import Filters
from wisselaar.formatting import format_date
from wisselaar.labels import label
from wisselaar.quotes import PER_THEME, Quote

OPTION_CHARS = 90  # what a choice shows of a quote; the draft has the whole (short) quote


def answer_342(source: Source, stand: dt.datetime, periode: str) -> Answer | None:
    """Question 342's figures (the whole programme: the sidebar's moment and period only),
    assembled once per data version, moment and period: with 50,000 trajectories that took
    a second, which every rerun of Parlementaire vragen paid. Shared: read-only."""
    return source.memo(
        ("vraag_342", stand, periode), lambda: assemble(source, Filters(stand=stand), periode)
    )


def options(source: Source, answer: Answer) -> tuple[dict[str, list[Quote]], dict[str, list[str]]]:
    """The answer's candidate quotes and default choice, once per answer (0.7 s with 50,000
    evaluations). Shared: read-only."""
    key = ("citaten", answer.stand, answer.parts.scope, answer.periode)
    return source.memo(key, lambda: quote_options(answer))


def _option(quote: Quote, lang: str) -> str:
    text = quote.tekst if len(quote.tekst) <= OPTION_CHARS else quote.tekst[:OPTION_CHARS] + "…"
    role = label("rol", quote.rol, lang)
    return f"‘{text}’ – {quote.bestuur}, {role}, {format_date(quote.datum)}"


def choose(ctx: Context, answer: Answer) -> dict[str, list[str]]:
    """The quotes chosen per theme (evaluatie_ids); widgets keyed on the moment of the data,
    so that other data start again from the default."""
    found, default = options(ctx.source, answer)
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
