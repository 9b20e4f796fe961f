"""Sign-in through OpenID Connect end to end, in a real headless Chromium: Streamlit's
`st.login` against `oidc-provider-mock` on 127.0.0.1 (never a real provider), with the role
from a claim, from the e-mail mapping, and a user without a role. Screenshots: oidc-*.png."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import FIXTURE
from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE, VIEWPORT, _free_port, _stop
from tests.e2e.signin import serve, write_secrets
from tests.e2e.streamlit_page import main, menu, wait_for_app
from ui.text import JOINER
from wisselaar import audit
from wisselaar.auth import User
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

USERS = [
    {"sub": "otto@test.invalid", "email": "otto@test.invalid", "roles": ["opladen"]},
    {"sub": "bea@test.invalid", "email": "bea@test.invalid", "email_verified": True},
    {"sub": "nina@test.invalid", "email": "nina@test.invalid"},
]


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1, with the test users and their claims."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for user in USERS:
        args += ["--user-claims", json.dumps(user)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("oidc-provider-mock did not start:\n" + log.read_text())
                time.sleep(0.2)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def server(chromium: str, provider: str, tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("oidc-app")
    db = folder / "e2e.duckdb"
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, FIXTURE, user="anna").accepted
    port = _free_port()
    extra = f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "test-cookie-secret-{os.getpid()}"
client_id = "wisselaar-test"
client_secret = "test-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[wisselaar.email_roles]
"bea@test.invalid" = "beheer"
"""
    # a local account too: with [auth] configured it must not work
    secrets = write_secrets(folder, {"lokaal": ("beheer", "lokaal-wachtwoord")}, extra)
    with serve(folder, db, secrets, port=port) as url:
        yield {"url": url, "settings": settings}


@pytest.fixture
def page(browser, server: dict) -> Iterator[object]:
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=server["url"])
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def oidc_sign_in(page, sub: str) -> dict:
    page.goto("/")
    wait_for_app(page)
    assert main(page).locator("h1").inner_text() == "Aanmelden"
    assert page.get_by_label("Wachtwoord").count() == 0  # no local accounts with [auth]
    page.get_by_role("button", name="Aanmelden met uw account").click()
    page.get_by_placeholder("sub").fill(sub)  # the provider's own form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: "/oauth2" not in url and "/auth/" not in url)
    return wait_for_app(page)


def test_role_from_the_claim(page, server, artifacts):
    oidc_sign_in(page, "otto@test.invalid")
    assert main(page).locator("h1").inner_text() == "Overzicht"
    # what a reader sees: ui/text puts an invisible word joiner before the @ (no mailto link)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(JOINER, "")
    assert "Aangemeld als otto@test.invalid (opladen)" in sidebar
    assert menu(page)[-1] == "Opladen" and "Versies" not in menu(page)
    page.screenshot(path=str(artifacts / "oidc-opladen.png"))
    page.goto("/versies")  # the cookie keeps the sign-in across a reload
    wait_for_app(page)
    assert main(page).locator("h1").inner_text() == "Geen toegang"


def test_role_from_the_email_mapping_and_signing_out(page, server):
    oidc_sign_in(page, "bea@test.invalid")
    assert menu(page)[-3:] == ["Opladen", "Versies", "Auditlog"]
    page.locator('[data-testid="stSidebarNav"] a', has_text="Versies").click()
    wait_for_app(page)
    assert main(page).locator("h1").inner_text() == "Versies"
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_timeout(1000)
    page.goto("/")
    wait_for_app(page)
    assert main(page).locator("h1").inner_text() == "Aanmelden"
    log = audit.entries(server["settings"], User("t", "beheer"))
    mine = [(e["gebeurtenis"], e["uitkomst"]) for e in log if e["gebruiker"] == "bea@test.invalid"]
    assert ("aanmelding", "geslaagd") in mine and ("afmelding", "geslaagd") in mine


def test_a_user_without_a_role_has_no_access(page, server, artifacts):
    oidc_sign_in(page, "nina@test.invalid")
    assert main(page).locator("h1").inner_text() == "Geen toegang"
    assert "geen rol in het Wisselaar-dashboard" in main(page).inner_text()
    assert menu(page) == [] and page.locator('[data-testid="stMetric"]').count() == 0
    page.screenshot(path=str(artifacts / "oidc-geen-rol.png"))
    page.goto("/overzicht")
    wait_for_app(page)
    assert main(page).locator("h1").inner_text() == "Geen toegang"
