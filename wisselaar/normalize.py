"""Matching keys for headers, sheet names, choice values and municipality names.

CONTRACT.md section 2: names are matched without regard to case, accents, the kind of
apostrophe, and treating dashes, underscores and spaces alike; a header may carry a unit in
brackets. One function per kind of key, so every matcher in the product agrees.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`\u02bc"})
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015]+")
_UNIT = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*$")


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive key; dashes, underscores, spaces alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """Key of a column header or sheet name: as match_key, without a unit in brackets and
    without invisible format characters (a BOM or zero-width space no one can see)."""
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return match_key(_UNIT.sub("", visible.strip()))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Key of a place name: as match_key, ignoring separators and apostrophes altogether,
    so that "Sint Niklaas", "sint-niklaas" and "SintNiklaas" meet."""
    return match_key(text).replace(" ", "").replace("'", "").replace(".", "")
