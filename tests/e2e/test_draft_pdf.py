"""The draft of question 342 on the sample data as a reader sees it: rendered to PDF by
LibreOffice, every page kept as a PNG test artefact (tests/artifacts/draft-342-*.png) to look
at, and the rendered text checked for what must never reach the Parliament."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wisselaar.answer import answer_342
from wisselaar.answer_files import write_answer_files
from wisselaar.ingest import SAMPLE_WORKBOOK, import_workbook

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PLACEHOLDER_PLURALS = re.compile(r"\w\((n|s|en)\)")
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def _office() -> str:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is needed to render the draft: apt-get install libreoffice-writer")
    return office


def test_the_draft_of_question_342_renders_to_pages_that_read_as_an_answer(settings, tmp_path):
    now = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)  # after the last evaluation
    result = import_workbook(settings, SAMPLE_WORKBOOK, user="voorbeeld", sample=True, now=now)
    assert result.errors == []
    answer = write_answer_files(answer_342(settings), tmp_path)
    docx = next(p for p in answer if p.suffix == ".docx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"  # no shared profile lock
    subprocess.run(
        [_office(), profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), docx],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "antwoord.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("draft-342-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(pdf), str(ARTIFACTS / "draft-342")],
        check=True,
        timeout=120,
    )
    pages = sorted(ARTIFACTS.glob("draft-342-*.png"))
    assert len(pages) >= 3, "the draft rendered to too few pages"
    (ARTIFACTS / "draft-342.txt").write_text(text, encoding="utf-8")

    flat = " ".join(text.split())
    assert "GECOÖRDINEERD ANTWOORD" in flat
    assert "182.044,00 euro" in flat or "182.044,00 euro".replace(" ", "\u00a0") in text
    assert "[Beoordeling door de minister: …]" in flat
    assert "python -m" not in text and "--as-of" not in text  # no command line in the body
    codes = r"\b(trajecten|experts|criteria|budget|financien|evaluaties) v\d"
    assert not re.search(codes, text, re.I) and "versies:" not in text  # no version codes
    assert not PLACEHOLDER_PLURALS.search(text)
    assert not re.search(r"\b1 (trajecten|gemeenten|experts|evaluaties|rapporten)\b", text)
    assert "Stand van de gegevens: 15 januari 2026, 10.00 uur." in flat
    assert re.search(r"tabel 2\.1 van de bijlage, ‘Uitwisselingstrajecten’", flat, re.I)
