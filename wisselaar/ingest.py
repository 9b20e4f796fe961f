"""An upload from file to version: read, check, and store it whole or not at all.

Reading and typing the cells (the costly part) happen before the database is opened; the
rules over the resulting whole and the write happen in one transaction, so a concurrent
upload cannot slip in between the check and the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from wisselaar import DATA_DIR
from wisselaar.consistency import check_whole
from wisselaar.dataset import Dataset
from wisselaar.formatting import BRUSSELS
from wisselaar.gc_pause import gc_paused
from wisselaar.issues import Issue
from wisselaar.schema import SHEET_BY_TABLE
from wisselaar.settings import Settings
from wisselaar.sheet_parsing import ParsedUpload
from wisselaar.store import SHEET_NAME, Store, add_version, current_versions, load_dataset
from wisselaar.upload_parsing import check_and_parse
from wisselaar.xlsx_reader import WorkbookRefused

log = logging.getLogger(__name__)
SAMPLE_WORKBOOK = DATA_DIR / "voorbeeld.xlsx"


@dataclass
class ImportResult:
    filename: str
    sha256: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # sheet name -> rows
    version: int | None = None
    moment: dt.datetime | None = None  # naive UTC
    dry_run: bool = False
    # the dataset versions the upload was checked against (see `expect_base`)
    base: dict[str, int] = field(default_factory=dict)
    inspection: Any = None  # what `inspect` returned

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


class _Discard(Exception):
    """Rolls back a preview's transaction after its inspection."""


def check_upload(source: bytes | Path, settings: Settings) -> ParsedUpload:
    """Everything that needs no database: the file's safety, sheets, headers and cells."""
    try:
        return check_and_parse(
            source,
            max_file_bytes=settings.max_file_bytes,
            max_unpacked_bytes=settings.max_unpacked_bytes,
        )
    except WorkbookRefused as refused:
        return ParsedUpload(
            errors=[Issue(refused.key, dict(refused.values), render=refused.message)]
        )


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
    inspect: Callable[[duckdb.DuckDBPyConnection, int], Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Validates a workbook and, when it is valid and not a dry run, stores a new version.

    `only_if_empty` stores nothing when the database already holds a version (checked inside
    the write transaction, so two app processes starting at once load the sample only once).

    A confirmed preview passes `expect_sha256` (the file must be the previewed one, else
    NotThePreviewedFile) and `expect_base` (the dataset versions the preview compared with,
    `result.base` of the preview; if they changed in the meantime, ChangedSincePreview and
    nothing is stored). Both are checked inside the write transaction.

    `inspect(con, version)`, with `dry_run`, runs after the version has been stored inside the
    transaction, which is then rolled back: a preview sees exactly what the upload would store,
    through the same queries. Its result is `result.inspection`. `progress(stage)` is told
    "lezen", "controleren" and "vergelijken" as the work goes on.
    """
    if isinstance(source, Path):
        filename = filename or source.name
    result = ImportResult(filename or "upload.xlsx", "", dry_run=dry_run)
    if expect_sha256 is not None:
        data = source.read_bytes() if isinstance(source, Path) else source
        if hashlib.sha256(data).hexdigest() != expect_sha256:
            raise NotThePreviewedFile(result.filename)
    with gc_paused():
        return _import(
            settings,
            source,
            result,
            user=user,
            dry_run=dry_run,
            sample=sample,
            now=now,
            only_if_empty=only_if_empty,
            expect_base=expect_base,
            inspect=inspect,
            progress=progress or (lambda stage: None),
        )


def _import(
    settings: Settings,
    source: bytes | Path,
    result: ImportResult,
    *,
    user: str,
    dry_run: bool,
    sample: bool,
    now: dt.datetime | None,
    only_if_empty: bool,
    expect_base: dict[str, int] | None,
    inspect: Callable[[duckdb.DuckDBPyConnection, int], Any] | None,
    progress: Callable[[str], None],
) -> ImportResult:
    # The reader checks a file's size before reading it, so a huge file is never loaded whole.
    progress("lezen")
    parsed = check_upload(source, settings)
    result.counts = {SHEET_NAME[t]: len(ds) for t, ds in parsed.datasets.items()}
    if parsed.errors and not parsed.datasets:
        return _finish(result, parsed)
    data = source.read_bytes() if isinstance(source, Path) else source
    result.sha256 = hashlib.sha256(data).hexdigest()
    store = Store(settings.db_path, settings.lock_timeout_s)
    progress("controleren")
    try:
        with store.write() as con:
            result.base = current_versions(con)
            if only_if_empty and result.base:
                return _finish(result, parsed)
            if expect_base is not None and result.base != expect_base:
                raise ChangedSincePreview(expect_base, result.base)
            stored = _stored_datasets(con, parsed.datasets)
            today = (now or dt.datetime.now(dt.UTC)).astimezone(BRUSSELS).date()
            check_whole(parsed, stored, today, Decimal(settings.subsidie_plafond_eur))
            if parsed.errors or (dry_run and inspect is None):
                return _finish(result, parsed)
            result.version, result.moment = add_version(
                con,
                user=user,
                datasets=parsed.datasets,
                filename=result.filename,
                sha256=result.sha256,
                content=data,
                sample=sample,
                warnings=[w.text("nl") for w in parsed.warnings],
                now=now.astimezone(dt.UTC).replace(tzinfo=None) if now else None,
            )
            if dry_run and inspect is not None:
                progress("vergelijken")
                result.inspection = inspect(con, result.version)
                result.version = result.moment = None
                raise _Discard  # the preview's version is rolled back
    except _Discard:
        pass
    return _finish(result, parsed)


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
            len(result.errors),
        )
    return result


def _stored_datasets(
    con: duckdb.DuckDBPyConnection, uploaded: dict[str, Dataset]
) -> dict[str, Dataset]:
    """The current stored datasets that the upload does not replace."""
    versions = current_versions(con)
    return {
        table: load_dataset(con, SHEET_BY_TABLE[table], version)
        for table, version in versions.items()
        if table not in uploaded
    }
