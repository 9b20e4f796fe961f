"""The audit log: who signed in (or failed to), uploaded, confirmed, rolled back or exported
what, and when. Append-only: this module only inserts and reads; nothing updates or deletes.

The log has its own DuckDB file (Settings.audit_path). A sign-in or an export thus never
changes the data file, whose status keys the cache of every figure (see `reads`), and never
waits for an upload's write transaction. Passwords, hashes and secrets are never recorded;
a failed sign-in records the name tried only when that account exists (people type their
password into the name field).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from wisselaar.auth import User, require
from wisselaar.settings import Settings
from wisselaar.store import Store, StoreBusy, utc_now

log = logging.getLogger(__name__)

# event -> the outcomes it can have
EVENTS = {
    "aanmelding": ("geslaagd", "mislukt", "wachten", "geen_rol"),
    "afmelding": ("geslaagd",),
    "upload": ("aanvaard", "geweigerd"),
    "bevestiging": ("bewaard", "gewijzigd", "geweigerd"),
    "terugzetting": ("bewaard", "geweigerd"),
    "export": ("geslaagd",),
}

_READY: set[Path] = set()


class _AuditFile(Store):
    """A Store on the audit file: the same waiting for other processes, its own schema and
    its own lock (an audit entry never waits for a data upload in this process)."""

    _lock = threading.Lock()

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        key = self.path.resolve()
        if key in _READY:
            return
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
        _READY.add(key)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock, self.connect() as con:
            con.execute("begin transaction")
            try:
                yield con
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")


def _file(settings: Settings) -> _AuditFile:
    return _AuditFile(settings.audit_path, settings.lock_timeout_s)


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
    """Appends one entry. `name` stands in for a user who is not (yet) signed in. An audit
    file that stays busy is reported in the application log; the action itself goes on."""
    if outcome not in EVENTS[event]:
        raise ValueError(f"{event}: unknown outcome {outcome!r}")
    row = [
        now or utc_now(),
        user.name if user else name,
        user.role if user else None,
        event,
        outcome,
        json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    ]
    try:
        with _file(settings).write() as con:
            con.execute(
                "insert into audit (moment, gebruiker, rol, gebeurtenis, uitkomst, details) "
                "values (?, ?, ?, ?, ?, ?)",
                row,
            )
    except (StoreBusy, duckdb.Error):
        log.exception("audit entry not written: %s %s by %s", event, outcome, row[1])


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
