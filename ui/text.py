"""Text that came from a file or a user, made inert for the places that render markup.

Streamlit renders Markdown (with emoji shortcodes, `:red[...]` colour directives,
`:material/...:` icons, KaTeX between `$` signs, raw links, images and autolinked URLs) in
st.markdown, captions, messages, labels and help texts; Plotly renders a subset of HTML
(`<a href>`, `<b>`, `<br>`) in every text it draws and fills `%{...}` in hover templates.
Anything derived from data goes through one of these two functions before it reaches such a
place; tables (st.dataframe) show plain text already. tests/e2e/test_text_browser.py checks in
a real browser that the injection strings of issue 12 show as literal text and fetch nothing.
"""

from __future__ import annotations

import html
import re
import string

# CommonMark lets a backslash escape every ASCII punctuation character, and then the character
# is literal text. Escaping all of them keeps links, images, autolinks (`www.`, `http:`, `@`),
# emphasis, code, headings, lists, tables, HTML and maths inert, and breaks the colon syntax
# of Streamlit's emoji, colour directives and icons (`:material/` is matched before parsing,
# so its `/` is escaped too).
_MARKDOWN = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# Two plugins search the text after the escapes are undone: GFM's autolinks (`http://`,
# `www.`, `name@host`) and Streamlit's emoji (`:smile:`). An invisible WORD JOINER (U+2060)
# where they would match keeps them off; the text reads (and is read aloud) the same.
JOINER = "\u2060"
# What a table cell without a value shows (st.dataframe's `placeholder`): left empty, where
# Streamlit would write "None".
EMPTY = ""
_AUTOLINK_OR_EMOJI = re.compile(
    r"(?i)(?<![\w])(https?|ftp|mailto|www)(?=:|\.)"  # a scheme or www: joiner after it
    r"|(?<=[-.\w+])(?=@)"  # an e-mail address: joiner before the @
    r"|(?<=:)(?=[\w+-]+:)"  # an emoji shortcode: joiner after its first colon
)


def md(value: object) -> str:
    """`value` as literal text inside Markdown, on one line (None is empty). Whitespace at
    either end is dropped: rendered, it would vanish anyway, but at the start of a line it
    could make a code block and at the end a line break."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    text = _AUTOLINK_OR_EMOJI.sub(lambda m: m.group(1) + JOINER if m.group(1) else JOINER, text)
    return _MARKDOWN.sub(r"\\\1", text)


def plot(value: object) -> str:
    """`value` as literal text inside a Plotly label, hover text, legend or title (one line).
    `<`, `>` and `&` become entities (quotes need none outside a tag, and Plotly decodes only
    a few named entities, not `&quot;`); `%` too, so that a value inside a hover template is
    never filled in."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    return html.escape(text, quote=False).replace("%", "&#37;")
