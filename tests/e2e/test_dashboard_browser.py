"""The dashboard in a real headless Chromium, on the hand-checked fixture (uploaded by anna):
every page renders, URLs reproduce views, downloads are valid files, no serious accessibility
violations of our own, and the language switch.

Figures checked here come from tests/unit/test_answer.py (EXPECTED).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.streamlit_page import main, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

PAGES = {
    "overzicht": "Overzicht",
    "gemeenten": "Gemeenten",
    "trajecten": "Trajecten",
    "budget": "Budget",
    "evaluatie": "Evaluatie",
}
# Where the sidebar links to: the default page (Overzicht) is served at "/". Test 1 checks that
# every page also opens by its own name (/overzicht); the other tests use these addresses.
LINKS = {name: "/" if name == "overzicht" else f"/{name}" for name in PAGES}
STAND = re.compile(
    r"Stand van de gegevens: \d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} \(Brusselse tijd\); gegevens uit "
    r"Trajecten versie 1, .*Evaluaties versie 1\. Nieuwste versie opgeladen door anna\."
)
TALL = {"width": 1400, "height": 3000}  # Streamlit scrolls inside a container, not the page

# axe-core violations that Streamlit itself causes, not our content: rule id -> the Streamlit
# container (CSS selector) inside which that rule's violations are Streamlit's markup. A node is
# allowed only if the browser finds it (by axe's target selector) inside that container; every
# other serious or critical violation fails the test. Found with Streamlit 1.67 / axe-core 4.x;
# `tests/artifacts/axe-<page>.json` keeps the full list of each run.
AXE_ALLOWED: dict[str, tuple[str, ...]] = {
    # Streamlit's page navigation (st.navigation with a section, "Cijfers") puts the section's
    # <header> and the page links' <li> in a <div> directly inside <ul data-testid=
    # "stSidebarNavItems">: a <ul> with a <div> child. Streamlit's markup; we only pass pages.
    "list": ('[data-testid="stSidebarNav"]',),
    # The same markup seen from the other side: the <li> page links' parent is that <div>,
    # not the <ul>.
    "listitem": ('[data-testid="stSidebarNav"]',),
}
AXE_FAILING_IMPACTS = {"serious", "critical"}


def open_page(page, path: str) -> dict:
    """Opens `path` and waits for the app. Fails when Streamlit shows a dialog (such as "Page
    not found"): a modal makes the rest of the page inert, so clicks would time out and axe
    would silently skip everything behind it."""
    page.goto(path)
    state = wait_for_app(page)
    assert not state["dialog"], f"{path}: Streamlit shows a dialog: {state['dialog']!r}"
    return state


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


# 1. Every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_without_errors(page, name, artifacts: Path):
    page.set_viewport_size(TALL)
    page.goto(f"/{name}")
    state = wait_for_app(page)
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)

    assert not state["dialog"], f"/{name}: Streamlit shows a dialog: {state['dialog']!r}"

    assert main(page).locator("h1").inner_text().strip() == PAGES[name]
    captions = main(page).locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(STAND.fullmatch(c.strip()) for c in captions), captions
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


# 2. URLs reproduce views -----------------------------------------------------------------------


def status_filter(page):
    return (
        sidebar(page)
        .locator('[data-testid="stMultiSelect"]')
        .filter(has=page.get_by_role("combobox", name="Status", exact=True))
    )


def test_a_url_with_filters_reproduces_the_view(page):
    open_page(page, f"{LINKS['trajecten']}?status=lopend")
    chips = status_filter(page).locator("[data-tag]")
    assert chips.all_inner_texts() == ["lopend"]
    # W1-03 and W2-01 are the fixture's two lopend trajectories.
    assert main(page).get_by_role("heading", name="Alle trajecten (2)").count() == 1

    open_page(page, f"{LINKS['overzicht']}?oproep=2023")
    chips = (
        sidebar(page)
        .locator('[data-testid="stMultiSelect"]')
        .filter(has=page.get_by_role("combobox", name="Oproep", exact=True))
        .locator("[data-tag]")
    )
    assert chips.all_inner_texts() == ["2023"]
    metric = (
        main(page)
        .locator('[data-testid="stMetric"]')
        .filter(
            has=page.locator(
                '[data-testid="stMetricLabel"]', has_text=re.compile(r"^\s*Trajecten\s*$")
            )
        )
    )
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == "3"


def test_changing_a_filter_in_the_sidebar_updates_the_url(page):
    open_page(page, LINKS["trajecten"])
    combobox = sidebar(page).get_by_role("combobox", name="Status", exact=True)
    combobox.click()
    page.get_by_role("option", name="afgerond", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"[?&]status=afgerond"))
    wait_for_app(page)
    assert query(page)["status"] == ["afgerond"]
    assert status_filter(page).locator("[data-tag]").all_inner_texts() == ["afgerond"]
    # W1-01 and W1-02 are the fixture's two afgerond trajectories.
    assert main(page).get_by_role("heading", name="Alle trajecten (2)").count() == 1


# 3. Downloads ----------------------------------------------------------------------------------


def download(page, button, target: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    info.value.save_as(target)
    return target


def test_the_budget_table_downloads_as_a_valid_xlsx_and_csv(page, tmp_path: Path):
    open_page(page, LINKS["budget"])
    first_chart = main(page).locator('[data-testid="stTabs"]').first
    first_chart.get_by_role("tab", name="Tabel").click()
    panel = first_chart.get_by_role("tabpanel").filter(
        has=page.locator('[data-testid="stDownloadButton"]')
    )
    xlsx_button = panel.get_by_role("button", name=re.compile(r"Download als Excel \(\.xlsx\)"))
    xlsx = download(page, xlsx_button, tmp_path / "budgetlijnen.xlsx")

    workbook = openpyxl.load_workbook(xlsx)
    sheet = workbook.active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Beschikbaar en uitbetaald per begrotingsjaar en budgetlijn"
    assert str(rows[1][0]).startswith("Stand van de gegevens: ")
    assert "Trajecten versie 1" in str(rows[1][0])  # the versions the table shows
    assert "geen filters" in str(rows[2][0])
    header = rows.index(next(r for r in rows if r and r[0] == "Begrotingsjaar"))
    columns = rows[header]
    assert columns[:6] == [
        "Begrotingsjaar",
        "Budgetlijn",
        "Beschikbaar",
        "Toegekend",
        "Vastgelegd",
        "Uitbetaald",
    ]
    data = [dict(zip(columns, r, strict=True)) for r in rows[header + 1 :]]
    assert len(data) == 4
    first = data[0]
    assert (first["Begrotingsjaar"], first["Budgetlijn"]) == (2021, "VVSG-begeleiding")
    for money in ("Beschikbaar", "Toegekend", "Vastgelegd", "Uitbetaald"):
        assert first[money] == 182044
    assert first["Oordeel"] == "conform"
    assert data[2]["Uitbetaald"] == pytest.approx(110000.50)
    assert data[2]["Oordeel"] == "overbenutting"
    # Money is formatted as euro in Excel.
    money_cell = sheet.cell(row=header + 2, column=3)
    assert "€" in money_cell.number_format

    csv_button = panel.get_by_role("button", name=re.compile(r"Download als CSV"))
    csv_file = download(page, csv_button, tmp_path / "budgetlijnen.csv")
    text = csv_file.read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    # First the title, the moment and versions, the filters and an empty line; then the table.
    assert lines[0] == ["Beschikbaar en uitbetaald per begrotingsjaar en budgetlijn"]
    assert lines[1][0].startswith("Stand van de gegevens: ") and "geen filters" in lines[2][0]
    table = lines[lines.index([]) + 1 :]
    assert table[0][:3] == ["Begrotingsjaar", "Budgetlijn", "Beschikbaar"]
    assert all(len(r) == len(table[0]) for r in table)
    assert table[1][:3] == ["2021", "VVSG-begeleiding", "182044,00"]


# 4. Accessibility ------------------------------------------------------------------------------


INSIDE_JS = """([selector, container]) => {
  const node = document.querySelector(selector);
  return node !== null && node.closest(container) !== null;
}"""


def _allowed(page, rule: str, node: dict) -> bool:
    """The node lies inside a container allowed for this rule (checked in the live page)."""
    target = node["target"]
    if len(target) != 1:  # a node inside an iframe or shadow root: never ours to allow
        return False
    return any(
        page.evaluate(INSIDE_JS, [target[0], container]) for container in AXE_ALLOWED.get(rule, ())
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations_of_our_own(page, name, artifacts: Path):
    """axe-core on the page as it opens (charts shown) and again with every chart's "Tabel"
    tab open (the data grids and download buttons)."""
    open_page(page, LINKS[name])
    failing = _axe(page, name, artifacts)
    tabs = main(page).get_by_role("tab", name="Tabel", exact=True)
    for index in range(tabs.count()):
        tabs.nth(index).click()
    if tabs.count():
        wait_for_app(page)
        shown = main(page).locator('[data-testid="stDownloadButton"]:visible')
        assert shown.count() >= 2 * tabs.count()  # the tables are really on screen
        failing += _axe(page, f"{name}-tabellen", artifacts)
    assert not failing, "serious or critical accessibility violations:\n" + "\n".join(
        map(str, failing)
    )


def _axe(page, label: str, artifacts: Path) -> list[tuple[str, str, list[str], str]]:
    """Runs axe-core, prints and saves every violation, returns those that fail the test."""
    violations = Axe().run(page).response["violations"]
    (artifacts / f"axe-{label}.json").write_text(json.dumps(violations, indent=2))
    print(f"\naxe on {label}: {len(violations)} violation(s)")
    failing = []
    for violation in violations:
        for node in violation["nodes"]:
            allowed = _allowed(page, violation["id"], node)
            print(
                f"  [{violation['impact']}] {violation['id']}"
                f"{' (allowed: Streamlit)' if allowed else ''}: {node['target']}"
                f" {node['html'][:160]}"
            )
            if violation["impact"] in AXE_FAILING_IMPACTS and not allowed:
                failing.append((violation["id"], violation["help"], node["target"], node["html"]))
    return failing


# 5. Language -----------------------------------------------------------------------------------


def test_the_language_switch_shows_english(page, browser, app_url: str):
    open_page(page, LINKS["overzicht"])
    sidebar(page).get_by_role("combobox", name="Taal / Language").click()
    page.get_by_role("option", name="English", exact=True).click()
    page.wait_for_function("() => location.search.includes('taal=')")
    wait_for_app(page)
    assert main(page).locator("h1").inner_text().strip() == "Overview"
    captions = main(page).locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any("uploaded by anna" in c for c in captions), captions
    assert query(page).get("taal") == ["en"], page.url

    # The link reproduces the view: a new visitor who opens it gets English too.
    other = browser.new_page(locale="nl-BE", base_url=app_url)
    try:
        open_page(other, page.url)
        assert main(other).locator("h1").inner_text().strip() == "Overview"
    finally:
        other.close()


# 5. Herkomst -----------------------------------------------------------------------------------


def test_a_card_opens_the_rows_it_is_made_of(page, tmp_path: Path, artifacts: Path):
    """Issue 9: from the "Trajecten" card, the seven rows of sheet Trajecten of version 1,
    uploaded by anna, with their Excel rows; downloadable."""
    open_page(page, LINKS["overzicht"])
    card = (
        main(page)
        .locator('[data-testid="stColumn"]')
        .filter(
            has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(r"^Trajecten$"))
        )
    )
    card.get_by_role("button", name="Herkomst").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert "Herkomst: Trajecten" in dialog.inner_text()
    assert "7 rijen uit de opgeladen werkmappen maken dit cijfer" in dialog.inner_text()
    dialog.screenshot(path=str(artifacts / "herkomst-trajecten.png"))
    button = dialog.get_by_role("button", name="Herkomst downloaden (.xlsx)")
    saved = download(page, button, tmp_path / "herkomst.xlsx")
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][0] == "Herkomst: Trajecten"
    assert str(rows[1][0]).startswith("Stand van de gegevens: ")
    header = next(i for i, r in enumerate(rows) if r[0] == "Blad")
    data = [r for r in rows[header + 1 :] if r[0]]
    assert [r[0] for r in data] == ["Trajecten"] * 7
    assert sorted(r[1] for r in data) == list(range(2, 9))  # Excel rows 2-8
    assert {r[3] for r in data} == {"fixture.xlsx"} and {r[4] for r in data} == {"anna"}
