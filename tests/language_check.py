"""The check both language tests share (tests/e2e/test_language_browser.py on what the browser
shows, tests/app/test_languages.py on the tables' cells): which of the other language's value
labels and number formats a text holds."""

from __future__ import annotations

import re
from functools import cache

from wisselaar.i18n import catalogue

# The catalogue sections whose messages are values a user reads (wisselaar/labels.py), and
# the audit log's events (the rest of [audit] is page text).
EVENTS = ("aanmelding", "afmelding", "bevestiging", "terugzetting", "import")
VALUE_SECTIONS = ("label.", "rol.", "soort.", *(f"audit.{event}" for event in EVENTS))
# Labels that are also a name in the other language's text: a province that is also a
# municipality's name (Antwerpen is shown as the city's Dutch name in both languages), and
# words that are the same in both languages.
SHARED = {"antwerpen", "antwerp"}
NUMBERS = {  # what a number in the *other* language looks like
    "en": [r"€ \d[\d.,]*", r"\d{1,3}(?:\.\d{3})+,\d{2}\b", r"\d,\d %", r"\b\d{4}-K[1-4]\b"],
    "nl": [r"€\d[\d.,]*", r"\d{1,3}(?:,\d{3})+\.\d{2}\b", r"\d\.\d%", r"\bQ[1-4] \d{4}\b"],
}


@cache
def value_labels(lang: str) -> dict[str, str]:
    """{label: catalogue key} of the values shown in `lang` that the other language writes
    differently (and that are not a word of the other language's labels too)."""
    other = "nl" if lang == "en" else "en"
    mine, theirs = catalogue(lang), catalogue(other)
    out = {}
    for key, text in mine.items():
        if not key.startswith(VALUE_SECTIONS) or not isinstance(text, str) or "{" in text:
            continue
        if text.lower() == str(theirs.get(key, "")).lower() or text.lower() in SHARED:
            continue
        if len(text) >= 3 and not any(text.lower() == str(v).lower() for v in theirs.values()):
            out[text] = key
    return out


def foreign(text: str, lang: str) -> list[str]:
    """The other language's value labels and number formats found in a page's text."""
    other = "nl" if lang == "en" else "en"
    found = [
        f"{label!r} ({key})"
        for label, key in value_labels(other).items()
        if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text)
    ]
    return found + foreign_numbers(text, lang)


def foreign_numbers(text: str, lang: str) -> list[str]:
    """Numbers written as the other language writes them."""
    return [f"number {m.group(0)!r}" for p in NUMBERS[lang] for m in re.finditer(p, text)]
