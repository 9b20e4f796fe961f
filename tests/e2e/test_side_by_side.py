"""The command line and a running app on one database at the same time (CONTRACT.md section 3):
an import from the command line while the app serves pages; the app shows the new version at
once, and neither waits for long nor fails."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURE, edited_workbook
from tests.e2e.conftest import LOCALE, ROOT, SERVER_ENV, VIEWPORT, serve
from tests.e2e.streamlit_page import wait_for_app
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wisselaar", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_import_while_the_app_runs(browser, tmp_path):
    db = tmp_path / "zij-aan-zij.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").errors == []
    env = {**os.environ, **SERVER_ENV, "WISSELAAR_DB": str(db)}
    budget = edited_workbook(tmp_path / "budget.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    with serve(tmp_path, db, env=SERVER_ENV) as url:
        context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=url)
        try:
            page = context.new_page()
            page.goto("/budget")
            wait_for_app(page)
            assert "opgeladen door anna" in page.locator('[data-testid="stMain"]').inner_text()

            done = cli("import", str(budget), "--user", "cli-gebruiker", "--db", str(db), env=env)
            assert done.returncode == 0, done.stderr
            assert "Versie 2 bewaard" in done.stdout

            page.goto("/")
            wait_for_app(page)
            text = page.locator('[data-testid="stMain"]').inner_text().replace("\u00a0", " ")
            assert "opgeladen door cli-gebruiker" in text
            assert "€ 482.044,00" in text  # 432.044 + 50.000
            answer = cli("answer", "--json", "--db", str(db), env=env)
            assert answer.returncode == 0
            assert '"totaal_beschikbaar_eur": 482044.0' in answer.stdout
        finally:
            context.close()
