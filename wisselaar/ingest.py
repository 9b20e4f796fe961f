"""An upload from file to version, in one pass: check -> read columns -> type and check -> store.

`check_upload` needs no database: the safety check (`xlsx_reader`) announces each sheet as
soon as it passed, and a second thread reads it (`sheet_reading`, fastexcel into Arrow) and
types it (`sheet_parsing`) while the check goes on with the rest. `stage_upload` then runs the
rules over the resulting whole and stores the version inside the caller's write transaction,
so that a concurrent upload cannot slip in between the check and the store; whether that
transaction commits is the caller's (`import_workbook` here, `versions` for a preview).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from queue import Queue
from typing import TYPE_CHECKING

import duckdb

from wisselaar import DATA_DIR, answer_store
from wisselaar.consistency import check_whole
from wisselaar.dataset import Dataset
from wisselaar.formatting import BRUSSELS
from wisselaar.gc_pause import gc_paused
from wisselaar.issues import Issue, IssueList
from wisselaar.schema import SHEET_BY_TABLE, Sheet
from wisselaar.settings import Settings
from wisselaar.sheet_parsing import ParsedUpload, known_sheets, parse_sheet, parse_sheets
from wisselaar.sheet_pieces import Piece
from wisselaar.sheet_reading import SheetColumns, open_reader, read_cut, read_pieces
from wisselaar.store import SHEET_NAME, Store, add_version, current_versions, load_dataset
from wisselaar.worksheet_scan import Scan
from wisselaar.xlsx_reader import CheckedWorkbook, WorkbookRefused, check_workbook

if TYPE_CHECKING:
    import fastexcel

log = logging.getLogger(__name__)
SAMPLE_WORKBOOK = DATA_DIR / "voorbeeld.xlsx"


@dataclass
class ImportResult:
    filename: str
    sha256: str
    errors: IssueList = field(default_factory=IssueList)  # the first ones; .total counts all
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # sheet name -> rows
    version: int | None = None
    moment: dt.datetime | None = None  # naive UTC
    dry_run: bool = False
    # the dataset versions the upload was checked against (see `expect_base`)
    base: dict[str, int] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return not self.errors


class ChangedSincePreview(Exception):
    """The stored data changed between the preview and the confirmation; nothing stored."""

    def __init__(self, expected: dict[str, int], found: dict[str, int]) -> None:
        super().__init__(f"expected versions {expected}, found {found}")
        self.expected, self.found = expected, found


class NotThePreviewedFile(Exception):
    """The bytes to store are not the file that was previewed (SHA-256 differs)."""


def check_upload(source: bytes | Path, settings: Settings) -> ParsedUpload:
    """Everything that needs no database: the file's safety, sheets, headers and cells.

    Three threads: this one checks, one reads the sheets that passed, piece by piece
    (fastexcel works outside the GIL), and one types each piece as it comes, once the check
    is done: the check and the typing both need the GIL, and the check is on the way to the
    largest sheet, which it comes to last. A large sheet is read piece by piece while the
    check goes on with its next piece (`_Streamed`)."""
    limit = settings.max_errors_listed
    _keep_memory_small()
    checked_all = threading.Event()
    reading = ThreadPoolExecutor(1, thread_name_prefix="wisselaar-lezen")
    typing = ThreadPoolExecutor(1, thread_name_prefix="wisselaar-typeren")
    parts: dict[str, Future[ParsedUpload]] = {}
    handed_over: list[tuple[Future[None], Queue[object]]] = []  # each sheet's read and queue
    opened: list[tuple[CheckedWorkbook, fastexcel.ExcelReader]] = []
    streamed: dict[str, _Streamed] = {}

    def on_open(checked: CheckedWorkbook) -> None:
        opened.append((checked, open_reader(checked)))

    def stream(name: str) -> _Streamed | None:
        checked, reader = opened[0]
        sheet = known_sheets(checked.names).get(name)
        if sheet is None:
            return None

        def read(cut: Iterator[Piece]) -> Queue[object]:
            handed: Queue[object] = Queue()
            pieces = read_cut(checked, name, sheet, reader, cut)
            handed_over.append((reading.submit(_hand_over, pieces, handed), handed))
            return handed

        streamed[name] = _Streamed(read)
        return streamed[name]

    def on_sheet(name: str, scan: Scan) -> None:
        checked, reader = opened[0]
        known = known_sheets(checked.names)
        if name not in known:
            return
        if name in streamed and (handed := streamed[name].done()) is not None:
            parts[name] = typing.submit(_typed, known[name], _taken(handed), limit, checked_all)
            return
        handed = Queue()  # read and typed while the check goes on
        pieces = read_pieces(checked, name, known[name], reader)
        handed_over.append((reading.submit(_hand_over, pieces, handed), handed))
        parts[name] = typing.submit(_typed, known[name], _taken(handed), limit, checked_all)

    try:
        checked = check_workbook(
            source,
            max_file_bytes=settings.max_file_bytes,
            max_unpacked_bytes=settings.max_unpacked_bytes,
            on_open=on_open,
            on_sheet=on_sheet,
            stream=stream,
        )
        checked_all.set()
        known = known_sheets(checked.names)
        outcomes = {
            name: parts[name].result()
            if name in parts
            else parse_sheet(sheet, read_pieces(checked, name, sheet, opened[0][1]), limit)
            for name, sheet in known.items()
        }
        return parse_sheets(checked.names, outcomes, limit)
    except WorkbookRefused as refused:
        found = Issue(refused.key, dict(refused.values), render=refused.message)
        return ParsedUpload(errors=IssueList(limit, [found]))
    finally:
        checked_all.set()  # a refusal: what was begun may end
        for cut in streamed.values():
            cut(None)  # a reading that waits for the next piece of a refused sheet ends
        reading.shutdown(wait=True, cancel_futures=True)
        for read, handed in handed_over:  # a sheet whose reading never began: its typing,
            if read.cancelled():  # if it began, would wait for pieces for ever
                handed.put(CancelledError())
        typing.shutdown(wait=True, cancel_futures=True)


_DONE = object()


class _Streamed:
    """The pieces of a large sheet as its check passes them (see xlsx_reader.PieceSink): the
    first starts its reading (`read`, in the reading thread); None: they are void (the
    sheet is read after its check, or it was refused)."""

    def __init__(self, read: Callable[[Iterator[Piece]], Queue[object]]):
        self.read = read
        self.pieces: Queue[Piece | None] | None = None
        self.handed: Queue[object] | None = None  # the pieces as read
        self.void = False

    def __call__(self, piece: Piece | None) -> None:
        if piece is None:
            self.void = True
            if self.pieces is not None:
                self.pieces.put(None)
            return
        if self.pieces is None:
            self.pieces = Queue()
            self.handed = self.read(self._taken(self.pieces))
        self.pieces.put(piece)

    def done(self) -> Queue[object] | None:
        """The sheet passed: its pieces as read, or None when they are void."""
        if self.void or self.pieces is None:
            return None
        self.pieces.put(None)
        return self.handed

    @staticmethod
    def _taken(pieces: Queue[Piece | None]) -> Iterator[Piece]:
        while (piece := pieces.get()) is not None:
            yield piece


def _typed(
    sheet: Sheet, pieces: Iterator[SheetColumns], limit: int, start: threading.Event
) -> ParsedUpload:
    start.wait()
    parsed = parse_sheet(sheet, pieces, limit)
    give_back_memory()
    return parsed


def _hand_over(pieces: Iterator[SheetColumns], handed: Queue[object]) -> None:
    """In the reading thread: each piece as soon as it is read, then _DONE (or the error).
    The queue has no bound, so that this thread never waits for one that was cancelled."""
    try:
        for piece in pieces:
            handed.put(piece)
        handed.put(_DONE)
    except BaseException as error:
        handed.put(error)


def _taken(handed: Queue[object]) -> Iterator[SheetColumns]:
    """In the typing thread: the pieces as the reading thread hands them over."""
    while (piece := handed.get()) is not _DONE:
        if isinstance(piece, BaseException):
            raise piece
        yield piece  # type: ignore[misc]


def give_back_memory() -> None:
    """Returns the memory freed by a sheet's reading and typing to the system: glibc keeps
    freed blocks for later, and the next sheet would come on top."""
    if (trim := getattr(_libc(), "malloc_trim", None)) is not None:
        trim(0)


def _keep_memory_small() -> None:
    """Large blocks straight from and back to the system (glibc's mmap threshold fixed at
    128 KB, not raised as large blocks come and go), Arrow's too: an import's transient
    buffers then do not stay in the process after it. Worth 100 MB on a million rows."""
    import pyarrow as pa

    if (mallopt := getattr(_libc(), "mallopt", None)) is not None:
        mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


@cache
def _libc() -> object:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def stage_upload(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    parsed: ParsedUpload,
    result: ImportResult,
    *,
    user: str,
    data: bytes,
    store: bool = True,
    sample: bool = False,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Inside the caller's write transaction: the rules over the whole against the stored
    data, and, when the upload is valid and `store`, its version (`result.version`)."""
    result.base = current_versions(con)
    stored = _stored_datasets(con, parsed.datasets, result.base)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(BRUSSELS).date()
    check_whole(parsed, stored, today, Decimal(settings.subsidie_plafond_eur))
    del stored
    give_back_memory()
    if not parsed.errors and store:
        datasets, parsed.datasets = parsed.datasets, {}  # handed over; stored one by one
        result.version, result.moment = add_version(
            con,
            user=user,
            datasets=datasets,
            filename=result.filename,
            sha256=result.sha256,
            content=data,
            sample=sample,
            warnings=[w.text("nl") for w in parsed.warnings],
            now=now.astimezone(dt.UTC).replace(tzinfo=None) if now else None,
        )
        give_back_memory()  # the datasets are in the database now; the commit needs room
        answer_store.forget(con)  # the kept JSON is of the data before
    return _finish(result, parsed)


