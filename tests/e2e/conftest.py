"""Browser-test fixtures: the app served by `streamlit run` on the hand-checked fixture, and a
headless Chromium driven by Playwright (sync API).

The Chromium is Debian's (or the one `WISSELAAR_CHROMIUM` names, as `./dev.sh test` sets it);
Playwright's own browser download is never used.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import FIXTURE
from tests.e2e.recorder import Recorder, recording
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
APP_TIMEOUT_MS = 60_000
LOCALE = "nl-BE"
# The server's settings besides the database: no sample data, and the dashboard pages readable
# without the sign-in form (a visitor is a "lezer"); no demo account, so no demo warning.
SERVER_ENV = {
    "WISSELAAR_SAMPLE_DATA": "0",
    "WISSELAAR_ANONYMOUS_ROLE": "lezer",
    "WISSELAAR_DEMO_ACCOUNT": "0",
}
VIEWPORT = {"width": 1400, "height": 1000}


def chromium_path() -> str | None:
    """WISSELAAR_CHROMIUM if it exists, else Debian's Chromium if it exists, else None."""
    for candidate in (os.environ.get("WISSELAAR_CHROMIUM"), DEFAULT_CHROMIUM):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"streamlit stopped with exit code {process.returncode} before answering:\n"
                + log.read_text(errors="replace")
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S} s:\n"
        + log.read_text(errors="replace")
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server's whole process group (streamlit may start helpers)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip(
            f"no Chromium for the browser tests: WISSELAAR_CHROMIUM is not set to an existing "
            f"file and {DEFAULT_CHROMIUM} does not exist (sudo apt-get install chromium)"
        )
    return path


@contextmanager
def serve(
    folder: Path,
    db: Path,
    *,
    env: dict[str, str] | None = None,
    secrets: Path | None = None,
    port: int = 0,
    script: str = "serve.py",
) -> Iterator[str]:
    """`streamlit run serve.py` (app.py as it is served) on 127.0.0.1 on database `db`; yields
    its URL and ends its whole process group afterwards. `secrets` is the only secrets file
    it reads (by default an empty one: never the real .streamlit/secrets.toml). The server's
    output goes to `folder/streamlit-<port>.log`."""
    if secrets is None:
        secrets = folder / "secrets.toml"
        secrets.write_text("", encoding="utf-8")
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / f"streamlit-{port}.log"
    environment = {
        **os.environ,
        "WISSELAAR_DB": str(db),
        "WISSELAAR_SAMPLE_DATA": "0",
        **(env or {}),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
                "--secrets.files",
                str(secrets),
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole at the end
        )
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def app_url(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free port, on a fresh database holding the fixture (uploaded by anna)."""
    folder = tmp_path_factory.mktemp("e2e")
    db = folder / "e2e.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    result = import_workbook(settings, FIXTURE, user="anna")
    assert result.errors == [], result.errors
    with serve(folder, db, env=SERVER_ENV) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keeps each phase's report on the item, so `page` can tell that its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def warm_app(browser, app_url: str) -> str:
    """Opens the app once before any test, so every test meets the server in its steady state.
    Until some session has run app.py's st.navigation, Streamlit serves pages/ by its legacy
    routing (a first visitor of /trajecten is sent through app.py); every later visitor gets
    st.navigation's routing, and that is what the tests check."""
    from tests.e2e.streamlit_page import wait_for_app

    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=app_url)
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
    finally:
        context.close()
    return app_url


@pytest.fixture
def page(browser, warm_app: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context (own cookies, own Streamlit session) in Belgian Dutch. When the
    test fails, a screenshot goes to tests/artifacts/failed-<test>.png."""
    context = browser.new_context(
        locale=LOCALE, viewport=VIEWPORT, accept_downloads=True, base_url=warm_app
    )
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True)
            except Exception as error:  # a broken page must not hide the test's own failure
                print(f"no failure screenshot: {error}")
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    """A local server that records every request (tests/e2e/recorder.py), one per module."""
    with recording() as server:
        yield server
