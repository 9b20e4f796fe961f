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
from tests.e2e.conftest import (
    LOCALE,
    ROOT,
    SERVER_ENV,
    VIEWPORT,
    _free_port,
    _stop,
    _wait_for_health,
)
from tests.e2e.streamlit_page import wait_for_app
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def test_cli_import_while_the_app_runs(browser, tmp_path):
    db = tmp_path / "zij-aan-zij.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").errors == []
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("", encoding="utf-8")
    env = {**os.environ, **SERVER_ENV, "WISSELAAR_DB": str(db)}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--secrets.files",
                str(secrets),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=url)
    try:
        _wait_for_health(url, server, log)
        page = context.new_page()
        page.goto("/budget")
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        assert "opgeladen door anna" in main.inner_text()

        budget = edited_workbook(
            tmp_path / "budget.xlsx", [("Budget", "C3", 200000)], keep=["Budget"]
        )
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "wisselaar",
                "import",
                str(budget),
                "--user",
                "cli-gebruiker",
                "--db",
                str(db),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "Versie 2 bewaard" in done.stdout

        page.goto("/")
        wait_for_app(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "opgeladen door cli-gebruiker" in text
        assert "€ 482.044,00" in text.replace("\u00a0", " ")  # 432.044 + 50.000
        answer = subprocess.run(
            [sys.executable, "-m", "wisselaar", "answer", "--json", "--db", str(db)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert answer.returncode == 0 and '"totaal_beschikbaar_eur": 482044.0' in answer.stdout
    finally:
        context.close()
        _stop(server)
