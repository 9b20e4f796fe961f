"""The language catalogues: every user-facing string lives in catalog/<lang>.toml.

Keys are "section.name"; values are str.format templates. Dutch is the reference language:
a key missing in another language falls back to Dutch, and a test checks both catalogues
hold the same keys and placeholders.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from wisselaar import PACKAGE_DIR

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flattened catalogue of one language: {"section.name": template}."""
    with (PACKAGE_DIR / "catalog" / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", data)
    return flat


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    """The text for `key` in `lang`, with `values` filled in."""
    template = catalogue(lang).get(key)
    if template is None:
        template = catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template
