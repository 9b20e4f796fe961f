"""What every page needs, prepared once per rerun by the frame (app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from wisselaar.engine import Database, Stand, resolve
from wisselaar.filters import Filters
from wisselaar.i18n import t, tn
from wisselaar.settings import Settings

_KEY = "_wisselaar_context"


@dataclass(frozen=True)
class Context:
    settings: Settings
    filters: Filters
    lang: str
    has_data: bool
    filter_text: str  # the filters and the period in words, for exports

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def tn(self, key: str, count: int, **values: Any) -> str:
        """A plural message for `count` (wisselaar.i18n.tn)."""
        return tn(key, self.lang, count, **values)

    @property
    def source(self) -> Database:
        """Where the pages' figures come from: the database, cached per data version."""
        return Database(self.settings)

    @property
    def stand(self) -> Stand:
        """The moment "stand van" resolved to, with the versions it uses."""
        return resolve(self.source, self.filters.stand)


def set_context(context: Context) -> None:
    st.session_state[_KEY] = context


def context() -> Context:
    return st.session_state[_KEY]


def has_context() -> bool:
    return _KEY in st.session_state
