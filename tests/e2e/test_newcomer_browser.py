"""What a newcomer meets first, in a real headless Chromium (issue 11): nothing is fetched from
another host while every page loads (point 9), the pages on a phone of 390 x 844 (point 8),
and screenshots of the changed pages at 1400 x 1000 and 390 x 844 in tests/artifacts/.

The app runs with test accounts (tests/e2e/signin.py), the fixture and synthetic boundaries
(tests/boundary_files.py), so the maps are drawn as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.boundary_files import fixture_with_map
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE, VIEWPORT
from tests.e2e.signin import ACCOUNTS, serve, sign_in, write_secrets
from tests.e2e.streamlit_page import menu, on_screen, open_from_menu, wait_for_app, whole_page

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PAGES = [
    "Overzicht",
    "Gemeenten",
    "Trajecten",
    "Budget",
    "Evaluatie",
    "Parlementaire vragen",
    "Opladen",
    "Versies",
    "Auditlog",
]
SHOTS = {"Overzicht", "Gemeenten", "Trajecten", "Budget", "Evaluatie", "Versies"}


@pytest.fixture(scope="module")
def server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("nieuwkomer-e2e")
    settings = fixture_with_map(folder)
    secrets = write_secrets(folder, ACCOUNTS)
    env = {"WISSELAAR_GRENZEN_DIR": str(settings.grenzen_dir)}
    with serve(folder, settings.db_path, secrets, env=env) as url:
        yield url


class Outside:
    """Every request of a browser context: local ones go through, others are refused and kept."""

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()


@pytest.fixture
def context(browser, server: str, request) -> Iterator[tuple[object, Outside]]:
    outside = Outside()
    viewport = getattr(request, "param", VIEWPORT)
    context = browser.new_context(locale=LOCALE, viewport=viewport, base_url=server)
    context.set_default_timeout(APP_TIMEOUT_MS)
    context.route("**/*", outside)
    try:
        yield context, outside
    finally:
        context.close()


def signed_in(context, name: str = "bea"):
    page = context.new_page()
    page.goto("/")
    sign_in(page, name)
    return page


def test_nothing_is_fetched_from_another_host_on_any_page(context, artifacts: Path):
    context, outside = context
    page = signed_in(context)
    assert menu(page) == PAGES
    for title in PAGES:
        open_from_menu(page, title)
        if title == "Gemeenten":  # the map, with its exchanges drawn as well
            page.get_by_text("Uitwisselingen tonen").click()
            wait_for_app(page)
    # Headless Chromium asks for no favicon, so the icon's address is checked itself: with a
    # Material symbol as page icon, Streamlit points it at a font CDN.
    icon = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]')?.href")
    assert icon and urlparse(icon).hostname in LOCAL_HOSTS, icon  # the shipped icon
    assert outside.refused == []


def sidebar_covers_the_page(page) -> bool:
    return on_screen(page, page.locator('[data-testid="stSidebar"]'))


@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["390x844"])
def test_on_a_phone_the_pages_fit_and_the_menu_closes(context, artifacts: Path):
    context, outside = context
    page = signed_in(context)
    for title in ("Gemeenten", "Trajecten", "Budget", "Evaluatie", "Overzicht", "Versies"):
        open_from_menu(page, title)
        assert not sidebar_covers_the_page(page), f"the menu stays open over {title}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{title} is {width} px wide on a phone"
        page.screenshot(path=str(artifacts / f"telefoon-{title.lower()}.png"))
        whole_page(page, artifacts / f"telefoon-{title.lower()}-heel.png")
    assert outside.refused == []


def test_screenshots_of_the_changed_pages_at_1400_by_1000(context, artifacts: Path):
    context, _ = context
    page = signed_in(context)
    for title in PAGES:
        if title in SHOTS:
            open_from_menu(page, title)
            page.screenshot(path=str(artifacts / f"scherm-{title.lower()}.png"))
            whole_page(page, artifacts / f"scherm-{title.lower()}-heel.png")
