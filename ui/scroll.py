"""Bringing an element into view after a rerun that the user started elsewhere on the page.

A click on the map chooses a municipality whose profile is drawn far below the map; without
this the profile opened out of sight. Streamlit has no scrolling of its own, so a small script
(served with the page: nothing is fetched) scrolls to the widget with that key once it is drawn.
"""

from __future__ import annotations

import json

import streamlit as st

WAIT_MS = 8000  # how long the script looks for the element: a slow rerun draws it late

_SCRIPT = """<script>
(() => {
  const selector = %s, deadline = Date.now() + %d;
  const scroll = () => {
    const target = document.querySelector(selector);
    if (target) { target.scrollIntoView({block: "start"}); return; }
    if (Date.now() < deadline) setTimeout(scroll, 100);
  };
  scroll();
})();
</script>"""


def into_view(key: str) -> None:
    """Scrolls the browser to the element keyed `key` (Streamlit's class `st-key-<key>`)."""
    st.html(_SCRIPT % (json.dumps(f".st-key-{key}"), WAIT_MS), unsafe_allow_javascript=True)
