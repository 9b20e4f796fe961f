"""Every AppTest starts signed in as a `lezer` through OpenID Connect, with test secrets only.

The app needs a signed-in user (README, "Sign-in and roles"). Rather than loosening that for
tests, each AppTest gets injected secrets (an `[auth]` section with dummy values and an e-mail
-> role mapping) and an identity in `at.user`, as Streamlit would after `st.login`. Tests that
need another user or no user change `at.user` / `at.secrets` before running (see `as_user`).
Because the secrets are always injected, the real `.streamlit/secrets.toml` is never read.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

LEZER = "lezer@test.invalid"
OPLADEN = "opladen@test.invalid"
BEHEER = "beheer@test.invalid"
ZONDER_ROL = "niemand@test.invalid"

TEST_SECRETS: dict[str, Any] = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8599/oauth2callback",
        "cookie_secret": "test-cookie-secret-not-real",
        "client_id": "wisselaar-test",
        "client_secret": "test-client-secret-not-real",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "wisselaar": {"email_roles": {LEZER: "lezer", OPLADEN: "opladen", BEHEER: "beheer"}},
}


def oidc_identity(email: str, **claims: Any) -> dict[str, Any]:
    return {"is_logged_in": True, "email": email, "sub": email, "iat": 1, **claims}


def as_user(app: AppTest, email: str | None, **claims: Any) -> AppTest:
    """Signs `app` in as `email` (None: signed out)."""
    app.user = oidc_identity(email, **claims) if email else {"is_logged_in": False}
    return app


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """The shipped config shows users no error details (ui/errors.py); a failing test shows
    the developer the exception's message."""
    with patch_config_options({"client.showErrorDetails": "full"}):
        yield


@pytest.fixture(autouse=True)
def signed_in_app_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    original = AppTest.__init__

    def init(self: AppTest, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.secrets = copy.deepcopy(TEST_SECRETS)
        self.user = oidc_identity(LEZER)

    monkeypatch.setattr(AppTest, "__init__", init)


APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **query: str | list[str]) -> AppTest:
    """A page opened through the app's frame, with `query` in the URL; no exception."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def managers(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every media file manager the test runtime makes (they hold the downloads)."""
    made: list = []

    class Recording(app_test_module.MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    return made


def downloaded(managers: list, app: AppTest, key: str) -> bytes:
    proto = next(b for b in app.get("download_button") if b.proto.id.endswith(key)).proto
    for manager in reversed(managers):
        entry = manager._deferred_callables.get(proto.deferred_file_id)
        if entry:
            data = entry["callable"]()
            return data if isinstance(data, bytes) else data.encode()
    raise AssertionError(f"no download behind {key}")


def tables_open(app: AppTest) -> AppTest:
    """The page again with every chart's "Tabel" tab chosen: the table behind a chart is
    drawn only while its tab is open (ui/charts.show), as a click on the tab does."""
    keys = [k for k in app.session_state if k.endswith("_tabs")]
    assert keys, "no chart on this page"
    for key in keys:
        app.session_state[key] = "Tabel"
    app.run()
    assert not app.exception, app.exception
    return app
