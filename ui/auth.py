"""Sign-in in the app: who is signed in, the sign-in form, the role gate every page passes,
the user block in the sidebar, and the audit hook for exports.

Two ways in, chosen by `.streamlit/secrets.toml`:
- an `[auth]` section: OpenID Connect through Streamlit's `st.login` / `st.user`; the role
  comes from a claim (setting WISSELAAR_ROLE_CLAIM) or `[wisselaar.email_roles]`;
- otherwise local accounts, `[wisselaar.accounts.NAME]` with an argon2 `password_hash` and a
  `role`; with none configured, the demo account (setting WISSELAAR_DEMO_ACCOUNT).
The decisions (roles, hashes, delays) are the core's (wisselaar/auth.py). Every run tells the
upload guard (ui/guard.py) whether this session may send upload bytes. A sign-in is granted
only once its audit entry is written (the log fails closed, wisselaar/audit.py).
"""

from __future__ import annotations

import secrets as token
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui import guard
from ui.text import md
from wisselaar import audit
from wisselaar.auth import (
    ANONYMOUS,
    OIDC,
    Account,
    Attempt,
    SignInThrottle,
    User,
    accounts_from,
    authenticate,
    demo_account_active,
    demo_accounts,
    oidc_user,
)
from wisselaar.i18n import t
from wisselaar.settings import Settings

USER_KEY = "_wisselaar_gebruiker"
SESSION_KEY = "_wisselaar_sessie"
SEEN_KEY = "_wisselaar_oidc_gezien"
WANTS_KEY = "_wisselaar_wil_aanmelden"  # an anonymous visitor asked for the sign-in form
_THROTTLES: dict[tuple[Any, ...], SignInThrottle] = {}


def _lang() -> str:
    return str(st.session_state.get("taal") or st.query_params.get("taal") or "nl")