def import_workbook(
    settings: Settings,
    source: bytes | Path,
    *,
    user: str,
    filename: str | None = None,
    dry_run: bool = False,
    sample: bool = False,
    now: dt.datetime | None = None,
    only_if_empty: bool = False,
    expect_sha256: str | None = None,
    expect_base: dict[str, int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Validates a workbook and, when it is valid and not a dry run, stores a new version.

    `only_if_empty` stores nothing when the database already holds a version (checked inside
    the write transaction, so two app processes starting at once load the sample only once).

    A confirmed preview passes `expect_sha256` (the file must be the previewed one, else
    NotThePreviewedFile) and `expect_base` (the dataset versions the preview compared with,
    `result.base` of the preview; if they changed in the meantime, ChangedSincePreview and
    nothing is stored). Both are checked inside the write transaction. `progress(stage)` is
    told "lezen" and "controleren" as the work goes on.
    """
    if isinstance(source, Path):
        filename = filename or source.name
        # A file over the limit is refused (by check_upload) without being read.
        too_big = source.stat().st_size > settings.max_file_bytes
        data = b"" if too_big else source.read_bytes()
    else:
        data = source
    sha256 = hashlib.sha256(data).hexdigest() if data else ""
    result = ImportResult(filename or "upload.xlsx", sha256, dry_run=dry_run)
    if expect_sha256 is not None and result.sha256 != expect_sha256:
        raise NotThePreviewedFile(result.filename)
    say = progress or (lambda stage: None)
    with gc_paused():
        say("lezen")
        parsed = check_upload(data or source, settings)
        give_back_memory()
        result.counts = {SHEET_NAME[t]: len(ds) for t, ds in parsed.datasets.items()}
        if parsed.errors and not parsed.datasets:
            return _finish(result, parsed)
        say("controleren")
        store = Store(settings.db_path, settings.lock_timeout_s)
        with store.read() if dry_run else store.write() as con:
            base = current_versions(con)
            if only_if_empty and base:
                return _finish(result, parsed)
            if expect_base is not None and base != expect_base:
                raise ChangedSincePreview(expect_base, base)
            return stage_upload(
                con,
                settings,
                parsed,
                result,
                user=user,
                data=data,
                store=not dry_run,
                sample=sample,
                now=now,
            )


def load_sample_if_empty(settings: Settings) -> ImportResult | None:
    """Imports data/voorbeeld.xlsx as the first version of an empty database (if enabled)."""
    if not settings.load_sample or not SAMPLE_WORKBOOK.is_file():
        return None
    return import_workbook(
        settings, SAMPLE_WORKBOOK, user="voorbeeld", sample=True, only_if_empty=True
    )


def _finish(result: ImportResult, parsed: ParsedUpload) -> ImportResult:
    result.errors, result.warnings = parsed.errors, parsed.warnings
    if result.errors:
        log.info(
            "upload geweigerd: %s (sha256 %s), %d fouten",
            result.filename,
            result.sha256,
            result.errors.total,
        )
    return result


def _stored_datasets(
    con: duckdb.DuckDBPyConnection, uploaded: dict[str, Dataset], versions: dict[str, int]
) -> dict[str, Dataset]:
    """The current stored datasets that the upload does not replace."""
    return {
        table: load_dataset(con, SHEET_BY_TABLE[table], version)
        for table, version in versions.items()
        if table not in uploaded
    }
