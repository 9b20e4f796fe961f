"""The walk of every page in a real headless Chromium (issue 11, "What to build"): for each role
and in both languages, every page of the role's menu, every tab and every expander opened, the
first row of every table chosen (a selectable one then shows its details), and on Opladen a
refused workbook. It fails on an exception, a traceback or the product's error message in
its place (also in the server's log), and on a text that reads `None`, `nan`, `NaN`, `NaT` or
`<NA>` in the page, its charts (their SVG text) or its sidebar.

Tables are drawn on a canvas: their cells are checked through their data by the AppTest walk
(tests/app/test_walk.py). Screenshots of every page, whole, at 1400 x 1000 and at 390 x 844,
in both languages, go to tests/artifacts/wandeling-<taal>-<breedte>-<pagina>.png.

One server per language (the fixture and synthetic boundaries, so the maps are drawn, and
the test accounts of tests/e2e/signin.py); each role signs in once per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.boundary_files import fixture_with_map
from tests.conftest import edited_workbook
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE, VIEWPORT
from tests.e2e.signin import ACCOUNTS, serve, write_secrets
from tests.e2e.streamlit_page import main, menu, open_from_menu, wait_for_app, whole_page
from tests.walk_checks import empty_words, error_marks
from wisselaar.i18n import t

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

PHONE = {"width": 390, "height": 844}
ROLES = {"lea": 6, "otto": 7, "bea": 9}  # account -> pages in its menu
# What the page shows as text, its charts' SVG text included (innerText leaves SVG out).
TEXT_JS = """() => {
  const parts = [document.querySelector('[data-testid="stMain"]').innerText];
  const side = document.querySelector('[data-testid="stSidebar"]');
  if (side) parts.push(side.innerText);
  for (const d of document.querySelectorAll('[role="dialog"]')) parts.push(d.innerText);
  for (const s of document.querySelectorAll('[data-testid="stMain"] svg text')) {
    parts.push(s.textContent);
  }
  return parts.join('\\n');
}"""
GRID_HEADER_PX, GRID_ROW_PX, ROW_MARKER_PX = 35, 35, 18


class Server:
    """One language's server: its address, its log folder and the refused workbook."""

    def __init__(self, lang: str, url: str, log_folder: Path, refused: Path) -> None:
        self.lang, self.url, self.log_folder, self.refused = lang, url, log_folder, refused

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.log_folder.glob("*.log"))


@pytest.fixture(scope="module", params=["nl", "en"])
def server(request, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    lang = request.param
    folder = tmp_path_factory.mktemp(f"wandeling-{lang}")
    settings = fixture_with_map(folder)
    secrets = write_secrets(folder, ACCOUNTS)
    env = {"WISSELAAR_GRENZEN_DIR": str(settings.grenzen_dir)}
    refused = edited_workbook(
        folder / "zonder-kolom.xlsx",
        keep=["Budget"],
        change=lambda workbook: workbook["Budget"].delete_cols(3),
    )
    with serve(folder, settings.db_path, secrets, env=env) as url:
        yield Server(lang, url, folder, refused)


def signed_in(browser, server: Server, name: str, viewport: dict[str, int]):
    context = browser.new_context(locale=LOCALE, viewport=viewport, base_url=server.url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"/?taal={server.lang}")
    wait_for_app(page)
    lang = server.lang
    page.get_by_label(t("aanmelden.naam", lang)).fill(name)
    page.get_by_label(t("aanmelden.wachtwoord", lang), exact=True).fill(ACCOUNTS[name][1])
    page.get_by_role("button", name=t("aanmelden.knop", lang), exact=True).click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    return context, page


def problems(page, where: str) -> list[str]:
    text = page.evaluate(TEXT_JS)
    found = [f"{where}: {line}" for line in empty_words(text)]
    found += [f"{where}: shows {mark!r}" for mark in error_marks(text)]
    exceptions = page.locator('[data-testid="stException"]').count()
    return found + ([f"{where}: {exceptions} exception(s)"] if exceptions else [])


def open_everything(page, where: str) -> list[str]:
    """Every tab (each in turn) and every expander of the main area; what they show."""
    found = []
    tabs = main(page).get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        found += problems(page, f"{where}, tab {index + 1}")
    for summary in main(page).locator('[data-testid="stExpander"] summary').all():
        if summary.get_attribute("aria-expanded") != "true":
            summary.click()
    wait_for_app(page)
    return found + problems(page, f"{where}, expanders open")


def first_rows(page, where: str) -> tuple[list[str], int]:
    """A click on the first row's selection box of every table shown: a selectable one
    selects that row (its details appear below), the others only mark a cell. Returns what
    was found and how many clicks showed more tables."""
    found, opened = [], 0
    grids = main(page).locator('[data-testid="stDataFrame"]')
    for index in range(grids.count()):
        grid = grids.nth(index)
        if not grid.is_visible():  # on a tab not shown
            continue
        before = grids.count()
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + ROW_MARKER_PX, box["y"] + GRID_HEADER_PX + GRID_ROW_PX / 2)
        page.wait_for_timeout(300)
        wait_for_app(page)
        opened += grids.count() > before
        found += problems(page, f"{where}, table {index + 1} row 1")
    return found, opened


