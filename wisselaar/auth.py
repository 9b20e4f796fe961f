"""Who may do what: roles, local accounts with argon2 password hashes, the delay after failed
sign-ins, and the role of an OpenID Connect user.

Streamlit-free: the app (ui/auth.py) reads the secrets and the session, this module decides.
Passwords and hashes never leave this module in a message, a log line or a repr.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from wisselaar.i18n import t

ROLES = ("lezer", "opladen", "beheer")  # each role may do everything of the ones before it
LOCAL, OIDC, ANONYMOUS = "lokaal", "oidc", "anoniem"
DEMO_NAME = "demo"
DEMO_PASSWORD = "demo"  # documented in the README; a visible warning while it is accepted
DEMO_ROLE = "beheer"
MIN_PASSWORD_LENGTH = 12

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def rank(role: str | None) -> int:
    """0 for no role, 1 for lezer, 2 for opladen, 3 for beheer."""
    return ROLES.index(role) + 1 if role in ROLES else 0


@dataclass(frozen=True)
class User:
    name: str  # shown and stored as "who"; the e-mail address for OpenID Connect users
    role: str | None  # None: signed in, but no access
    source: str = LOCAL
    email: str | None = None

    def may(self, role: str) -> bool:
        return rank(self.role) >= rank(role)


class NotAllowed(Exception):
    """A core function that changes or reveals data was called without the role it needs."""

    def __init__(self, user: User | None, needed: str) -> None:
        super().__init__(f"{user.name if user else 'anonymous'} lacks role {needed}")
        self.user, self.needed = user, needed

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        return t("toegang.rol_nodig", lang, rol=self.needed)  # no value from outside


def require(user: User | None, role: str) -> User:
    """The user, if they hold `role` (or a higher one); else NotAllowed."""
    if user is None or not user.may(role):
        raise NotAllowed(user, role)
    return user


# -- local accounts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = field(repr=False)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _demo_hash() -> str:
    return hash_password(DEMO_PASSWORD)


def demo_accounts() -> dict[str, Account]:
    return {DEMO_NAME: Account(DEMO_NAME, DEMO_ROLE, _demo_hash())}


@cache
def accepts_demo_password(password_hash: str) -> bool:
    """Whether an account still has the documented demo password (cached per hash)."""
    return verify_password(password_hash, DEMO_PASSWORD)


def accounts_from(config: Mapping[str, Any]) -> dict[str, Account]:
    """The accounts of `[wisselaar.accounts.NAME]` tables (password_hash, role); names are
    matched without regard to case. An entry without a valid role or hash is skipped."""
    accounts: dict[str, Account] = {}
    for name, entry in dict(config or {}).items():
        entry = dict(entry) if isinstance(entry, Mapping) else {}
        role = str(entry.get("role", "")).strip().lower()
        password_hash = str(entry.get("password_hash", ""))
        if role in ROLES and password_hash.startswith("$argon2"):
            accounts[str(name).strip().lower()] = Account(str(name).strip(), role, password_hash)
    return accounts


def demo_account_active(accounts: Mapping[str, Account]) -> bool:
    return any(accepts_demo_password(a.password_hash) for a in accounts.values())


def authenticate(accounts: Mapping[str, Account], name: str, password: str) -> User | None:
    """The user whose name and password match an account, else None. An unknown name costs
    as much time as a wrong password, so the answer time does not reveal which names exist."""
    account = accounts.get(name.strip().lower())
    if account is None:
        verify_password(_demo_hash(), password + "\x00")  # same work, never a match
        return None
    if not verify_password(account.password_hash, password):
        return None
    return User(account.name, account.role, LOCAL)


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: the name typed, the client's address, the browser session."""

    name: str
    address: str
    session: str

    @property
    def pair(self) -> tuple[str, str]:
        return (self.name.strip().lower(), self.address)


