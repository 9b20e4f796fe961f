"""What every page needs, prepared once per rerun by the frame (app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from wisselaar.filters import Filters
from wisselaar.i18n import t
from wisselaar.settings import Settings

_KEY = "_wisselaar_context"


@dataclass(frozen=True)
class Context:
    settings: Settings
    filters: Filters
    lang: str
    has_data: bool
    filter_text: str  # the filters in words, for exports

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)


def set_context(context: Context) -> None:
    st.session_state[_KEY] = context


def context() -> Context:
    return st.session_state[_KEY]


def has_context() -> bool:
    return _KEY in st.session_state