def refused_upload(page, server: Server, where: str) -> list[str]:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(server.refused)
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert main(page).locator('[data-testid="stAlertContentError"]').count() == 1
    return problems(page, f"{where}, refused workbook")


def slug(title: str) -> str:
    return re.sub(r"[^a-z]+", "-", title.lower()).strip("-")


@pytest.mark.parametrize("name", list(ROLES))
def test_every_page_tab_expander_and_first_row_for_each_role(browser, server, name, artifacts):
    context, page = signed_in(browser, server, name, VIEWPORT)
    try:
        titles = menu(page)
        assert len(titles) == ROLES[name], titles
        found: list[str] = []
        for title in titles:
            where = f"{name}, {server.lang}, {title}"
            open_from_menu(page, title)
            if name == "bea":  # the role that sees every page; before tabs and rows change
                whole_page(page, artifacts / f"wandeling-{server.lang}-1400-{slug(title)}.png")
            # The tables shown when the page is drawn first (a chart's table is behind its
            # tab and selects nothing), then every tab and expander.
            shown, opened = first_rows(page, where)
            found += problems(page, where) + shown + open_everything(page, where)
            if title == t("nav.trajecten", server.lang):
                assert opened, "choosing a trajectory showed no details"
            if page.locator('[data-testid="stFileUploader"]').count():
                found += refused_upload(page, server, where)
        assert found == []
        assert "Traceback" not in server.log()
    finally:
        context.close()


def test_every_page_on_a_phone(browser, server, artifacts):
    context, page = signed_in(browser, server, "bea", PHONE)
    try:
        found: list[str] = []
        for title in menu(page):
            open_from_menu(page, title)
            found += problems(page, f"phone, {server.lang}, {title}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"phone, {server.lang}, {title}: {width} px wide")
            whole_page(page, artifacts / f"wandeling-{server.lang}-390-{slug(title)}.png")
        assert found == []
        assert "Traceback" not in server.log()
    finally:
        context.close()


def test_opladen_speaks_the_pages_language_and_states_the_products_limit(browser, server):
    """Issue 11 point 7: no "Upload" or "200MB per file • XLSX" from Streamlit, but the
    catalogue's button and the product's own limit (50 MB by default) in the page's words."""
    context, page = signed_in(browser, server, "otto", VIEWPORT)
    try:
        open_from_menu(page, t("pagina.opladen", server.lang))
        field = main(page).locator('[data-testid="stFileUploader"]')
        words = t("opladen.kies_bestand", server.lang)
        shown = field.inner_text()  # what is visible, without generated content
        assert "Upload" not in shown and "MB" not in shown and "XLSX" not in shown, shown
        assert field.get_by_role("button", name=words, exact=True).is_visible()
        label = field.locator('button [data-testid="stMarkdownContainer"]')
        after = label.evaluate("(label) => getComputedStyle(label, '::after').content")
        assert after == f'"{words}"'  # what the button shows
        assert main(page).get_by_text(t("opladen.limiet", server.lang, mb="50")).is_visible()
    finally:
        context.close()
