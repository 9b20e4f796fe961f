"""The map in a real headless Chromium: Flanders drawn with every municipality of the period,
coloured by role (screenshot in tests/artifacts/map.png), and a click on a municipality that
opens its profile, on the Gemeenten page and from the small map on Overzicht.

The app runs here with synthetic boundaries (tests/boundary_files.py: a square per
municipality in a stylised Flanders) built by the real `grenzen` code into a temporary
WISSELAAR_GRENZEN_DIR, so a clone of the project alone runs it. Until the shared `app_url`
server of conftest.py is started with such a folder, this module starts its own server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.boundary_files import fixture_with_map
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE, VIEWPORT, serve
from tests.e2e.streamlit_page import wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

TALL = {"width": 1400, "height": 2200}
MAP = ".st-key-kaart_kaart"  # Streamlit gives a keyed element the class st-key-<key>
SMALL_MAP = ".st-key-overzicht_kaart_kaart"
# The on-screen centre of a municipality's shape, found through the data plotly binds to it.
CENTRE_JS = """([selector, nis]) => {
  const paths = [...document.querySelectorAll(selector + ' path.choroplethlocation')];
  const path = paths.find(p => p.__data__ && p.__data__.loc === nis);
  if (!path) return null;
  const box = path.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""

INSIDE_MAP_JS = """s => {
  const node = document.querySelector(s);
  return !!(node && node.closest('[class*="st-key-kaart"]'));
}"""


def boundary_env(folder: Path) -> dict[str, str]:
    """The settings that give a server the map: the folder the built boundaries are in."""
    return {"WISSELAAR_GRENZEN_DIR": str(folder)}


@pytest.fixture(scope="module")
def map_url(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e-kaart")
    settings = fixture_with_map(folder)
    env = {
        "WISSELAAR_ANONYMOUS_ROLE": "lezer",  # reading needs no sign-in form in this test
        **boundary_env(settings.grenzen_dir),
    }
    with serve(folder, settings.db_path, env=env) as url:
        yield url


@pytest.fixture
def map_page(browser, map_url: str) -> Iterator[object]:
    context = browser.new_context(locale=LOCALE, viewport=TALL, base_url=map_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def our_serious_violations(page) -> list[tuple[str, str]]:
    """axe-core's serious or critical violations inside the map's own elements (its controls,
    chart, captions and tables: every element keyed "kaart...")."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        for node in violation["nodes"]:
            target = node["target"]
            serious = violation["impact"] in {"serious", "critical"} and len(target) == 1
            if serious and page.evaluate(INSIDE_MAP_JS, target[0]):
                found.append((violation["id"], node["html"][:120]))
    return found


def click_municipality(page, selector: str, nis: str) -> None:
    """A real mouse click inside the municipality. plotly picks the shape under the pointer
    from its hover, so the pointer first rests there until plotly shows that shape's label."""
    page.locator(selector).scroll_into_view_if_needed()
    centre = page.evaluate(CENTRE_JS, [selector, nis])
    assert centre, f"no shape for {nis} in {selector}"
    label = page.locator(f"{selector} .hoverlayer .hovertext")
    for step in range(10):
        page.mouse.move(centre["x"] + step % 3, centre["y"] + step // 3)
        if label.count() and nis in label.first.text_content():
            break
        page.wait_for_timeout(200)
    assert nis in label.first.text_content(), f"plotly shows no label for {nis}"
    page.mouse.click(centre["x"] + step % 3, centre["y"] + step // 3)


def test_the_map_shows_flanders_coloured_by_role(map_page, artifacts: Path):
    map_page.goto("/gemeenten")
    wait_for_app(map_page)

    chart = map_page.locator(MAP)
    assert chart.locator("path.choroplethlocation").count() == 285
    fills = map_page.evaluate(
        """s => [...document.querySelectorAll(s + ' path.choroplethlocation')]
                .map(p => [p.__data__.loc, getComputedStyle(p).fill])""",
        MAP,
    )
    colour = dict(fills)
    assert colour["44021"] == "rgb(0, 114, 178)"  # Gent aanbiedend: Okabe-Ito blue
    assert colour["41002"] == "rgb(230, 159, 0)"  # Aalst vragend: orange
    assert colour["24062"] == "rgb(204, 121, 167)"  # Leuven beide: reddish purple
    assert colour["44088"] == "rgb(230, 159, 0)"  # Merelbeke-Melle: Melle's trajectory
    legend = chart.locator(".legend").text_content()
    for words in ("aanbiedend", "vragend", "aanbiedend en vragend", "geen rol in de trajecten"):
        assert words in legend
    chart.screenshot(path=str(artifacts / "map.png"))
    assert map_page.locator('[data-testid="stException"]').count() == 0


def test_a_click_on_the_map_opens_the_profile(map_page):
    map_page.goto("/gemeenten")
    wait_for_app(map_page)

    click_municipality(map_page, MAP, "44021")
    wait_for_app(map_page)

    main = map_page.locator('[data-testid="stMain"]')
    assert "Gent (NIS 44021, provincie Oost-Vlaanderen)" in main.inner_text()
    # The choice travels in the URL as the NIS code (ui/url_state.py), so the link reopens
    # this profile in any language and period.
    assert parse_qs(urlparse(map_page.url).query).get("gemeente") == ["44021"]


def test_the_profile_a_click_opens_is_brought_into_view(browser, map_url: str, artifacts: Path):
    """On an ordinary screen the profile is drawn far below the map: the click scrolls to it."""
    from playwright.sync_api import expect

    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=map_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/gemeenten")
        wait_for_app(page)
        profile = page.locator(".st-key-gemeente")
        expect(profile).not_to_be_in_viewport()

        click_municipality(page, MAP, "44021")
        wait_for_app(page)

        heading = page.get_by_text("Gent (NIS 44021, provincie Oost-Vlaanderen)")
        expect(heading).to_be_in_viewport(timeout=APP_TIMEOUT_MS)
        page.screenshot(path=str(artifacts / "map-profiel-in-beeld.png"))
    finally:
        context.close()


def test_the_exchanges_and_the_small_map_on_overzicht(map_page, artifacts: Path):
    map_page.goto("/gemeenten?kaart_lijnen=true")
    wait_for_app(map_page)
    lines = map_page.locator(f"{MAP} .trace.scattergeo path.js-line")
    assert lines.count() >= 1  # the exchanges, one path per line width
    map_page.locator(MAP).screenshot(path=str(artifacts / "map-lijnen.png"))
    assert our_serious_violations(map_page) == []

    map_page.goto("/")  # Overzicht, the default page (its own path is legacy routing only)
    wait_for_app(map_page)
    assert map_page.locator(f"{SMALL_MAP} path.choroplethlocation").count() == 285
    click_municipality(map_page, SMALL_MAP, "24062")
    map_page.locator("h1", has_text="Gemeenten").wait_for()
    wait_for_app(map_page)
    assert "Leuven (NIS 24062" in map_page.locator('[data-testid="stMain"]').inner_text()
