"""Two small browser behaviours Streamlit lacks, as scripts served with the page (nothing is
fetched): bringing an element into view, and closing the menu after navigation on a narrow
screen.

- A click on the map chooses a municipality whose profile is drawn far below the map; without
  `into_view` the profile opened out of sight.
- Streamlit closes its sidebar after a click in the page menu only when the browser says it is
  a phone (its user agent); in a narrow window (390 px) it stayed open over the page. Below
  Streamlit's own breakpoint for a narrow screen (768 px), `close_menu_after_navigation`
  closes it too.
"""

from __future__ import annotations

import json

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
