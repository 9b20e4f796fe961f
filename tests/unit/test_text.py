"""ui/text: data-derived text made inert for Markdown and for Plotly (issue 12, point 6). The
browser test (tests/e2e/test_text_browser.py) checks the rendering itself."""

from __future__ import annotations

import html
import re
import string

import pytest

from ui.text import JOINER, md, plot

INJECTIONS = [
    "![p](http://127.0.0.1:8850/x.png)",
    "$x^2$",
    ":smile:",
    ":red[x]",
    ":material/home:",
    '<a href="http://127.0.0.1:8850/a">link</a>',
    "<b>vet</b>",
    "<img src=http://127.0.0.1:8850/i.png>",
    "www.example.com en https://example.com en iemand@example.com",
    "# titel",
    "1. lijst",
    "| a | b |",
    "**vet** _schuin_ `code` ~~weg~~",
    "\\*al ontsnapt\\*",
    "%{y} en %{customdata[0]}",
    "&amp; &#60;",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_md_escapes_every_punctuation_mark_and_loses_no_character(value):
    escaped = md(value)
    read_back = re.sub(r"\\(.)", r"\1", escaped)  # CommonMark undoes the escapes
    assert read_back.replace(JOINER, "") == value
    for i, char in enumerate(escaped):
        if char in string.punctuation and char != "\\":
            assert escaped[i - 1] == "\\", (value, escaped)
    assert ":material/" not in escaped and "$" not in escaped.replace("\\$", "")


def test_md_keeps_one_line_and_drops_edge_whitespace():
    assert md("    ingesprongen code\nregel twee\r\n") == "ingesprongen code regel twee"
    assert md("eind met twee spaties  ") == "eind met twee spaties"
    assert md(None) == "" and md(12.5) == "12\\.5"


@pytest.mark.parametrize("value", INJECTIONS)
def test_plot_leaves_no_tag_and_no_template_field(value):
    escaped = plot(value)
    assert "<" not in escaped and ">" not in escaped and "%{" not in escaped
    assert html.unescape(escaped) == value  # Plotly decodes the entities back to the text


def test_plot_keeps_one_line():
    assert plot("a\nb") == "a b" and plot(None) == ""


def test_md_keeps_autolinks_and_emoji_from_matching_after_the_escapes_are_undone():
    """GFM's autolinks and Streamlit's emoji search the text after CommonMark has undone the
    escapes, so md() puts an invisible word joiner where they would match."""

    def read_back(value: str) -> str:
        return re.sub(r"\\(.)", r"\1", md(value))

    assert not re.search(r"https?://|www\.", read_back("zie https://x.be of www.x.be"))
    assert not re.search(r"[-.\w+]@", read_back("iemand@example.com"))
    assert not re.search(r":[\w+-]+:", read_back(":smile: en :+1:"))
    assert md("W1-01 om 12:30") == "W1\\-01 om 12\\:30"  # nothing added where nothing matches
