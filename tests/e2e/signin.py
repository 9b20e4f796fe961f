"""Browser tests with sign-in: the app served on its own database with its own test secrets
file (never the real `.streamlit/secrets.toml`), and signing in through the form.

Any browser test can use `serve` with local test accounts and `sign_in` in its page fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.conftest import serve as start_app
from tests.e2e.streamlit_page import wait_for_app
from wisselaar.auth import hash_password

# Test accounts: name -> (role, password). Made up for the tests; no real secret.
ACCOUNTS = {
    "lea": ("lezer", "lea-test-wachtwoord"),
    "otto": ("opladen", "otto-test-wachtwoord"),
    "bea": ("beheer", "bea-test-wachtwoord"),
}


def write_secrets(folder: Path, accounts: dict[str, tuple[str, str]], extra: str = "") -> Path:
    """A secrets file with local accounts (argon2 hashes made now) and `extra` TOML."""
    lines = [extra]
    for name, (role, password) in accounts.items():
        lines += [
            f"[wisselaar.accounts.{name}]",
            f'role = "{role}"',
            f'password_hash = "{hash_password(password)}"',
        ]
    path = folder / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextmanager
def serve(
    folder: Path, db: Path, secrets: Path, env: dict[str, str] | None = None, port: int = 0
) -> Iterator[str]:
    """The app with `secrets` as its only secrets file and a short sign-in delay."""
    delay = {"WISSELAAR_SIGNIN_DELAY_S": "0.2", **(env or {})}
    with start_app(folder, db, env=delay, secrets=secrets, port=port) as url:
        yield url


def sign_in(page, name: str, password: str | None = None) -> dict:
    """Fills in the sign-in form (the page must show it) and waits for the app."""
    password = password if password is not None else ACCOUNTS[name][1]
    wait_for_app(page)
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_timeout(300)
    return wait_for_app(page)
