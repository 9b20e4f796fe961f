"""Roles, local accounts with argon2 hashes, the growing delay after failed sign-ins, the role
of an OpenID Connect user, and the command that hashes a password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wisselaar.auth import (
    DEMO_PASSWORD,
    Attempt,
    NotAllowed,
    SignInThrottle,
    User,
    accounts_from,
    authenticate,
    demo_account_active,
    demo_accounts,
    hash_password,
    oidc_user,
    rank,
    require,
    role_from_claims,
    verify_password,
)

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "correct horse battery staple"


def test_roles_are_ordered_and_required():
    assert rank(None) < rank("lezer") < rank("opladen") < rank("beheer")
    assert rank("onbekend") == 0
    beheer = User("b", "beheer")
    assert require(beheer, "opladen") is beheer
    for user in (None, User("l", "lezer"), User("x", None)):
        with pytest.raises(NotAllowed) as refused:
            require(user, "opladen")
        assert "'opladen'" in refused.value.message()


def test_passwords_are_stored_only_as_argon2_hashes():
    hashed = hash_password(SECRET)
    assert hashed.startswith("$argon2id$") and SECRET not in hashed
    assert verify_password(hashed, SECRET)
    assert not verify_password(hashed, SECRET + "!")
    assert not verify_password("not a hash", SECRET)
    assert hash_password(SECRET) != hashed  # salted


def test_accounts_from_the_secrets_and_sign_in():
    accounts = accounts_from(
        {
            "Anna": {"role": "opladen", "password_hash": hash_password(SECRET)},
            "kapot": {"role": "koning", "password_hash": hash_password(SECRET)},
            "plat": {"role": "lezer", "password_hash": SECRET},  # a plain password is refused
        }
    )
    assert list(accounts) == ["anna"]
    assert SECRET not in repr(accounts) and "argon2" not in repr(accounts)
    assert authenticate(accounts, " ANNA ", SECRET) == User("Anna", "opladen", "lokaal")
    assert authenticate(accounts, "anna", "fout") is None
    assert authenticate(accounts, "niemand", SECRET) is None
    assert not demo_account_active(accounts)


def test_the_demo_account_is_recognised_wherever_it_comes_from():
    assert demo_account_active(demo_accounts())
    copied = accounts_from({"demo": {"role": "beheer", "password_hash": hash_password("demo")}})
    assert demo_account_active(copied)
    assert authenticate(demo_accounts(), "demo", DEMO_PASSWORD).role == "beheer"


def test_the_example_secrets_hold_a_working_demo_hash_and_no_secret():
    import tomllib

    example = tomllib.loads((PROJECT / ".streamlit" / "secrets.toml.example").read_text())
    accounts = accounts_from(example["wisselaar"]["accounts"])
    assert demo_account_active(accounts)
    assert "auth" not in example  # OpenID Connect stays commented out


def test_failed_sign_ins_make_the_next_attempt_wait_longer_and_longer():
    throttle = SignInThrottle(base_s=1, maximum_s=5)
    anna = Attempt("Anna", "10.0.0.1", "sessie-1")
    assert throttle.wait_s(anna, now=0) == 0
    assert [throttle.failed(anna, now=0) for _ in range(5)] == [1, 2, 4, 5, 5]
    assert throttle.wait_s(anna, now=1) == 4
    # per (name, address), whatever the session ...
    assert throttle.wait_s(Attempt("anna ", "10.0.0.1", "andere-sessie"), now=1) == 4
    # ... and per session, whatever the name
    assert throttle.wait_s(Attempt("bert", "10.0.0.1", "sessie-1"), now=1) == 4
    throttle.succeeded(anna)
    assert throttle.wait_s(anna, now=1) == 0


def test_one_address_guessing_many_names_is_slowed_after_a_few_failures():
    throttle = SignInThrottle(base_s=1, maximum_s=300)
    for i in range(SignInThrottle.ADDRESS_FREE):  # colleagues behind one address mistype
        throttle.failed(Attempt(f"naam{i}", "10.0.0.9", f"s{i}"), now=0)
    fresh = Attempt("nog-een-naam", "10.0.0.9", "nieuwe-sessie")
    assert throttle.wait_s(fresh, now=0) == 0
    waits = [throttle.failed(Attempt(f"x{i}", "10.0.0.9", f"t{i}"), now=0) for i in range(4)]
    assert waits == [1, 2, 4, 8]  # every new name and session from that address waits longer
    assert throttle.wait_s(fresh, now=0) == 8
    assert throttle.wait_s(Attempt("nog-een-naam", "10.0.0.10", "elders"), now=0) == 0


def test_guessing_from_many_addresses_cannot_keep_the_user_waiting_long():
    throttle = SignInThrottle(base_s=1, maximum_s=300, name_maximum_s=10)
    anna = Attempt("anna", "192.0.2.7", "thuis")
    throttle.succeeded(anna)  # anna signed in from her own address before
    for i in range(200):  # one guess for anna from each of 200 addresses
        throttle.failed(Attempt("Anna", f"203.0.113.{i}", f"aanval-{i}"), now=i)
    assert throttle.wait_s(Attempt("anna", "192.0.2.7", "nieuwe-sessie"), now=200) == 0
    elsewhere = throttle.wait_s(Attempt("anna", "198.51.100.1", "hotel"), now=200)
    assert 0 < elsewhere <= 10  # a new address waits, but never long
    for _ in range(2000):  # a count far beyond any float doubling stays capped
        throttle.failed(Attempt("Anna", "203.0.113.250", "aanval"), now=300)
    assert throttle.wait_s(Attempt("anna", "203.0.113.250", "aanval"), now=300) == 300


def test_a_global_limit_on_failed_sign_ins_spares_known_users():
    throttle = SignInThrottle(base_s=0.001, maximum_s=0.001, per_minute=5)
    bea = Attempt("bea", "192.0.2.8", "kantoor")
    throttle.succeeded(bea)
    for i in range(5):
        throttle.failed(Attempt(f"naam{i}", f"203.0.113.{i}", f"s{i}"), now=10 + i)
    stranger = Attempt("iemand", "198.51.100.2", "nieuw")
    assert throttle.wait_s(stranger, now=20) == 50  # until the oldest failure is a minute old
    assert throttle.wait_s(bea, now=20) == 0
    assert throttle.wait_s(stranger, now=70.5) == 0


def test_the_role_of_an_openid_connect_user():
    def role(claims, claim="roles", emails=None, values=None):
        return role_from_claims(
            claims, claim=claim, email_roles=emails or {}, claim_roles=values or {}
        )

    assert role({"roles": ["lezer", "beheer"]}) == "beheer"
    assert role({"roles": "Opladen"}) == "opladen"
    assert role({"groups": ["W-beheer"]}, claim="groups", values={"w-beheer": "beheer"}) == "beheer"
    assert role({"email": "Anna@VVSG.be"}, emails={"anna@vvsg.be": "opladen"}) == "opladen"
    assert role({"email": "anna@vvsg.be", "roles": ["lezer"]}, emails={"anna@vvsg.be": "beheer"})
    # an address the provider says is unverified does not count
    unverified = {"email": "anna@vvsg.be", "email_verified": False}
    assert role(unverified, emails={"anna@vvsg.be": "opladen"}) is None
    assert role({"email": "x@y.be", "roles": ["koning"]}) is None
    user = oidc_user(
        {"email": "x@y.be", "sub": "123"}, claim="roles", email_roles={}, claim_roles={}
    )
    assert (user.name, user.role, user.source) == ("x@y.be", None, "oidc")


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wisselaar", *args],
        cwd=PROJECT,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
        env={**os.environ},
    )


def test_the_command_line_hashes_a_password_without_showing_it(tmp_path):
    import tomllib

    done = run_cli("wachtwoord", "--naam", "anna", "--rol", "opladen", stdin=SECRET + "\n")
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout + done.stderr
    table = tomllib.loads(done.stdout)["wisselaar"]["accounts"]["anna"]
    assert table["role"] == "opladen"
    assert verify_password(table["password_hash"], SECRET)
    short = run_cli("wachtwoord", stdin="kort\n")
    assert short.returncode == 1 and "te kort" in short.stderr and short.stdout == ""


NAMES = ['o"neil', "o'neil", "anna.de.smet", "jan@vvsg.be", "a]b[c", "back\\slash", "Zoë De Wit"]


@pytest.mark.parametrize("name", NAMES)
def test_any_visible_user_name_gives_valid_toml_that_finds_the_account(name):
    import tomllib

    done = run_cli("wachtwoord", "--naam", name, "--rol", "opladen", stdin=SECRET + "\n")
    assert done.returncode == 0, done.stderr
    accounts = tomllib.loads(done.stdout)["wisselaar"]["accounts"]
    assert list(accounts) == [name]
    assert authenticate(accounts_from(accounts), name, SECRET) == User(name, "opladen", "lokaal")


@pytest.mark.parametrize("name", ["twee\nregels", " anna", "anna ", "", "an\u200bna", "tab\there"])
def test_a_user_name_nobody_could_type_back_is_refused_in_dutch(name):
    done = run_cli("wachtwoord", "--naam", name, stdin=SECRET + "\n")
    assert done.returncode == 2 and done.stdout == ""
    assert "ongeldige naam" in done.stderr and "Traceback" not in done.stderr
