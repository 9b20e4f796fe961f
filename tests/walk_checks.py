"""What the walk of every page looks for (issue 11): a value shown as Python or pandas writes
an empty one (`None`, `nan`, `NaN`, `NaT`, `<NA>`), and an error shown instead of the page.

Shared by the AppTest walk (tests/app/test_walk.py, which reads every element's message,
every table's cells included) and the browser walk (tests/e2e/test_walk_browser.py, which
reads what the browser shows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

# A whole word: "None" but not "Nonet", "nan" but not "banaan".
EMPTY_WORDS = re.compile(r"(?<![\w<])(None|nan|NaN|NaT|<NA>)(?![\w>])")
# What the product says instead of a page it could not draw (ui/errors.py), and what a
# traceback or Streamlit's own error box would show.
ERROR_MARKS = (
    "Traceback (most recent call last)",
    'File "/',
    "geef de referentie",
    "give the reference",
    "Ask Google",
    "Ask ChatGPT",
)


def empty_words(text: str) -> list[str]:
    """The lines of `text` that show an empty value as a word."""
    return [line.strip() for line in text.splitlines() if EMPTY_WORDS.search(line)]


def error_marks(text: str) -> list[str]:
    return [mark for mark in ERROR_MARKS if mark in text]


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def cells_as_words(frame: pd.DataFrame) -> list[str]:
    """The cells of a table holding text that reads as an empty value (`"None"`, `"nan"`),
    as `column: value`; list cells are looked into."""
    found = []
    for name in frame.columns:
        for value in frame[name]:
            values = list(value) if _is_list(value) else [value]
            found += [
                f"{name}: {v}" for v in values if isinstance(v, str) and EMPTY_WORDS.search(v)
            ]
    return found


def has_missing(frame: pd.DataFrame) -> bool:
    """Whether a table has a cell without a value (which the grid draws by its placeholder);
    an empty list is no missing value."""
    for name in frame.columns:
        column = frame[name]
        if column.map(_is_list).any():
            continue
        if column.isna().any():
            return True
    return False


def proto_texts(message: Any) -> Iterator[str]:
    """Every text field of a protobuf message, nested ones too (bytes, such as a table's
    Arrow data, are not text)."""
    for _, value in message.ListFields():
        yield from _texts(value)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif hasattr(value, "ListFields"):
        yield from proto_texts(value)
    elif isinstance(value, bytes | int | float | bool):
        return
    elif hasattr(value, "values") and callable(value.values):  # a map field
        for item in value.values():
            yield from _texts(item)
    else:  # a repeated field
        for item in value:
            yield from _texts(item)
