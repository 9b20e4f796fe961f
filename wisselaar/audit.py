"""The audit log: who signed in (or failed to), uploaded, confirmed, rolled back or exported
what, and when. Append-only: this module only inserts and reads; nothing updates or deletes.

The log has its own DuckDB file (Settings.audit_path). A sign-in or an export thus never
changes the data file, whose status keys the cache of every figure (see `reads`), and never
waits for an upload's write transaction. Passwords, hashes and secrets are never recorded;
a failed sign-in records the name tried only when that account exists (people type their
password into the name field).

The log fails closed: `record` raises AuditUnavailable when its entry cannot be written, and
the actions that grant access or change data (sign-in, confirming an upload, a rollback, an
import on the command line) write their entry first, inside the data's write transaction
where there is one (`store.on_new_versions`), so a failed entry leaves the data unchanged.
Entries of what changed nothing (a failed sign-in, a refused upload, a sign-out, an export)
go through `note`, which only logs a failure. A log file that disappears while a process
uses it is not silently started anew: that process refuses until it is restarted, and a new
log file keeps the moment it began, which the Auditlog page shows, so a reset is visible.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from wisselaar.auth import User, require
from wisselaar.database import DatabaseFile, StoreProblem
from wisselaar.i18n import t
from wisselaar.settings import Settings
from wisselaar.store import utc_now

log = logging.getLogger(__name__)

# event -> the outcomes it can have
EVENTS = {
    "aanmelding": ("geslaagd", "mislukt", "wachten", "geen_rol"),
    "afmelding": ("geslaagd",),
    "upload": ("aanvaard", "geweigerd"),
    "bevestiging": ("bewaard", "gewijzigd", "geweigerd", "mislukt"),
    "terugzetting": ("bewaard", "geweigerd", "mislukt"),
    "export": ("geslaagd",),
    "import": ("bewaard", "geweigerd", "proefrun", "mislukt"),  # the command line
}

_SEEN: set[Path] = set()  # log files this process has written to


class AuditUnavailable(Exception):
    """An entry could not be written; the action it belongs to must not go ahead."""

    def __init__(self, path: Path, cause: StoreProblem | None = None) -> None:
        super().__init__(str(path))
        self.path, self.cause = path, cause

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        if self.cause is not None:
            cause = self.cause.message(lang, quote)
        elif self.path.exists():
            cause = t("auditlogboek.fout", lang)
        else:
            cause = t("auditlogboek.verdwenen", lang)
        return t("auditlogboek.onbeschikbaar", lang, oorzaak=cause, pad=quote(self.path))


class _AuditFile(DatabaseFile):
    """The audit file: the same waiting for other processes, its own schema and its own lock
    (an audit entry never waits for a data upload in this process)."""

    schema_table = "audit"
    write_lock = threading.Lock()

    def create_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("create sequence if not exists audit_volgnummer start 1")
        con.execute("""
            create table if not exists audit (
                id bigint primary key default nextval('audit_volgnummer'),
                moment timestamp not null,      -- UTC
                gebruiker varchar,
                rol varchar,
                gebeurtenis varchar not null,
                uitkomst varchar not null,
                details json not null
            )""")
        # When this log file began: a log started anew (after a loss) shows it on its page.
        con.execute("create table if not exists logboek (begonnen_op timestamp not null)")
        if con.execute("select count(*) from logboek").fetchone() == (0,):
            con.execute("insert into logboek values (?)", [utc_now()])


def _file(settings: Settings) -> _AuditFile:
    return _AuditFile(settings.audit_path, settings.lock_timeout_s)


_INSERT = (
    "insert into audit (moment, gebruiker, rol, gebeurtenis, uitkomst, details) "
    "values (?, ?, ?, ?, ?, ?)"
)


def record(
    settings: Settings,
    event: str,
    outcome: str,
    user: User | None = None,
    *,
    name: str | None = None,
    now: dt.datetime | None = None,
    **details: Any,
) -> None:
    """Appends one entry, or raises AuditUnavailable. `name` stands in for a user who is not
    (yet) signed in."""
    if outcome not in EVENTS[event]:
        raise ValueError(f"{event}: unknown outcome {outcome!r}")
    moment = now or utc_now()
    row = [
        moment,
        user.name if user else name,
        user.role if user else None,
        event,
        outcome,
        json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    ]
    path = settings.audit_path
    key = path.resolve()
    if key in _SEEN and not path.exists():  # deleted while this process used it
        raise AuditUnavailable(path)
    try:
        with _file(settings).write() as con:
            con.execute(_INSERT, row)
    except StoreProblem as problem:
        log.warning("audit entry not written (%s): %s %s by %s", problem, event, outcome, row[1])
        raise AuditUnavailable(path, problem) from problem
    except duckdb.Error as error:
        log.exception("audit entry not written: %s %s by %s", event, outcome, row[1])
        raise AuditUnavailable(path) from error
    _SEEN.add(key)


def note(
    settings: Settings,
    event: str,
    outcome: str,
    user: User | None = None,
    *,
    name: str | None = None,
    **details: Any,
) -> None:
    """Appends one entry of something that changed nothing; a failure is only logged."""
    with contextlib.suppress(AuditUnavailable):  # record has logged it
        record(settings, event, outcome, user, name=name, **details)


def entries(settings: Settings, actor: User, limit: int | None = None) -> list[dict[str, Any]]:
    """The log, newest first (role beheer)."""
    require(actor, "beheer")
    if not settings.audit_path.exists():
        return []
    with _file(settings).read() as con:
        cursor = con.execute(
            "select id, moment, gebruiker, rol, gebeurtenis, uitkomst, details "
            "from audit order by id desc limit ?",
            [limit if limit is not None else 2**62],
        )
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["details"] = json.loads(row["details"])
    return rows


def started(settings: Settings, actor: User) -> dt.datetime | None:
    """When the current log file began (naive UTC); None when there is none yet."""
    require(actor, "beheer")
    if not settings.audit_path.exists():
        return None
    with _file(settings).read() as con:
        try:
            found = con.execute("select min(begonnen_op) from logboek").fetchone()
        except duckdb.CatalogException:  # a read-only log from before this table existed
            return None
    return found[0] if found else None
