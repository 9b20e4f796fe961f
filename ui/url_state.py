"""Choices that travel in the URL as their value (`?taal=en`, `?stand=3`, `?gemeente=44021`).

Streamlit's own binding (`bind="query-params"`) writes a widget's *label* when it has a
format_func (`?taal=English`, `?gemeente=Gent`), which is language-dependent and ambiguous, and
ignores the value itself. Widgets with a format_func therefore go through this module instead:
`from_url` seeds the widget's state from the URL before it is drawn, `to_url` writes the chosen
value back (and drops it when it is the default, to keep links short).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def from_url(key: str, options: Sequence[Any], default: Any) -> None:
    """Seed the state of widget `key` from the URL on first sight; keep it valid after that."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = next((o for o in options if str(o) == wanted), default)
    elif st.session_state[key] is not None and st.session_state[key] not in options:
        st.session_state[key] = default
    else:
        # Set again through the Session State API: a widget of the same key drawn by another
        # script (the frame drawn by app.py, then by a page under legacy routing) has another
        # id and would otherwise start from its default.
        st.session_state[key] = st.session_state[key]


def to_url(key: str, value: Any, default: Any) -> None:
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def select(
    container: Any, label: str, options: Sequence[Any], *, key: str, default: Any, **kwargs: Any
) -> Any:
    """A select box (or segmented control via `widget=`) whose value travels in the URL."""
    widget = kwargs.pop("widget", "selectbox")
    options = list(options)
    from_url(key, options, default)
    value = getattr(container, widget)(label, options, key=key, **kwargs)
    to_url(key, value, default)
    return value


LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def language() -> str:
    """The sidebar's "Taal / Language" choice (?taal=en)."""
    from wisselaar.i18n import LANGUAGES

    return select(
        st.sidebar,
        "Taal / Language",
        LANGUAGES,
        key="taal",
        default=LANGUAGES[0],
        format_func=LANGUAGE_NAMES.__getitem__,
    )
