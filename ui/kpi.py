"""KPI cards in the language's formats, each with its Herkomst one click away."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from ui import provenance
from ui.context import Context
from wisselaar.figures import Card


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    help: str | None = None
    source: Card | None = None  # where the figure comes from (None: no Herkomst button)
    key: str = ""


def cards(context: Context, items: Sequence[Item]) -> None:
    """One row of metric cards; under each card with a source, its Herkomst button."""
    for column, item in zip(st.columns(len(items)), items, strict=True):
        with column:
            st.metric(item.label, item.value, help=item.help, border=True)
            if item.source is not None:
                provenance.button(
                    context, item.label, item.key, item.source.figure, item.source.match
                )
