"""Text that came from a file or a user, made inert for the places that render markup.

Streamlit renders Markdown (with emoji shortcodes, `:red[...]` colour directives, KaTeX
between `$` signs and raw links or images) in st.markdown, captions, messages, labels and
help texts; Plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`) in every text it
draws. Anything derived from data goes through one of these two functions before it reaches
such a place; tables (st.dataframe) show plain text already.
"""

from __future__ import annotations

import html
import re

# Any ASCII punctuation may be backslash-escaped in CommonMark. Escaped: what opens links and
# images ([ ] !), emphasis and code (* _ ` ~), HTML and entities (< > &), tables (|),
# headings (#), maths ($) and Streamlit's `:smile:` / `:red[...]` directives (:). Text is made
# one line, so block markup (lists, quotes, rules) can only start at its very beginning.
_MARKDOWN = re.compile(r"([\\`*_\[\]!<>&|#$~:{}])")
_BLOCK_START = re.compile(r"^(\s*\d*)([-+=.)])")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def md(value: object) -> str:
    """`value` as literal text inside Markdown (one line; None is empty)."""
    if value is None:
        return ""
    text = _MARKDOWN.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def plot(value: object) -> str:
    """`value` as literal text inside a Plotly label, hover text, legend or title."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)
