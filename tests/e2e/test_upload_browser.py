"""Sign-in, roles, upload, versions and audit in a real headless Chromium, against the app
served with test accounts (tests/e2e/signin.py) on its own database holding the fixture.

- opladen: a deep link asks to sign in first; a bad workbook shows its errors (downloadable),
  a good one its preview; after confirming, the Overzicht shows the new figures;
- lezer: no upload page in the menu, nor by its URL;
- beheer: rolls back with a reason and sees the old figures; the audit log lists it all;
- a flood of errors (20,999) gives a small page: the first 200 and the rest counted.
Screenshots go to tests/artifacts/ (upload-*.png).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURE, edited_workbook
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE, VIEWPORT
from tests.e2e.signin import ACCOUNTS, serve, sign_in, write_secrets
from tests.e2e.streamlit_page import main, menu, wait_for_app
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings
from wisselaar.store import Store, list_versions
from wisselaar.template import build_template

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
TALL = {"width": 1400, "height": 2200}


@pytest.fixture(scope="module")
def server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("upload-e2e")
    db = folder / "e2e.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").accepted
    secrets = write_secrets(folder, ACCOUNTS)
    with serve(folder, db, secrets) as url:
        yield {"url": url, "settings": settings, "folder": folder}


@pytest.fixture
def page(browser, server: dict) -> Iterator[object]:
    context = browser.new_context(
        locale=LOCALE, viewport=VIEWPORT, accept_downloads=True, base_url=server["url"]
    )
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def go(page, path: str) -> dict:
    page.goto(path)
    return wait_for_app(page)


def metric(page, label: str) -> str:
    card = main(page).locator('[data-testid="stMetric"]', has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def upload(page, path: Path) -> dict:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    return wait_for_app(page)


def test_opladen_uploads_a_bad_then_a_good_workbook(page, server, artifacts, tmp_path):
    page.set_viewport_size(TALL)
    go(page, "/opladen")  # a deep link: first the sign-in, nothing else
    assert main(page).locator("h1").inner_text() == "Aanmelden"
    assert menu(page) == []
    page.screenshot(path=str(artifacts / "upload-aanmelden.png"), full_page=True)
    sign_in(page, "otto")
    assert main(page).locator("h1").inner_text() == "Opladen"
    assert "Opladen" in menu(page) and "Versies" not in menu(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download het lege sjabloon (.xlsx)").click()
    template = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    expected = build_template()
    assert template.sheetnames == expected.sheetnames
    for name in expected.sheetnames[1:]:
        assert [c.value for c in template[name][1]] == [c.value for c in expected[name][1]]

    bad = edited_workbook(tmp_path / "fout.xlsx", [("Budget", "C3", "veel")], keep=["Budget"])
    upload(page, bad)
    assert "is geweigerd: 1 fout." in main(page).inner_text()
    assert main(page).locator('[data-testid="stDataFrame"]').count() == 1
    page.screenshot(path=str(artifacts / "upload-fouten.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als Excel (.xlsx)").click()
    errors = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    cells = [str(c.value) for row in errors.iter_rows() for c in row if c.value is not None]
    assert "Budget" in cells and "veel" in cells

    good = edited_workbook(tmp_path / "goed.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    upload(page, good)
    text = main(page).inner_text()
    assert "is geldig" in text and "Er is nog niets bewaard" in text
    assert "€ 432.044,00" in text and "€ 482.044,00" in text
    page.get_by_text("Budget: 0 toegevoegd, 1 gewijzigd, 0 verwijderd").click()
    wait_for_app(page)
    page.screenshot(path=str(artifacts / "upload-voorbeeld.png"), full_page=True)
    page.get_by_role("button", name="Bevestig en bewaar als nieuwe versie").click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert "Versie 2 is bewaard (goed.xlsx)" in main(page).inner_text()

    page.locator('[data-testid="stSidebarNav"] a', has_text="Overzicht").click()
    wait_for_app(page)
    assert metric(page, "Budget beschikbaar") == "€ 482.044,00"
    assert "opgeladen door otto" in main(page).inner_text()
    page.screenshot(path=str(artifacts / "upload-overzicht-na.png"), full_page=True)


def test_lezer_finds_no_upload_page_not_even_by_its_url(page, artifacts):
    go(page, "/")
    sign_in(page, "lea")
    assert main(page).locator("h1").inner_text() == "Overzicht"
    assert menu(page)[:5] == ["Overzicht", "Gemeenten", "Trajecten", "Budget", "Evaluatie"]
    assert not {"Opladen", "Versies", "Auditlog"} & set(menu(page))
    for path in ("/opladen", "/versies", "/audit"):
        go(page, path)
        assert main(page).locator("h1").inner_text() in ("Geen toegang", "Aanmelden")
        if main(page).locator("h1").inner_text() == "Aanmelden":  # a reload is a new session
            sign_in(page, "lea")
        assert main(page).locator("h1").inner_text() == "Geen toegang"
        assert "voorbehouden aan de rol" in main(page).inner_text()
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.screenshot(path=str(artifacts / "upload-lezer-geen-toegang.png"), full_page=True)


def test_beheer_rolls_back_and_sees_the_old_figures(page, server, artifacts, tmp_path):
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 300000)], keep=["Budget"])
    assert import_workbook(server["settings"], budget, user="bert").accepted
    page.set_viewport_size(TALL)
    go(page, "/")
    sign_in(page, "bea")
    assert metric(page, "Budget beschikbaar") == "€ 582.044,00"
    assert menu(page)[-3:] == ["Opladen", "Versies", "Auditlog"]
    page.locator('[data-testid="stSidebarNav"] a', has_text="Versies").click()
    wait_for_app(page)
    form = page.locator('[data-testid="stForm"]')
    form.locator('[data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="Versie 1 –").click()
    form.get_by_label("Reden (verplicht)").fill("Budget 2022 verkeerd ingevuld")
    form.get_by_role("button", name="Zet terug").click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    text = main(page).inner_text()
    assert "is bewaard: de bladen Budget zijn terug zoals na versie 1" in text
    with Store(server["settings"].db_path).read() as con:
        newest = list_versions(con)[0]
    assert (newest["soort"], newest["basis_versie"], newest["gebruiker"]) == ("rollback", 1, "bea")
    assert newest["reden"] == "Budget 2022 verkeerd ingevuld"
    page.screenshot(path=str(artifacts / "upload-terugzetten.png"), full_page=True)

    page.locator('[data-testid="stSidebarNav"] a', has_text="Overzicht").click()
    wait_for_app(page)
    assert metric(page, "Budget beschikbaar") == "€ 432.044,00"
    assert "opgeladen door bea" in main(page).inner_text()

    page.locator('[data-testid="stSidebarNav"] a', has_text="Auditlog").click()
    wait_for_app(page)
    log = main(page).locator('[data-testid="stDataFrame"]')
    log.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "upload-auditlog.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als Excel (.xlsx)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [" ".join(str(v) for v in row if v is not None) for row in rows]
    for expected in (
        "otto opladen upload geweigerd",
        "otto opladen upload aanvaard",
        "otto opladen bevestiging bewaard",
        "bea beheer terugzetting bewaard",
        "lea lezer aanmelding geslaagd",
        "otto opladen export geslaagd",  # the error list otto downloaded
    ):
        assert any(expected in line for line in flat), (expected, flat[:20])


def test_a_flood_of_errors_shows_a_small_page(page, server, artifacts, tmp_path):
    """Issue 12 point 2: 3,000 rows of 2,000-character values, 20,999 errors: the page lists
    200, counts the rest per column and says the total (it used to fail with Streamlit's
    MessageSizeError)."""
    from tests.unit.test_hostile_workbooks import flood

    page.set_viewport_size(TALL)
    go(page, "/opladen")
    sign_in(page, "otto")
    upload(page, flood(tmp_path / "vloed.xlsx", 2000))
    text = main(page).inner_text()
    assert "is geweigerd: 20.999 fouten." in text
    assert "de eerste 200 van de 20.999 fouten" in text
    assert "MessageSizeError" not in page.content()
    assert main(page).locator('[data-testid="stDataFrame"]').count() == 2
    page.screenshot(path=str(artifacts / "upload-vloed.png"), full_page=True)
