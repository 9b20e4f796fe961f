"""Small browser behaviours Streamlit lacks, as scripts and styles served with the page
(nothing is fetched from elsewhere): bringing an element into view, closing the menu after
navigation on a narrow screen, an upload field in the page's language, and the pages'
components loaded while the sign-in form is shown.

- A click on the map chooses a municipality whose profile is drawn far below the map; without
  `into_view` the profile opened out of sight.
- Streamlit closes its sidebar after a click in the page menu only when the browser says it is
  a phone (its user agent); in a narrow window (390 px) it stayed open over the page. Below
  Streamlit's own breakpoint for a narrow screen (768 px), `close_menu_after_navigation`
  closes it too.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import streamlit as st

NARROW_PX = 768  # Streamlit's "md" breakpoint: below it the sidebar lies over the page
WAIT_MS = 15000  # how long the script waits for the page: a slow rerun draws it late

# The scroll waits until the rerun has finished and every chart is drawn: scrolled earlier,
# the charts above the target still grow and push it out of view again.
_SCRIPT = """<script>
(() => {
  const selector = %s, deadline = Date.now() + %d;
  const settled = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return app && app.dataset.testScriptState !== "running"
      && charts.every((chart) => chart.querySelector(".main-svg"));
  };
  const scroll = (again) => {
    const target = document.querySelector(selector);
    if (target && settled()) {
      target.scrollIntoView({block: "start"});
      if (again) setTimeout(() => scroll(false), 400);  // once more, after the last layout
      return;
    }
    if (Date.now() < deadline) setTimeout(() => scroll(again), 100);
  };
  scroll(true);
})();
</script>"""


def into_view(key: str) -> None:
    """Scrolls the browser to the element keyed `key` (Streamlit's class `st-key-<key>`)."""
    st.html(_SCRIPT % (json.dumps(f".st-key-{key}"), WAIT_MS), unsafe_allow_javascript=True)


_CLOSE_MENU = """<script>
(() => {
  if (window.wisselaarMenuCloses) return;  // one listener per page load, not per rerun
  window.wisselaarMenuCloses = true;
  document.addEventListener("click", (event) => {
    if (window.innerWidth >= %d || !event.target.closest('[data-testid="stSidebarNav"] a')) {
      return;
    }
    // After Streamlit's own handling: on a phone it has closed the menu already.
    setTimeout(() => {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 50);
  });
})();
</script>"""


def close_menu_after_navigation() -> None:
    """Once per page: a click in the page menu on a narrow screen closes the menu."""
    st.sidebar.html(_CLOSE_MENU % NARROW_PX, unsafe_allow_javascript=True)


# Streamlit's upload field says "Upload" and "200MB per file • XLSX" in English, whatever the
# page's language, and has no option to change that. Its instructions are hidden (the page
# states the product's limit in words under the field) and its button is renamed: its own
# word hidden (also from screen readers), the catalogue's as generated content beside it,
# which is then the button's accessible name (checked in tests/e2e/test_walk_browser.py).
_UPLOADER = """<style>
.st-key-%(key)s [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
.st-key-%(key)s [data-testid="stFileUploaderDropzone"] button p { display: none; }
.st-key-%(key)s [data-testid="stFileUploaderDropzone"] button
  [data-testid="stMarkdownContainer"]::after { content: %(label)s; }
</style>"""


def uploader_in_words(key: str, button: str) -> None:
    """The upload field keyed `key` with `button` (the catalogue's wording) on its button."""
    st.html(_UPLOADER % {"key": key, "label": json.dumps(button, ensure_ascii=False)})


# The pages' components that Streamlit's frontend loads only when a page first shows one:
# Plotly alone is 4.7 MB of JavaScript, which took the browser a second or two after the first
# chart's data had arrived. The sign-in form has the browser load them (with what they import)
# while the user types; the frontend's own import later finds them loaded. Names as
# Streamlit's build names its files (`PlotlyChart.D9Z0_fxz.js`); a component whose file is not
# found (another Streamlit build) is simply loaded when a page needs it, as before.
PRELOADED = (
    "PlotlyChart",
    "DataFrame",
    "Metric",
    "Multiselect",
    "Radio",
    "Button",
    "DownloadButton",
    "Html",
    "DateInput",
    "TextArea",
)
_PRELOAD = """<script>
(() => {
  if (window.wisselaarPreloaded) return;
  window.wisselaarPreloaded = true;
  const index = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!index) return;
  const load = () => {
    for (const name of %s) import(new URL(name, index.src).href).catch(() => {});
  };
  // Only once the form is drawn and the browser is idle: loading earlier held the form back.
  const idle = window.requestIdleCallback || ((run) => setTimeout(run, 200));
  const deadline = Date.now() + 10000;
  const when = () => {
    if (document.querySelector('input[type="password"]') || Date.now() > deadline) {
      idle(load, {timeout: 2000});
    } else {
      setTimeout(when, 100);
    }
  };
  when();
})();
</script>"""


@functools.cache
def _chunks() -> tuple[str, ...]:
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = []
    for name in PRELOADED:
        files = sorted(folder.glob(f"{name}.*.js"))
        found += [f"./{f.name}" for f in files if re.fullmatch(rf"{name}\.[^.]+\.js", f.name)]
    return tuple(found)


def preload_components() -> None:
    """On the sign-in form: the browser loads the pages' components while the user types."""
    if _chunks():
        st.html(_PRELOAD % json.dumps(list(_chunks())), unsafe_allow_javascript=True)
