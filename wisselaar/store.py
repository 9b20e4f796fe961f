"""The one owner of the data file: its schema, versions and the datasets in them.

How the file is opened for one operation at a time (waiting for other processes, read-only
files, damaged files) is `wisselaar.database`'s; writers within one process are serialised by
`Store.write_lock`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import duckdb

from wisselaar import DATA_DIR, QUERIES_DIR
from wisselaar.database import DatabaseFile
from wisselaar.database import StoreBusy as StoreBusy  # re-exported: callers import them here
from wisselaar.database import StoreProblem as StoreProblem
from wisselaar.dataset import Dataset
from wisselaar.schema import SHEETS, Sheet

if TYPE_CHECKING:
    import pyarrow as pa

SCHEMA_VERSION = 1
QUESTION_COLUMNS_ADDED = {
    "titels": "varchar[] default []",  # the ministers' titles, in the order of `ministers`
    "medevragen": "varchar[] default []",  # the question's numbers for the other ministers
    "beantwoord_op": "date",  # the date the answer was sent (Brussels); null: not answered
}
# The memory limit of a process that only imports (the command line sets it; see add_version).
BULK_MEMORY_LIMIT: str | None = None
NewVersionsCheck = Callable[[duckdb.DuckDBPyConnection, list[int]], None]

_ARROW_TYPES = {
    "varchar": "string",
    "integer": "int32",
    "double": "float64",
    "date": "date32",
}


def utc_now() -> dt.datetime:
    """Naive UTC, the form in which moments are stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def arrow_type(sql_type: str) -> pa.DataType:
    import pyarrow as pa  # only writers need it; readers start faster without

    if sql_type.endswith("[]"):
        return pa.list_(arrow_type(sql_type[:-2]))
    if sql_type == "decimal(18,2)":
        return pa.decimal128(18, 2)
    return getattr(pa, _ARROW_TYPES[sql_type])()


class Store(DatabaseFile):
    """The data file (WISSELAAR_DB): versions and the datasets in them."""

    schema_table = "schema_info"
    write_lock = threading.Lock()  # writers of this process take turns

    def create_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        create_schema(con)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction (see DatabaseFile.write); inside `on_new_versions(check)`,
        a transaction that stored versions calls `check` before it commits."""
        check = _ON_NEW_VERSIONS.get()
        with super().write() as con:
            if check is None:
                yield con
                return
            (before,) = con.execute("select coalesce(max(versie_id), 0) from versie").fetchone()
            yield con
            added = [v for (v,) in con.execute(
                "select versie_id from versie where versie_id > ? order by versie_id", [before]
            ).fetchall()]  # fmt: skip
            if added:
                check(con, added)


_ON_NEW_VERSIONS: ContextVar[NewVersionsCheck | None] = ContextVar("on_new_versions", default=None)


@contextmanager
def on_new_versions(check: NewVersionsCheck) -> Iterator[None]:
    """Within the block, every write transaction of this thread (and context) that stores
    versions calls `check(con, version_ids)` as its last step before it commits; when
    `check` raises, the transaction is rolled back and none of it is kept. The audit log
    records a change this way before the change is committed (no entry, no change)."""
    token = _ON_NEW_VERSIONS.set(check)
    try:
        yield
    finally:
        _ON_NEW_VERSIONS.reset(token)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create table if not exists schema_info (versie integer not null)")
    con.execute("""
        create table if not exists versie (
            versie_id integer primary key,
            aangemaakt_op timestamp not null,   -- UTC
            gebruiker varchar not null,
            bestandsnaam varchar,
            sha256 varchar,
            soort varchar not null,             -- upload | rollback
            reden varchar,
            basis_versie integer,               -- rollback: the version whose content returns
            voorbeeld boolean not null,
            bladen varchar[] not null,
            waarschuwingen json
        )""")
    con.execute("""
        create table if not exists versie_dataset (
            versie_id integer not null,
            dataset varchar not null,
            rijen integer not null,
            primary key (versie_id, dataset)
        )""")
    con.execute("""
        create table if not exists versie_bestand (
            versie_id integer primary key,
            inhoud blob not null
        )""")
    for sheet in SHEETS:
        fields = ",\n".join(f"    {c.field} {c.sql_type}" for c in sheet.columns)
        con.execute(
            f"create table if not exists {sheet.table} (\n"
            f"    versie_id integer not null,\n    rij integer not null,\n{fields}\n)"
        )
    _create_reference(con)
    for statement in _macro_statements():
        con.execute(statement)
    con.execute("""
        create table if not exists vraag (
            id integer primary key,
            nummer varchar not null,
            datum date not null,
            lid varchar not null,
            ministers varchar[] not null,
            onderwerp varchar not null,
            blokken json not null,          -- [{blok, vraag, filters}], see wisselaar/questions.py
            vervolg_op integer,             -- the question this one follows up on
            gemaakt_door varchar not null,
            gemaakt_op timestamp not null,  -- UTC
            gewijzigd_door varchar not null,
            gewijzigd_op timestamp not null -- UTC
        )""")
    add_question_columns(con)
    if con.execute("select count(*) from schema_info").fetchone() == (0,):
        con.execute("insert into schema_info values (?)", [SCHEMA_VERSION])


def add_question_columns(con: duckdb.DuckDBPyConnection) -> None:
    """The columns of `vraag` added later (issue 14): a file made before has the table
    without them; they come with the schema, or with the first save into such a file."""
    for name, kind in QUESTION_COLUMNS_ADDED.items():
        con.execute(f"alter table vraag add column if not exists {name} {kind}")


def _macro_statements() -> list[str]:
    """The statements of queries/_macros.sql (split on `;` at a line end)."""
    text = (QUERIES_DIR / "_macros.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]


def _create_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The municipality table from data/gemeenten.csv (reference data, not a version)."""
    con.execute(
        "create table if not exists gemeente_periode as "
        "select * from read_csv(?, all_varchar = true)",
        [str(DATA_DIR / "gemeenten.csv")],
    )
    # One row per NIS code for naming: a code valid in both periods takes its 2025 row.
    con.execute("""
        create or replace view gemeente as
        select * from gemeente_periode
        qualify row_number() over (
            partition by nis_code
            order by case periode when '2025' then 0 when '2019-2024' then 1 else 2 end
        ) = 1""")


