"""Reading in a written question in a real headless Chromium: paste the text of question 618,
recognise it, correct the subject, save, find it among the open questions, make the draft and
download it; the draft holds the corrected heading, the call filter the text named and the
marked paragraph of the sub-question no block answers."""

from __future__ import annotations

import dataclasses

import docx
import pytest

from tests.conftest import DATA, FIXTURE
from tests.e2e.conftest import APP_TIMEOUT_MS, ARTIFACTS, LOCALE, SERVER_ENV, VIEWPORT, serve
from tests.e2e.streamlit_page import wait_for_app
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


@pytest.fixture
def intake_page(browser, chromium, tmp_path):
    """A page on an app of its own (saving questions must not change other tests' data)."""
    db = tmp_path / "intake.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").errors == []
    with serve(tmp_path, db, env=SERVER_ENV) as url:
        context = browser.new_context(
            locale=LOCALE, viewport=VIEWPORT, accept_downloads=True, base_url=url
        )
        context.set_default_timeout(APP_TIMEOUT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_paste_correct_save_list_and_download_a_question(intake_page, tmp_path):
    page = intake_page
    page.goto("/vragen")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    assert "Er zijn geen openstaande vragen." in main.inner_text()

    main.get_by_label("Tekst van de vraag").fill((DATA / "vraag-618.txt").read_text("utf-8"))
    main.get_by_role("button", name="Herken").click()
    wait_for_app(page)
    text = main.inner_text()
    assert "Vraag nr. 618 herkend met 6 deelvragen" in text
    assert "Deelvraag 6: geen blok gevonden" in text
    assert main.get_by_label("Nummer", exact=True).input_value() == "618"
    assert main.get_by_label("Vraagsteller (lid)").input_value() == "Jos D'Haese"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    main.get_by_text("herkend met 6 deelvragen").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "vragen-herkend.png"))

    subject = main.get_by_label("Onderwerp", exact=True)
    subject.fill("Projectoproep 2023: stand van de uitvoering")
    main.get_by_role("button", name="Bewaar").click()
    wait_for_app(page)
    text = main.inner_text()
    assert "Vraag 1 is bewaard." in text
    table = main.locator('[data-testid="stTable"]').inner_text()
    assert "618" in table and "31/07/2024" in table and "te laat" in table
    assert "Uiterste antwoorddatum: 31/07/2024" in text
    main.locator('[data-testid="stTable"]').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "vragen-open.png"))

    main.get_by_role("button", name="Maak de bestanden").last.click()
    wait_for_app(page)
    with page.expect_download() as info:
        main.get_by_role("button", name="Download het ontwerpantwoord (.docx)").click()
    target = tmp_path / "antwoord-618.docx"
    info.value.save_as(target)
    paragraphs = [p.text for p in docx.Document(target).paragraphs]
    assert paragraphs[0] == "SCHRIFTELIJKE VRAAG nr. 618 van 3 juli 2024 van JOS D'HAESE"
    assert "Projectoproep 2023: stand van de uitvoering" in paragraphs
    one = paragraphs.index("Antwoord op vraag 1")
    assert paragraphs[one + 2] == "Filters: Oproep: 2023"
    six = paragraphs.index("Antwoord op vraag 6")
    assert paragraphs[six + 2].startswith("[IN TE VULLEN DOOR HET KABINET]")
