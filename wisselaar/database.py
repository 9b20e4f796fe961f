"""A DuckDB file held for one operation at a time, and what can go wrong with it, in words a
user can act on.

DuckDB lets one process at a time hold a database file, and the app and the command line must
run side by side (CONTRACT.md section 3). So every operation opens the file, does its work and
closes it, and waits (up to a setting) while another process holds it. Readers use one
transaction so they see one version.

DuckDB reports a held lock, a damaged file and a missing permission as English errors with
paths and process ids. Every opening goes through `open_file` and every error inside an
operation through `problem_of`, so that the app and the command line answer each with a Dutch
(or English) message that says what to do, never a traceback. A file this process may not
write still serves reads. The data store (`wisselaar.store.Store`) and the audit log
(`wisselaar.audit`) are both a `DatabaseFile`.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from wisselaar.i18n import t


class StoreProblem(Exception):
    """The database cannot serve this operation; `message` says why and what to do."""

    key = "opslag.beschadigd"

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes the path text for where it is shown (ui/text.md for Markdown)."""
        return t(self.key, lang, pad=quote(self.path))


class StoreBusy(StoreProblem):
    """Another process held the database for longer than the lock timeout."""

    key = "opslag.bezet"

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(path)
        self.seconds = seconds

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        return t(self.key, lang, pad=quote(self.path), n=self.seconds)


class StoreDamaged(StoreProblem):
    """The file is truncated, zeroed, garbage or fails its checksums."""

    key = "opslag.beschadigd"


class StoreWithoutSchema(StoreDamaged):
    """A read-only file that is not (or not yet) a database of this product."""

    key = "opslag.geen_schema"


class StoreReadOnly(StoreProblem):
    """A change was asked of a file (or folder) this process may not write."""

    key = "opslag.alleen_lezen"


class StoreNoAccess(StoreProblem):
    """This process may not even read the file."""

    key = "opslag.geen_toegang"


# Lower-case fragments of DuckDB's messages. A path may contain any word, so the fragments
# are whole phrases of DuckDB's own wording, not single words such as "lock".
_LOCKED = ("could not set lock on file", "conflicting lock is held")
_DAMAGED = (
    "not a valid duckdb database file",
    "could not read enough bytes",
    "corrupt database file",
    "does not match stored checksum",
    "serialization error",
)
_READ_ONLY = ("permission denied", "read-only file system", "read only file system")


def _has(error: BaseException, fragments: tuple[str, ...]) -> bool:
    text = str(error).lower()
    return any(fragment in text for fragment in fragments)


def problem_of(error: BaseException, path: Path, *, reading: bool = False) -> StoreProblem | None:
    """The problem a DuckDB error stands for, or None when it is none of ours (a bug).
    `reading`: the error came from opening the file read-only."""
    if isinstance(error, StoreProblem):
        return error
    if not isinstance(error, duckdb.Error):
        return None
    if _has(error, _DAMAGED):
        return StoreDamaged(path)
    if _has(error, _READ_ONLY):
        return StoreNoAccess(path) if reading else StoreReadOnly(path)
    return None


def writable(path: Path) -> bool:
    """Whether this process may change the file (or create it, when it does not exist)."""
    if path.exists():
        return os.access(path, os.W_OK)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK)


def open_file(path: Path, *, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """A connection to `path`; waits (up to `timeout_s`) while another process holds it."""
    deadline = time.monotonic() + timeout_s
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            # DuckDB draws a progress bar on standard output for a query that runs longer
            # than 2 s, also into a pipe: under load it broke `answer --json`'s JSON.
            con.execute("set enable_progress_bar = false")
            return con
        except duckdb.Error as error:
            if not _has(error, _LOCKED):
                problem = problem_of(error, path, reading=read_only)
                if problem is None:
                    raise
                raise problem from error
            if time.monotonic() >= deadline:
                raise StoreBusy(path, timeout_s) from error
        time.sleep(0.02 + random.random() * 0.08)


def identity(path: Path) -> tuple[int, int] | None:
    """Which file `path` is now (device and inode); None when there is none."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


# The files whose schema this process has made sure of, with the identity of the file then:
# a database deleted (or replaced) while the app runs is a new file and gets its schema again.
_READY: dict[Path, tuple[int, int]] = {}
_READY_LOCK = threading.Lock()


class DatabaseFile:
    """One DuckDB file; subclasses name the table that shows their schema is there, create
    that schema, and hold the lock their writers of this process take turns on."""

    schema_table = ""
    write_lock = threading.Lock()

    def __init__(self, path: Path, lock_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout_s = lock_timeout_s

    def create_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        raise NotImplementedError

    def schema_current(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether the file already has the schema this checkout would create (then a new
        process need not create it again); False: create it (it is idempotent)."""
        return False

    @contextmanager
    def connect(self, *, write: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection held for one operation; waits while another process holds the file.
        A file this process may not write is opened read-only for reads (`write=False`) and
        refused for changes (StoreReadOnly). DuckDB's errors about a damaged or inaccessible
        file come out as a StoreProblem."""
        existed = self.path.exists()
        read_only = not writable(self.path)
        if read_only and (write or not existed):
            raise StoreReadOnly(self.path)
        con = open_file(self.path, read_only=read_only, timeout_s=self.lock_timeout_s)
        try:
            self._ensure_schema(con, read_only, fresh=not existed)
            yield con
        except duckdb.Error as error:
            problem = problem_of(error, self.path)
            if problem is None:
                raise
            raise problem from error
        finally:
            con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One read transaction: every query in it sees the same versions."""
        with self.connect(write=False) as con:
            con.execute("begin transaction")
            try:
                yield con
            finally:
                con.execute("rollback")

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction, committed only if the block finishes without an error."""
        with self.write_lock, self.connect() as con:
            con.execute("begin transaction")
            try:
                yield con
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")

    def _ensure_schema(
        self, con: duckdb.DuckDBPyConnection, read_only: bool, *, fresh: bool
    ) -> None:
        """Creates the schema once per file and process. `fresh`: the file did not exist
        before this connection (an inode number can be reused at once, so a deleted and
        recreated file may look like the old one)."""
        key, now = self.path.resolve(), identity(self.path)
        if not fresh and now is not None and _READY.get(key) == now:
            return
        if not fresh and self.schema_current(con):
            if now is not None:
                with _READY_LOCK:
                    _READY[key] = now
            return
        if read_only:  # nothing can be created: the schema must be there already
            found = con.execute(
                "select count(*) from information_schema.tables where table_name = ?",
                [self.schema_table],
            ).fetchone()
            if found != (1,):
                raise StoreWithoutSchema(self.path)
            return
        with _READY_LOCK:
            con.execute("begin transaction")
            try:
                self.create_schema(con)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
            if now is not None:
                _READY[key] = now