# -- versions and datasets ------------------------------------------------------------------


def add_version(
    con: duckdb.DuckDBPyConnection,
    *,
    user: str,
    datasets: dict[str, Dataset],
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
    sample: bool,
    warnings: list[str],
    kind: str = "upload",
    reason: str | None = None,
    base_version: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[int, dt.datetime]:
    """Stores one version inside the caller's write transaction; returns (id, moment).

    `datasets` is emptied as they are stored, so that a large upload's memory is given back
    dataset by dataset (the database holds them from then on)."""
    import json

    last_id, last_moment = con.execute(
        "select coalesce(max(versie_id), 0), max(aangemaakt_op) from versie"
    ).fetchone()
    moment = now or utc_now()
    if last_moment is not None and moment <= last_moment:
        moment = last_moment + dt.timedelta(microseconds=1)  # versions stay in time order
    version = int(last_id) + 1
    sheets = [SHEET_NAME[table] for table in datasets]
    con.execute(
        "insert into versie values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            version,
            moment,
            user,
            filename,
            sha256,
            kind,
            reason,
            base_version,
            sample,
            sheets,
            json.dumps(warnings, ensure_ascii=False),
        ],
    )
    if content is not None:
        _insert_file(con, version, content)
    # Inserting a million rows: the order of rows is kept by `rij`, not by the table. In the
    # command line, DuckDB may also write what does not fit in its memory limit to disk, also
    # when it commits; the limit is the database instance's, shared by every connection of the
    # process, so the app (whose readers run beside an upload) never sets it.
    con.execute("set preserve_insertion_order = false")
    if BULK_MEMORY_LIMIT:
        con.execute(f"set memory_limit = '{BULK_MEMORY_LIMIT}'")
    while datasets:
        table = next(iter(datasets))
        dataset = datasets.pop(table)
        con.execute("insert into versie_dataset values (?, ?, ?)", [version, table, len(dataset)])
        _insert_rows(con, version, dataset)
        del dataset
    con.execute("reset preserve_insertion_order")
    return version, moment


def _insert_file(con: duckdb.DuckDBPyConnection, version: int, content: bytes) -> None:
    """The original file, handed to the database without a copy in between (it may be
    50 MB)."""
    import pyarrow as pa

    offsets = pa.py_buffer(pa.array([0, len(content)], pa.int32()).buffers()[1])
    blob = pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(content)])
    con.register(
        "nieuw_bestand", pa.table({"versie_id": pa.array([version], pa.int32()), "inhoud": blob})
    )
    try:
        con.execute("insert into versie_bestand select * from nieuw_bestand")
    finally:
        con.unregister("nieuw_bestand")


SHEET_NAME = {s.table: s.name for s in SHEETS}


def _insert_rows(con: duckdb.DuckDBPyConnection, version: int, dataset: Dataset) -> None:
    """The dataset's rows as version `version`: one Arrow insert."""
    import pyarrow as pa

    sheet, table = dataset.sheet, dataset.table
    arrays: dict[str, Any] = {
        "versie_id": pa.array([version] * len(dataset), pa.int32()),
        "rij": table.column("rij").cast(pa.int32()),
    }
    for column in sheet.columns:
        arrays[column.field] = table.column(column.field).cast(arrow_type(column.sql_type))
    con.register("nieuwe_rijen", pa.table(arrays))
    try:
        con.execute(f"insert into {sheet.table} select * from nieuwe_rijen")
    finally:
        con.unregister("nieuwe_rijen")


