"""Both languages complete (issue 10 point 4), in a real headless Chromium: signed in with the
role that sees every page, the app is walked page by page in English and in Dutch. An English
page fails on a Dutch value label of the catalogue (a status, form, theme, added value,
yes/partly/no, verdict, province, role, dataset, audit value) and on Dutch number formats; a
Dutch page fails on an English label and on English number formats. Streamlit's own widget
strings ("Drag and drop file here", "Browse files", ...) are not ours and are not checked
(README, "Languages"). Every page's screenshot and text are kept as test artefacts
(tests/artifacts/taal-<lang>-<n>.png and .txt).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE
from tests.e2e.signin import ACCOUNTS, serve, sign_in, write_secrets
from tests.e2e.streamlit_page import main, menu, wait_for_app
from tests.language_check import foreign
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
TALL = {"width": 1400, "height": 2600}
# Streamlit's own widget strings, in English whatever the language (README, "Languages"):
# taken out of a page's text before it is checked.
STREAMLIT_OWN = re.compile(
    r"Drag and drop files? here|(Limit )?\d+MB per file|Browse files|Choose an option|"
    r"Choose options|No results|Press Enter to apply"
)


@pytest.fixture(scope="module")
def server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("taal-e2e")
    db = folder / "e2e.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").accepted
    with serve(folder, db, write_secrets(folder, ACCOUNTS)) as url:
        yield url


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    context = browser.new_context(locale=LOCALE, viewport=TALL, base_url=server)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def choose_language(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "combobox", name="Taal / Language"
    ).click()
    page.get_by_role("option", name=name, exact=True).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def page_text(page) -> str:
    """Everything the page shows: the main area and the sidebar, chart text (SVG) and the
    tables' cells (the data grid's accessible table) included."""
    parts = [main(page).text_content() or ""]
    parts.append(page.locator('[data-testid="stSidebar"]').text_content() or "")
    text = " ".join(" ".join(parts).split())
    return STREAMLIT_OWN.sub(" ", text)


def test_every_page_shows_one_language_only(page, artifacts: Path):
    page.goto("/opladen")  # a page for signed-in users: its address shows the sign-in form
    sign_in(page, "bea")
    problems: dict[str, list[str]] = {}
    for lang, name in (("en", "English"), ("nl", "Nederlands")):
        choose_language(page, name)
        titles = menu(page)
        assert len(titles) >= 9, titles  # every page, Opladen, Versies and Auditlog included
        for number, title in enumerate(titles, 1):
            page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
            page.wait_for_timeout(300)
            wait_for_app(page)
            page.screenshot(path=str(artifacts / f"taal-{lang}-{number}.png"), full_page=True)
            text = page_text(page)
            (artifacts / f"taal-{lang}-{number}.txt").write_text(text, encoding="utf-8")
            if found := foreign(text, lang):
                problems[f"{lang} {title}"] = found
    assert problems == {}


def test_the_check_finds_a_value_of_the_other_language():
    assert foreign("Status: lopend, 3 trajecten", "en") == ["'lopend' (label.status.lopend)"]
    assert foreign("Status: ongoing", "nl") == ["'ongoing' (label.status.lopend)"]
    assert foreign("Paid € 182.044,00 (26,9 %) in 2022-K3", "en") == [
        "number '€ 182.044,00'",
        "number '182.044,00'",
        "number '6,9 %'",
        "number '2022-K3'",
    ]
    assert foreign("Uitbetaald € 182.044,00 (26,9 %) in Q3 2022", "nl") == ["number 'Q3 2022'"]
