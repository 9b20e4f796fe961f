"""KPI cards in Belgian formats."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def cards(items: Sequence[tuple[str, str, str | None]]) -> None:
    """One row of metric cards: (label, value, help)."""
    for column, (label, value, help_text) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value, help=help_text, border=True)