class SignInThrottle:
    """How long a sign-in attempt must wait after failed ones (README, "Sign-in and roles").

    Each failure counts for the (name, address) pair, the browser session, the address and
    the name; each key's wait is `base` seconds, doubling with every further failure:
    - the pair and the session wait up to `maximum` (a guesser at one place is slowed most);
    - the address waits only after ADDRESS_FREE failures (colleagues behind one address
      mistype too), then up to `maximum` (one address guessing many names);
    - the name waits at most `name_maximum` (a guesser using many addresses cannot keep the
      real user waiting long);
    - over all attempts, `per_minute` failures a minute; more, and attempts wait.
    A pair that has signed in successfully is known: the address, name and global waits do
    not apply to it, so an attacker elsewhere cannot lock its user out at all. A success
    clears the pair and the session. Kept in the process's memory (bounded)."""

    MAX_KEYS = 10_000
    ADDRESS_FREE = 3
    WINDOW_S = 60.0

    def __init__(
        self,
        base_s: float,
        maximum_s: float,
        name_maximum_s: float = 30.0,
        per_minute: int = 60,
    ) -> None:
        self.base_s, self.maximum_s = base_s, maximum_s
        self.name_maximum_s, self.per_minute = name_maximum_s, max(1, per_minute)
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> n, at
        self._known: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._recent: deque[float] = deque(maxlen=self.per_minute)  # moments of failures
        self._lock = threading.Lock()

    def _delays(self, attempt: Attempt) -> list[tuple[str, int, float]]:
        """(key, free failures, longest wait) for each key that counts for `attempt`."""
        name, address = attempt.pair
        keys = [(f"paar:{name}|{address}", 0, self.maximum_s)]
        keys.append((f"sessie:{attempt.session}", 0, self.maximum_s))
        if attempt.pair not in self._known:
            keys.append((f"adres:{address}", self.ADDRESS_FREE, self.maximum_s))
            keys.append((f"naam:{name}", 0, min(self.name_maximum_s, self.maximum_s)))
        return keys

    def _wait(self, attempt: Attempt, now: float) -> float:
        waits = [0.0]
        for key, free, longest in self._delays(attempt):
            count, last = self._failures.get(key, (0, now))
            if count > free:
                doubled = self.base_s * 2 ** min(count - free - 1, 62)  # no float overflow
                waits.append(last + min(doubled, longest) - now)
        busy = len(self._recent) == self.per_minute and attempt.pair not in self._known
        if busy and (until := self._recent[0] + self.WINDOW_S) > now:
            waits.append(until - now)
        return max(waits)

    def wait_s(self, attempt: Attempt, now: float | None = None) -> float:
        """Seconds before `attempt` is allowed (0: now)."""
        with self._lock:
            return self._wait(attempt, time.monotonic() if now is None else now)

    def failed(self, attempt: Attempt, now: float | None = None) -> float:
        """Records a failure; returns the wait before the next such attempt."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key, _free, _longest in self._delays(attempt):
                count = self._failures.pop(key, (0, now))[0] + 1
                self._failures[key] = (count, now)
            self._recent.append(now)
            while len(self._failures) > self.MAX_KEYS:
                self._failures.popitem(last=False)
            return self._wait(attempt, now)

    def succeeded(self, attempt: Attempt) -> None:
        name, address = attempt.pair
        with self._lock:
            self._failures.pop(f"paar:{name}|{address}", None)
            self._failures.pop(f"sessie:{attempt.session}", None)
            self._known.pop(attempt.pair, None)
            self._known[attempt.pair] = None
            while len(self._known) > self.MAX_KEYS:
                self._known.popitem(last=False)


# -- OpenID Connect ----------------------------------------------------------------------------


def role_from_claims(
    claims: Mapping[str, Any],
    *,
    claim: str,
    email_roles: Mapping[str, str],
    claim_roles: Mapping[str, str],
) -> str | None:
    """The highest role that the identity token grants: from the claim named `claim` (a
    string or a list; each value is a role name, or is mapped to one by `claim_roles`), and
    from `email_roles` (e-mail address -> role; only when the provider has not said the
    address is unverified). None: no role, no access."""
    found: list[str] = []
    value = claims.get(claim) if claim else None
    values = value if isinstance(value, list | tuple) else [value] if value else []
    mapped = {str(k).strip().lower(): str(v).strip().lower() for k, v in claim_roles.items()}
    for item in values:
        text = str(item).strip().lower()
        found.append(mapped.get(text, text))
    email = str(claims.get("email") or "").strip().lower()
    if email and claims.get("email_verified") is not False:
        by_email = {str(k).strip().lower(): str(v).strip().lower() for k, v in email_roles.items()}
        if email in by_email:
            found.append(by_email[email])
    valid = [r for r in found if r in ROLES]
    return max(valid, key=rank) if valid else None


def oidc_user(
    claims: Mapping[str, Any],
    *,
    claim: str,
    email_roles: Mapping[str, str],
    claim_roles: Mapping[str, str],
) -> User:
    email = str(claims.get("email") or "") or None
    name = email or str(claims.get("preferred_username") or claims.get("sub") or "?")
    role = role_from_claims(claims, claim=claim, email_roles=email_roles, claim_roles=claim_roles)
    return User(name, role, OIDC, email)
