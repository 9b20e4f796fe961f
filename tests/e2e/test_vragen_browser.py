"""Parlementaire vragen in a real headless Chromium: generate the files of question 342, download
both, open them, and render the draft with LibreOffice to look at the pages a reader sees."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.e2e.streamlit_page import wait_for_app

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def download(page, label: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(target)
    return target


def test_generate_download_and_render_question_342(page, tmp_path):
    page.goto("/vragen")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    assert "Parlementaire vragen" in main.locator("h1").inner_text()
    page.get_by_role("button", name="Maak de bestanden").first.click()
    wait_for_app(page)
    assert "Kenmerk: W342-" in main.inner_text()

    answer = download(page, "Download het ontwerpantwoord (.docx)", tmp_path / "antwoord.docx")
    annex = download(page, "Download de bijlage (.xlsx)", tmp_path / "bijlage.xlsx")
    text = "\n".join(p.text for p in docx.Document(answer).paragraphs)
    assert "342" in text and "SUZY WOUTERS" in text.upper()
    assert "37.500,50\u00a0euro" in text  # vraag 1, hand-checked total, as an answer writes it
    assert "80,1" in text  # benutting, vraag 4 and 6
    workbook = openpyxl.load_workbook(annex)
    sheets = [*(f"Vraag {i}" for i in range(1, 7)), "Herkomst", "Verantwoording"]
    assert sheets == workbook.sheetnames

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail(
            "LibreOffice is needed to render the draft: apt-get install libreoffice-writer-nogui"
        )
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(answer)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "antwoord.pdf"
    assert pdf.stat().st_size > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "antwoord-342")],
        check=True,
        timeout=120,
    )
    pages = sorted(ARTIFACTS.glob("antwoord-342*.png"))
    assert pages, "the draft rendered to no page"
