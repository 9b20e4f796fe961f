"""The safety check and first pass over an upload, with the largest sheet in a second process.

Typing cells is Python work that one core does at a time; a large upload spends most of its
time on its largest sheet (the ledger). When the workbook is large and this process runs a
single thread (the command line), that sheet is read and typed in a forked child while this
process does the other sheets; the child hands back its outcome as a pickle. A process with
several threads (the app) never forks (a fork copies locks held by other threads); small
uploads gain nothing from it. If the child fails for any reason but a refusal, its sheet is
simply parsed here, so the outcome never depends on the split.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from dataclasses import dataclass

from wisselaar.schema import Sheet
from wisselaar.sheet_parsing import ParsedUpload, known_sheets, parse_sheet, parse_sheets
from wisselaar.xlsx_reader import CheckedWorkbook, WorkbookRefused, check_workbook

OFFLOAD_MIN_BYTES = 8 * 1024 * 1024  # unpacked sheet XML; about 40,000 ledger rows


def check_and_parse(
    source: str | os.PathLike[str] | bytes,
    *,
    max_file_bytes: int,
    max_unpacked_bytes: int,
    allow_fork: bool = True,
) -> ParsedUpload:
    """The safety check and the first pass. The child starts on the largest sheet as soon as
    that sheet (checked first) has passed, while this process checks the rest; if the rest
    is refused, the child is stopped and nothing of it is used."""
    started: list[_Child] = []

    def on_sheet(name: str, partial: CheckedWorkbook) -> None:
        if started or not (allow_fork and _may_fork()):
            return
        known = known_sheets(partial.sheet_names())
        if name == _largest(known, partial) and partial.sizes.get(name, 0) >= OFFLOAD_MIN_BYTES:
            started.append(_Child.start(partial, name, known))

    try:
        checked = check_workbook(
            source,
            max_file_bytes=max_file_bytes,
            max_unpacked_bytes=max_unpacked_bytes,
            on_sheet=on_sheet,
        )
    except BaseException:
        for child in started:
            child.stop()
        raise
    return parse_checked(checked, allow_fork=allow_fork, child=started[0] if started else None)


def parse_checked(
    checked: CheckedWorkbook, *, allow_fork: bool = True, child: _Child | None = None
) -> ParsedUpload:
    names = checked.sheet_names()
    known = known_sheets(names)
    largest = _largest(known, checked)
    if (
        child is None
        and allow_fork
        and largest is not None
        and checked.sizes.get(largest, 0) >= OFFLOAD_MIN_BYTES
        and _may_fork()
    ):
        child = _Child.start(checked, largest, known)
    here = [name for name in known if child is None or name != child.sheet]
    raws = {raw.name: raw for raw in checked.read(here)} if here else {}
    ready = {name: parse_sheet(known[name], raws[name]) for name in here}
    if child is not None:
        outcome = child.collect()
        if outcome is not None:
            ready[child.sheet] = outcome
    return parse_sheets(names, lambda name: checked.read([name])[0], ready)


def _largest(known: dict[str, Sheet], checked: CheckedWorkbook) -> str | None:
    return max(known, key=lambda name: checked.sizes.get(name, 0), default=None)


def _may_fork() -> bool:
    """Only a process with one thread forks: a fork copies locks other threads may hold."""
    return hasattr(os, "fork") and threading.active_count() == 1


@dataclass
class _Child:
    pid: int
    pipe: int
    sheet: str

    @classmethod
    def start(cls, checked: CheckedWorkbook, name: str, known: dict[str, Sheet]) -> _Child:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: parse one sheet, send the outcome, leave without cleanup
            os.close(read_end)
            try:
                outcome = parse_sheet(known[name], checked.read([name])[0])
                payload = pickle.dumps(("ok", outcome), protocol=pickle.HIGHEST_PROTOCOL)
            except WorkbookRefused as refused:
                payload = pickle.dumps(("refused", refused.key, refused.values, refused.detail))
            except BaseException as error:  # reported; the parent parses instead
                payload = pickle.dumps(("failed", repr(error)))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write_end)
        return cls(pid, read_end, name)

    def stop(self) -> None:
        """The workbook was refused after the child started: end it, use nothing of it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.pipe)
        os.waitpid(self.pid, 0)

    def collect(self) -> ParsedUpload | None:
        """The child's outcome; None when it failed (the parent then parses the sheet)."""
        with os.fdopen(self.pipe, "rb") as incoming:
            payload = incoming.read()
        os.waitpid(self.pid, 0)
        try:
            message = pickle.loads(payload)
        except Exception:  # a child killed mid-way: parse here instead
            return None
        if message[0] == "refused":
            raise WorkbookRefused(message[1], message[2], message[3])
        return message[1] if message[0] == "ok" else None
