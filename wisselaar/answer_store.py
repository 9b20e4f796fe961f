"""The contract's JSON (CONTRACT.md section 4), kept with the data once it has been computed.

`answer --json` is asked far more often than the data change, and computing it runs the
figure engine over every trajectory (seconds on 50,000) after loading pandas and pyarrow. So
the command line keeps what it computed (`answer.compute(...).to_json()`: the same function's
output, no second computation) in the data file, under a key made of exactly what the output
depends on: the dataset versions in force, the settings the figures read (the benutting
thresholds) and a digest of the code and queries that make it; every import and rollback
drops what was kept, in the transaction that stores its version. `lookup` answers only when
the key of the asked moment is the kept one; anything else (an older moment, other
thresholds, other code, a database made before this table) is computed as before.

Computing it at import instead would add the whole answer to every import (seconds, and the
memory of the figures beside the uncommitted version: about 500 MB on 50,000 trajectories).

The draft files of `answer --out` (antwoord.docx and bijlage.xlsx: `answer_files`, from the
same compute()) are kept the same way, under the same key, in a table of their own: writing
them costs seconds on 50,000 trajectories (the annex holds every trajectory), and the same data,
thresholds and code give the same bytes. Only the files of the default choice of quotes are
kept (the command line's); the key's code digest includes the catalogue, whose Dutch the files
are written in.

This module needs only DuckDB: the command line answers from it without loading pandas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import duckdb

from wisselaar import PACKAGE_DIR, QUERIES_DIR, queries

if TYPE_CHECKING:
    from wisselaar.settings import Settings

TABLE, FILES_TABLE = "antwoord_json", "antwoord_bestanden"
DDL = (
    f"create table if not exists {TABLE} (sleutel varchar primary key, inhoud varchar not null);"
    f"create table if not exists {FILES_TABLE} (sleutel varchar not null, naam varchar not null,"
    " inhoud blob not null, primary key (sleutel, naam))"
)


@cache
def code_digest() -> str:
    """What makes the JSON and the files besides the data: every module of the core, every
    query and the catalogue (the files' words)."""
    digest = hashlib.sha256()
    catalog = [*(PACKAGE_DIR / "catalog").glob("*.toml")]
    for path in sorted([*PACKAGE_DIR.glob("*.py"), *QUERIES_DIR.glob("*.sql"), *catalog]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def key(versions: list[tuple[str, int]], settings: Settings) -> str:
    """The key of the JSON for these dataset versions (dataset, version id) and settings."""
    used = ",".join(f"{dataset}={version}" for dataset, version in sorted(versions))
    thresholds = f"{settings.onderbenutting_pct}/{settings.overbenutting_pct}"
    return f"{code_digest()}|{thresholds}|{used}"


def versions_at(con: duckdb.DuckDBPyConnection, moment: dt.datetime) -> list[tuple[str, int]]:
    """The dataset versions in force at `moment`: the figure engine's own query."""
    rows = queries.run(con, "versies_in_gebruik", stand=moment)
    return [(r["dataset"], int(r["versie_id"])) for r in rows]


def lookup(con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings) -> str | None:
    """The kept JSON of the data at `moment`, or None when it has to be computed."""
    found = lookup_bytes(con, moment, settings)
    return None if found is None else found.decode()


def lookup_bytes(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> bytes | None:
    """`lookup` as UTF-8 bytes, for a process that only prints them: DuckDB hands over a
    BLOB (`encode`) faster than it builds a Python str of it (6 MB: 15 ms against 40 ms)."""
    versions = versions_at(con, moment)
    if not versions:
        return None
    try:
        found = con.execute(
            f"select encode(inhoud) from {TABLE} where sleutel = ?", [key(versions, settings)]
        ).fetchone()
    except duckdb.CatalogException:  # a read-only file made before the table existed
        return None
    return None if found is None else bytes(found[0])


def lookup_files(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> dict[str, bytes] | None:
    """The kept draft files ({name: bytes}) of the data at `moment`, or None."""
    versions = versions_at(con, moment)
    if not versions:
        return None
    try:
        found = con.execute(
            f"select naam, inhoud from {FILES_TABLE} where sleutel = ? order by naam",
            [key(versions, settings)],
        ).fetchall()
    except duckdb.CatalogException:  # a read-only file made before the table existed
        return None
    return {name: bytes(content) for name, content in found} or None


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """Inside the write transaction that stores a version: what was kept goes with it."""
    con.execute(f"delete from {TABLE}")
    con.execute(f"delete from {FILES_TABLE}")


def remember(
    con: duckdb.DuckDBPyConnection, settings: Settings, answer_json: str, at: dt.datetime
) -> None:
    """Inside a write transaction: keep `answer_json` (computed for the data at `at`) when
    that data is still the data in force now (an answer computed before an import, or by
    other code or thresholds, is kept only when nothing newer came in between)."""
    from wisselaar.store import utc_now

    versions = versions_at(con, at)
    if not versions or versions != versions_at(con, utc_now()):
        return
    con.execute(f"delete from {TABLE}")
    con.execute(f"insert into {TABLE} values (?, ?)", [key(versions, settings), answer_json])


def remember_files(
    con: duckdb.DuckDBPyConnection, settings: Settings, files: dict[str, bytes], at: dt.datetime
) -> None:
    """Inside a write transaction: keep the draft files computed for the data at `at`, on the
    same terms as `remember`."""
    from wisselaar.store import utc_now

    versions = versions_at(con, at)
    if not versions or versions != versions_at(con, utc_now()):
        return
    con.execute(DDL)  # a file whose schema was made before the files' table
    con.execute(f"delete from {FILES_TABLE}")
    sleutel = key(versions, settings)
    for name, content in sorted(files.items()):
        con.execute(f"insert into {FILES_TABLE} values (?, ?, ?)", [sleutel, name, content])


KEEP_WAIT_S = 0.5  # keeping is not worth waiting long for another process


def keep(settings: Settings, made: str | dict[str, bytes], moment: dt.datetime) -> None:
    """The JSON or the draft files just computed for the data at `moment`, kept for the next
    time when the file may be written (`remember`, `remember_files`); a file that is busy or
    read-only is left as it is."""
    from wisselaar.store import Store, StoreProblem

    try:
        with Store(settings.db_path, KEEP_WAIT_S).write() as con:
            if isinstance(made, str):
                remember(con, settings, made, moment)
            else:
                remember_files(con, settings, made, moment)
    except StoreProblem:
        return


def files_342(
    settings: Settings,
    moment: dt.datetime,
    make: Callable[[duckdb.DuckDBPyConnection], dict[str, bytes] | None],
) -> dict[str, bytes] | None:
    """The draft files of question 342 with the default quotes (what `answer --out` writes
    and the app offers) for the data at `moment`: the kept ones when they are of this data,
    thresholds and code, else `make(con)` on the same read (None: no data at `moment`), kept
    for the next time. The command line and the app both get their files here."""
    from wisselaar.store import Store

    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        files = lookup_files(con, moment, settings)
        if files is not None:
            return files
        files = make(con)
    if files is not None:
        keep(settings, files, moment)
    return files