def load_dataset(con: duckdb.DuckDBPyConnection, sheet: Sheet, version: int) -> Dataset:
    fields = ", ".join(c.field for c in sheet.columns)
    table = con.sql(
        f"select rij, {fields} from {sheet.table} where versie_id = $versie order by rij",
        params={"versie": version},
    ).to_arrow_table()
    return Dataset(sheet, table, version=version)


def current_versions(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime | None = None
) -> dict[str, int]:
    """Per dataset, the version in force at `moment` (naive UTC; default: now)."""
    rows = con.execute(
        """select vd.dataset, max(vd.versie_id)
           from versie_dataset as vd join versie as v using (versie_id)
           where v.aangemaakt_op <= ? group by vd.dataset""",
        [moment or dt.datetime.max],
    ).fetchall()
    return {dataset: int(version) for dataset, version in rows}


def list_versions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every version, newest first, with the row count per dataset it replaced."""
    cursor = con.execute("""
        select v.versie_id, v.aangemaakt_op, v.gebruiker, v.bestandsnaam, v.sha256, v.soort,
               v.reden, v.basis_versie, v.voorbeeld, v.bladen,
               map(list(vd.dataset order by vd.dataset), list(vd.rijen order by vd.dataset))
                   as rijen,
               v.waarschuwingen
        from versie as v
        left join versie_dataset as vd using (versie_id)
        group by all
        order by v.versie_id desc""")
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def original_file(con: duckdb.DuckDBPyConnection, version: int) -> bytes | None:
    """The exact bytes of the file an upload version was made from."""
    row = con.execute("select inhoud from versie_bestand where versie_id = ?", [version]).fetchone()
    return bytes(row[0]) if row else None


# -- rollback and comparison (issue 4) -------------------------------------------------------


def datasets_at_version(con: duckdb.DuckDBPyConnection, version: int) -> dict[str, int]:
    """Per dataset, the version its content came from right after `version` was stored."""
    rows = con.execute(
        """select dataset, max(versie_id) from versie_dataset
           where versie_id <= ? group by dataset""",
        [version],
    ).fetchall()
    return {dataset: int(v) for dataset, v in rows}


def version_exists(con: duckdb.DuckDBPyConnection, version: int) -> bool:
    found = con.execute("select count(*) from versie where versie_id = ?", [version]).fetchone()
    return found[0] == 1


def add_rollback_version(
    con: duckdb.DuckDBPyConnection,
    *,
    user: str,
    base_version: int,
    reason: str,
    now: dt.datetime | None = None,
) -> tuple[int, dt.datetime, list[str]] | None:
    """Inside the caller's write transaction: a new version whose datasets are those in force
    right after `base_version` (rows copied; a dataset that did not exist then becomes empty).
    Only datasets that differ from the current ones are copied. None when nothing differs."""
    then = datasets_at_version(con, base_version)
    current = current_versions(con)
    changed = [
        s
        for s in SHEETS
        if then.get(s.table) != current.get(s.table)
        and not _same_rows(con, s, then.get(s.table), current.get(s.table))
    ]
    if not changed:
        return None
    last_id, last_moment = con.execute(
        "select coalesce(max(versie_id), 0), max(aangemaakt_op) from versie"
    ).fetchone()
    moment = now or utc_now()
    if last_moment is not None and moment <= last_moment:
        moment = last_moment + dt.timedelta(microseconds=1)  # as in add_version
    version = int(last_id) + 1
    sources = [then[s.table] for s in changed if s.table in then]
    sample = bool(
        sources
        and con.execute(
            "select bool_or(voorbeeld) from versie where list_contains(?, versie_id)", [sources]
        ).fetchone()[0]
    )
    con.execute(
        "insert into versie values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            version,
            moment,
            user,
            None,
            None,
            "rollback",
            reason,
            base_version,
            sample,
            [s.name for s in changed],
            "[]",
        ],
    )
    for sheet in changed:
        source = then.get(sheet.table, -1)
        fields = ", ".join(c.field for c in sheet.columns)
        con.execute(
            f"insert into {sheet.table} (versie_id, rij, {fields}) "
            f"select ?, rij, {fields} from {sheet.table} where versie_id = ?",
            [version, source],
        )
        rows = con.execute(
            f"select count(*) from {sheet.table} where versie_id = ?", [version]
        ).fetchone()[0]
        con.execute("insert into versie_dataset values (?, ?, ?)", [version, sheet.table, rows])
    return version, moment, [s.name for s in changed]


def _same_rows(con: duckdb.DuckDBPyConnection, sheet: Sheet, a: int | None, b: int | None) -> bool:
    """Whether two versions of a dataset hold the same rows (the Excel row numbers aside)."""
    fields = ", ".join(c.field for c in sheet.columns)
    one = f"select {fields} from {sheet.table} where versie_id = ?"
    found = con.execute(
        f"select count(*) from (({one} except all {one}) union all ({one} except all {one}))",
        [first := -1 if a is None else a, second := -1 if b is None else b, second, first],
    ).fetchone()
    return found[0] == 0
