"""What an upload would change, confirming it, comparing versions and rolling back.

Every function here takes the signed-in user and refuses (auth.NotAllowed) without the role
it needs, whatever the app shows: `opladen` to preview and confirm an upload, `beheer` for
the version list, original files, comparisons and rollbacks. Each action is audited.

Versions own the upload transaction. The file is read and typed without the database
(`ingest.check_upload`); then, in one write transaction, the upload is staged as the version
it would become (`ingest.stage_upload`), compared and its figures computed through the same
queries the app uses, and the transaction is rolled back: what a preview shows is exactly what
a confirmation stores. The confirmation stores the previewed file (checked by its SHA-256)
only if no other version arrived in between (else ChangedSincePreview, and the user looks
again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from wisselaar import audit
from wisselaar.answer import Change, headline_changes
from wisselaar.auth import User, require
from wisselaar.ingest import (
    ChangedSincePreview,
    ImportResult,
    NotThePreviewedFile,
    check_upload,
    import_workbook,
    stage_upload,
)
from wisselaar.issues import Issue
from wisselaar.schema import SHEETS, Sheet
from wisselaar.settings import Settings
from wisselaar.store import (
    Store,
    StoreProblem,
    add_rollback_version,
    datasets_at_version,
    list_versions,
    on_new_versions,
    original_file,
    version_exists,
)

MAX_ROWS = 500  # rows listed per dataset; the counts are always complete
ADDED, CHANGED, REMOVED = "toegevoegd", "gewijzigd", "verwijderd"


class UnknownVersion(Exception):
    pass


class ReasonMissing(Exception):
    pass


@dataclass(frozen=True)
class RowChange:
    key: str  # the row's key values, e.g. "W1-01" or "2022 / VVSG-begeleiding"
    kind: str  # ADDED, CHANGED or REMOVED
    columns: tuple[str, ...] = ()  # for CHANGED: the headers of the columns that differ


@dataclass(frozen=True)
class SheetDiff:
    sheet: str
    old_version: int | None
    new_version: int | None
    old_rows: int
    new_rows: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    rows: tuple[RowChange, ...] = ()

    @property
    def differs(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.added + self.changed + self.removed


@dataclass
class Preview:
    filename: str
    sha256: str
    result: ImportResult
    sheets: list[SheetDiff] = field(default_factory=list)
    figures: list[Change] = field(default_factory=list)  # the headline figures that change

    @property
    def accepted(self) -> bool:
        return self.result.accepted

    @property
    def errors(self) -> list[Issue]:
        return self.result.errors

    @property
    def warnings(self) -> list[Issue]:
        return self.result.warnings

    @property
    def base(self) -> dict[str, int]:
        return self.result.base


# -- comparing rows ----------------------------------------------------------------------------


def _diff_sql(sheet: Sheet) -> str:
    """Rows of `sheet` in version $nieuw against version $oud, matched by the sheet's key.
    Table and column names come from the schema, never from input; versions are bound."""
    keys = sheet.key
    others = [c.field for c in sheet.columns if c.field not in keys]
    first = keys[0]
    return f"""
        with n as (select * from {sheet.table} where versie_id = $nieuw),
        o as (select * from {sheet.table} where versie_id = $oud),
        paren as (
            select
                {", ".join(f"coalesce(n.{k}, o.{k}) as {k}" for k in keys)},
                case when o.{first} is null then '{ADDED}'
                     when n.{first} is null then '{REMOVED}'
                     else '{CHANGED}' end as soort,
                [{", ".join(f"n.{f} is distinct from o.{f}" for f in others)}] as verschil
            from n full outer join o on {" and ".join(f"n.{k} = o.{k}" for k in keys)}
        )
        select * from paren
        where soort <> '{CHANGED}' or list_bool_or(verschil)
        order by soort desc, {", ".join(keys)}"""


def diff_rows(
    con: duckdb.DuckDBPyConnection, sheet: Sheet, old: int | None, new: int | None
) -> SheetDiff:
    """How the rows of dataset `sheet` differ between two stored versions of it (None: the
    dataset did not exist, i.e. no rows)."""

    def count(version: int | None) -> int:
        if version is None:
            return 0
        query = f"select count(*) from {sheet.table} where versie_id = ?"
        return int(con.execute(query, [version]).fetchone()[0])

    if old == new:
        rows = count(new)
        return SheetDiff(sheet.name, old, new, rows, rows)
    params = {"nieuw": -1 if new is None else new, "oud": -1 if old is None else old}
    sql = _diff_sql(sheet)
    counts = dict(
        con.execute(f"select soort, count(*) from ({sql}) group by soort", params).fetchall()
    )
    others = [c for c in sheet.columns if c.field not in sheet.key]
    found = con.execute(f"{sql} limit {MAX_ROWS}", params).fetchall()
    changes = tuple(
        RowChange(
            " / ".join(str(v) for v in row[: len(sheet.key)]),
            row[len(sheet.key)],
            tuple(c.header for c, d in zip(others, row[-1], strict=True) if d)
            if row[len(sheet.key)] == CHANGED
            else (),
        )
        for row in found
    )
    return SheetDiff(
        sheet.name,
        old,
        new,
        count(old),
        count(new),
        added=counts.get(ADDED, 0),
        changed=counts.get(CHANGED, 0),
        removed=counts.get(REMOVED, 0),
        rows=changes,
    )


def _figures(con: duckdb.DuckDBPyConnection, version: int, settings: Settings) -> list[Change]:
    """The headline figures that differ between just before `version` and with it."""
    query = "select aangemaakt_op from versie where versie_id = ?"
    ((moment,),) = con.execute(query, [version]).fetchall()  # fetched whole: no open result
    return headline_changes(con, moment, settings)


# -- uploads -----------------------------------------------------------------------------------


def preview_upload(
    settings: Settings,
    actor: User,
    data: bytes,
    filename: str,
    progress: Callable[[str], None] | None = None,
) -> Preview:
    """Checks an upload and, if it is valid, what it would change; stores nothing."""
    require(actor, "opladen")
    say = progress or (lambda stage: None)
    sha256 = hashlib.sha256(data).hexdigest()
    result = ImportResult(filename, sha256, dry_run=True)
    sheets: list[SheetDiff] = []
    figures: list[Change] = []
    say("lezen")
    parsed = check_upload(data, settings)
    result.errors, result.warnings = parsed.errors, parsed.warnings
    result.counts = {
        s.name: len(parsed.datasets[s.table]) for s in SHEETS if s.table in parsed.datasets
    }
    if parsed.datasets or not parsed.errors:
        say("controleren")
        with Store(settings.db_path, settings.lock_timeout_s).write() as con:
            stage_upload(con, settings, parsed, result, user=actor.name, data=data)
            if result.version is not None:
                say("vergelijken")
                sheets, figures = _compare_staged(con, result.version, settings)
            _discard(con)
        result.version = result.moment = None
    audit.note(  # a preview changes nothing
        settings,
        "upload",
        "aanvaard" if result.accepted else "geweigerd",
        actor,
        bestand=filename,
        sha256=sha256,
        fouten=result.errors.total,
        waarschuwingen=len(result.warnings),
    )
    return Preview(filename, sha256, result, sheets, figures)


def _compare_staged(
    con: duckdb.DuckDBPyConnection, version: int, settings: Settings
) -> tuple[list[SheetDiff], list[Change]]:
    """What the staged `version` changes: rows per replaced sheet, headline figures."""
    before = datasets_at_version(con, version - 1)
    replaced = {t for (t,) in con.execute(
        "select dataset from versie_dataset where versie_id = ?", [version]
    ).fetchall()}  # fmt: skip
    sheets = [
        diff_rows(con, s, before.get(s.table), version) for s in SHEETS if s.table in replaced
    ]
    return sheets, _figures(con, version, settings)


def _discard(con: duckdb.DuckDBPyConnection) -> None:
    """Ends the transaction of a preview without a trace: rolled back, and an empty one
    begun, which `Store.write` then commits."""
    con.execute("rollback")
    con.execute("begin transaction")


def confirm_upload(settings: Settings, actor: User, preview: Preview, data: bytes) -> ImportResult:
    """Stores exactly the previewed file as one new version. ChangedSincePreview when another
    version arrived after the preview; NotThePreviewedFile when `data` is another file;
    AuditUnavailable (nothing stored) when the audit entry cannot be written."""
    require(actor, "opladen")
    details = {"bestand": preview.filename, "sha256": preview.sha256}

    def audit_stored(con: duckdb.DuckDBPyConnection, stored: list[int]) -> None:
        # inside the write transaction: no entry, no version
        audit.record(settings, "bevestiging", "bewaard", actor, **details, versie=stored[-1])

    try:
        with on_new_versions(audit_stored):
            result = import_workbook(
                settings,
                data,
                user=actor.name,
                filename=preview.filename,
                expect_sha256=preview.sha256,
                expect_base=preview.base,
            )
    except ChangedSincePreview as changed:
        audit.note(settings, "bevestiging", "gewijzigd", actor, **details, nu=changed.found)
        raise
    except NotThePreviewedFile:
        audit.note(settings, "bevestiging", "geweigerd", actor, **details)
        raise
    except (StoreProblem, duckdb.Error):  # e.g. the commit itself failed after the entry
        audit.note(settings, "bevestiging", "mislukt", actor, **details)
        raise
    if result.errors:
        audit.note(
            settings, "bevestiging", "geweigerd", actor, **details, fouten=result.errors.total
        )
    return result


# -- versions (role beheer) ----------------------------------------------------------------------


def versions(settings: Settings, actor: User) -> list[dict[str, Any]]:
    require(actor, "beheer")
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        return list_versions(con)


def original(settings: Settings, actor: User, version: int) -> bytes | None:
    """The uploaded file a version was made from (None for a rollback); audited as export."""
    require(actor, "beheer")
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        content = original_file(con, version)
    audit.note(settings, "export", "geslaagd", actor, origineel_van_versie=version)
    return content


def compare(settings: Settings, actor: User, old: int, new: int) -> list[SheetDiff]:
    """Per dataset, which rows differ between the data right after version `old` and right
    after version `new`."""
    require(actor, "beheer")
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        for version in (old, new):
            if not version_exists(con, version):
                raise UnknownVersion(version)
        then, now = datasets_at_version(con, old), datasets_at_version(con, new)
        return [
            diff_rows(con, s, then.get(s.table), now.get(s.table))
            for s in SHEETS
            if s.table in then or s.table in now
        ]


@dataclass(frozen=True)
class Rollback:
    version: int
    moment: dt.datetime
    sheets: list[str]


def rollback(settings: Settings, actor: User, version: int, reason: str) -> Rollback | None:
    """A new version with the data as it was right after `version` (history is kept); None
    when the data already is that. A reason is required."""
    require(actor, "beheer")
    reason = reason.strip()
    if not reason:
        raise ReasonMissing
    details = {"naar": version, "reden": reason}
    try:
        with Store(settings.db_path, settings.lock_timeout_s).write() as con:
            if not version_exists(con, version):
                raise UnknownVersion(version)
            made = add_rollback_version(con, user=actor.name, base_version=version, reason=reason)
            if made is not None:  # inside the write transaction: no entry, no rollback
                audit.record(settings, "terugzetting", "bewaard", actor, **details, versie=made[0])
    except (StoreProblem, duckdb.Error):  # e.g. the commit itself failed after the entry
        audit.note(settings, "terugzetting", "mislukt", actor, **details)
        raise
    if made is None:
        audit.note(settings, "terugzetting", "geweigerd", actor, **details)
        return None
    return Rollback(*made)