def _secrets() -> dict[str, Any]:
    """The secrets as plain dicts; {} when there is no secrets file. Read through `st.secrets`
    at each call, so AppTest's injected secrets are the ones used."""
    try:
        return {key: _plain(st.secrets[key]) for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def oidc_configured() -> bool:
    return bool(_secrets().get("auth"))


def _ours() -> dict[str, Any]:
    return dict(_secrets().get("wisselaar") or {})


def local_accounts(settings: Settings) -> dict[str, Account]:
    accounts = accounts_from(_ours().get("accounts") or {})
    if not accounts and not oidc_configured() and settings.demo_account:
        return demo_accounts()
    return accounts


def demo_active(settings: Settings) -> bool:
    return not oidc_configured() and demo_account_active(local_accounts(settings))


def _throttle(settings: Settings) -> SignInThrottle:
    key = (
        str(settings.db_path),
        settings.signin_delay_s,
        settings.signin_max_delay_s,
        settings.signin_name_max_delay_s,
        settings.signin_per_minute,
    )
    if key not in _THROTTLES:
        _THROTTLES[key] = SignInThrottle(*key[1:])
    return _THROTTLES[key]


def current_user(settings: Settings) -> User | None:
    """The signed-in user (None: nobody). A visitor who has not signed in is an anonymous
    user when WISSELAAR_ANONYMOUS_ROLE grants a role. Marks the session for the upload
    guard: only a user with the role `opladen` may send upload bytes."""
    user = _signed_in(settings)
    ctx = get_script_run_ctx()
    if ctx is not None:
        if user is not None and user.may("opladen"):
            guard.allow(ctx.session_id)
        else:
            guard.revoke(ctx.session_id)
    return user


def _signed_in(settings: Settings) -> User | None:
    if oidc_configured():
        if st.user.get("is_logged_in"):
            return _oidc_user(settings)
    elif isinstance(user := st.session_state.get(USER_KEY), User):
        return user
    if settings.anonymous_role and not st.session_state.get(WANTS_KEY):
        return User(t("aanmelden.anoniem", _lang()), settings.anonymous_role, ANONYMOUS)
    return None


def _oidc_user(settings: Settings) -> User:
    ours = _ours()
    claims = dict(st.user.to_dict())
    user = oidc_user(
        claims,
        claim=settings.role_claim,
        email_roles=ours.get("email_roles") or {},
        claim_roles=ours.get("claim_roles") or {},
    )
    seen = (claims.get("sub"), claims.get("iat"))
    if st.session_state.get(SEEN_KEY) != seen:  # one audit entry per sign-in, not per rerun
        if user.role:  # no entry, no access: AuditUnavailable stops the run with its message
            audit.record(settings, "aanmelding", "geslaagd", user, bron=OIDC)
        else:
            audit.note(settings, "aanmelding", "geen_rol", user, bron=OIDC)
        st.session_state[SEEN_KEY] = seen
    return user


def gate(minimum_role: str = "lezer") -> User:
    """The signed-in user if they hold `minimum_role`; otherwise the sign-in form, or a page
    that says why there is no access, and the script stops here."""
    settings = Settings.from_env()
    user = current_user(settings)
    if user is None or (user.source == ANONYMOUS and not user.may(minimum_role)):
        sign_in_page(settings, _lang())
        st.stop()
    assert user is not None
    if user.role is None:
        no_role_page(settings, user, _lang())
        st.stop()
    if not user.may(minimum_role):
        st.title(t("toegang.titel", _lang()))
        st.error(t("toegang.rol_nodig", _lang(), rol=minimum_role), icon=":material/block:")
        st.stop()
    return user


def sign_in_page(settings: Settings, lang: str) -> None:
    st.title(t("aanmelden.titel", lang))
    st.write(t("aanmelden.uitleg", lang))
    if oidc_configured():
        if st.button(t("aanmelden.oidc_knop", lang), type="primary", key="aanmelden_oidc"):
            st.login()
        return
    if demo_active(settings):
        st.warning(t("aanmelden.demo_actief", lang), icon=":material/warning:")
    accounts = local_accounts(settings)
    if not accounts:
        st.error(t("aanmelden.geen_accounts", lang), icon=":material/lock:")
        return
    with st.form("aanmelden", clear_on_submit=True):  # the password leaves the session
        name = st.text_input(t("aanmelden.naam", lang), key="aanmelden_naam")
        password = st.text_input(
            t("aanmelden.wachtwoord", lang), type="password", key="aanmelden_wachtwoord"
        )
        submitted = st.form_submit_button(t("aanmelden.knop", lang), type="primary")
    if submitted:
        _try_sign_in(settings, accounts, name, password, lang)


def _attempt(name: str) -> Attempt:
    """This attempt's name, address (None on localhost and in tests: "lokaal") and session.
    Behind a reverse proxy on this machine the proxy's X-Forwarded-For gives the address
    (uvicorn trusts it from 127.0.0.1 only)."""
    session = st.session_state.setdefault(SESSION_KEY, token.token_hex(16))
    return Attempt(name, st.context.ip_address or "lokaal", session)


def _try_sign_in(
    settings: Settings, accounts: dict[str, Account], name: str, password: str, lang: str
) -> None:
    attempt = _attempt(name)
    throttle = _throttle(settings)
    known = accounts.get(name.strip().lower())
    # A name that is no account is not recorded: it may be a password typed in the wrong box.
    who = known.name if known else t("aanmelden.onbekend_account", "nl")
    wait = throttle.wait_s(attempt)
    if wait > 0:
        audit.note(settings, "aanmelding", "wachten", name=who, seconden=round(wait))
        st.error(t("aanmelden.wacht", lang, n=max(1, round(wait))), icon=":material/timer:")
        return
    user = authenticate(accounts, name, password)
    if user is None:
        delay = throttle.failed(attempt)
        audit.note(settings, "aanmelding", "mislukt", name=who)
        st.error(t("aanmelden.mislukt", lang, n=max(1, round(delay))), icon=":material/error:")
        return
    try:  # no entry, no access
        audit.record(settings, "aanmelding", "geslaagd", user, bron=user.source)
    except audit.AuditUnavailable as unavailable:
        st.error(unavailable.message(lang, md), icon=":material/error:")
        return
    throttle.succeeded(attempt)
    st.session_state[USER_KEY] = user
    st.rerun()


def no_role_page(settings: Settings, user: User, lang: str) -> None:
    st.title(t("toegang.titel", lang))
    st.error(t("toegang.geen_rol", lang, gebruiker=md(user.name)), icon=":material/block:")
    sign_out_button(settings, user, lang, st)


def sign_out_button(settings: Settings, user: User, lang: str, where: Any) -> None:
    if user.source == ANONYMOUS:
        return
    if where.button(t("aanmelden.afmelden", lang), key="afmelden", icon=":material/logout:"):
        audit.note(settings, "afmelding", "geslaagd", user)
        ctx = get_script_run_ctx()
        if ctx is not None:
            guard.revoke(ctx.session_id)
        st.session_state.pop(USER_KEY, None)
        st.session_state.pop(SEEN_KEY, None)
        st.session_state.pop(WANTS_KEY, None)
        if user.source == OIDC:
            st.logout()
        else:
            st.rerun()


def sidebar(settings: Settings, user: User, lang: str) -> None:
    """Who is signed in, with which role; sign out; the demo warning."""
    side = st.sidebar
    if user.source == ANONYMOUS:
        side.caption(t("aanmelden.niet_aangemeld", lang))
        if side.button(t("aanmelden.knop", lang), key="aanmelden_zijbalk"):
            st.session_state[WANTS_KEY] = True
            st.rerun()
    else:
        role = t(f"rollen.{user.role}", lang)
        side.caption(t("aanmelden.aangemeld_als", lang, gebruiker=md(user.name), rol=role))
        sign_out_button(settings, user, lang, side)
    if demo_active(settings):
        side.warning(t("aanmelden.demo_actief", lang), icon=":material/warning:")


def audited(produce: Callable[[], Any], what: str) -> Callable[[], Any]:
    """`produce` (a download's deferred data), recorded in the audit log when it runs. The
    user is taken now: the download runs outside the script, without the session."""
    settings = Settings.from_env()
    user = current_user(settings)

    def run() -> Any:
        data = produce()
        audit.note(settings, "export", "geslaagd", user, bestand=what)
        return data

    return run
