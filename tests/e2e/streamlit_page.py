"""Waiting for a Streamlit page in a real browser.

Streamlit renders asynchronously over a websocket: the HTML arrives empty, the script runs on
the server, elements stream in, and a page opened by its URL may rerun once or twice (the
frame's detour through app.py, URL-bound widgets). `wait_for_app` waits for the state Streamlit
itself exposes on `stApp` (`data-test-connection-state`, `data-test-script-state`, the same
attributes Streamlit's own end-to-end tests use), then until the page has been unchanged for a
few polls, instead of sleeping a fixed time.
"""

from __future__ import annotations

import time
from typing import Any

POLL_S = 0.15
STABLE_POLLS = 4  # about 0.6 s without any change

SNAPSHOT_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return null;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    url: location.href,
    connection: app.dataset.testConnectionState || null,
    script: app.dataset.testScriptState || null,
    h1: h1 ? h1.innerText.trim() : null,
    stale: document.querySelectorAll('[data-stale="true"]').length,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    running: document.querySelectorAll(
      '[data-testid="stStatusWidget"] [data-testid^="stStatusWidgetRunning"]').length,
    elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
    charts: charts.length,
    charts_unrendered: charts.filter(c => !c.querySelector('.main-svg')).length,
    // finite CSS animations and transitions (fade-ins) still playing
    dialog: [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')]
      .map(d => d.innerText.trim().slice(0, 200)).join(' | ') || null,
    animations: document.getAnimations().filter(a => a.playState === 'running'
      && a.effect && a.effect.getTiming().iterations !== Infinity).length,
  };
}"""


def _ready(snapshot: dict[str, Any] | None) -> bool:
    return bool(
        snapshot
        and snapshot["connection"] == "CONNECTED"
        and snapshot["script"] == "notRunning"
        and snapshot["h1"]
        and not snapshot["stale"]
        and not snapshot["skeletons"]
        and not snapshot["running"]
        and not snapshot["charts_unrendered"]
        and not snapshot["animations"]
    )


def wait_for_app(page: Any, timeout_s: float = 60) -> dict[str, Any]:
    """Waits until the app is connected, its script has finished, the page's h1 is shown,
    no element is stale or still a skeleton, every chart is drawn, no fade-in is playing, and
    nothing of that has changed for STABLE_POLLS polls. Returns the last snapshot."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    previous: dict[str, Any] | None = None
    stable = 0
    while time.monotonic() < deadline:
        snapshot = page.evaluate(SNAPSHOT_JS)
        if _ready(snapshot) and snapshot == previous:
            stable += 1
            if stable >= STABLE_POLLS:
                return snapshot
        else:
            stable = 0
        previous = snapshot
        time.sleep(POLL_S)
    raise AssertionError(f"the app did not settle within {timeout_s} s; last state: {previous}")


def main(page: Any) -> Any:
    """The page's main area (without the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def menu(page: Any) -> list[str]:
    """The page titles in the sidebar menu (without the icons' ligature names)."""
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    return [text.strip().splitlines()[-1] for text in links if text.strip()]


def on_screen(page: Any, locator: Any) -> bool:
    """Whether the element lies (horizontally) inside the window, not slid off to the side."""
    box = locator.bounding_box()
    return bool(box and box["width"] and box["x"] >= 0 and box["x"] < page.viewport_size["width"])


def open_from_menu(page: Any, title: str) -> None:
    """A click on the page in the sidebar menu (a new URL would start a new, signed-out
    session); on a phone the sidebar is opened first."""
    link = page.locator('[data-testid="stSidebarNav"] a', has_text=title).first
    if not on_screen(page, link):
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_timeout(500)  # the sidebar slides in
    link.click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert main(page).locator("h1").first.inner_text().strip() == title


HEIGHT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(main ? main.scrollHeight : document.body.scrollHeight);
}"""


def whole_page(page: Any, path: Any) -> None:
    """The whole page at the window's width. Streamlit scrolls inside its own container, so
    a "full page" screenshot shows only the window: for a moment the window is as tall as
    the page."""
    window = dict(page.viewport_size)
    tall = page.evaluate(HEIGHT_JS)
    page.set_viewport_size({"width": window["width"], "height": min(tall, 12_000)})
    wait_for_app(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(window)
    wait_for_app(page)
