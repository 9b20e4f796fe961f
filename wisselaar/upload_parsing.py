"""The first pass over a checked workbook, with the largest sheet in a second process.

Typing cells is Python work that one core does at a time; a large upload spends most of its
time on its largest sheet (the ledger). When the workbook is large and this process runs a
single thread (the command line), that sheet is read and typed in a forked child while this
process does the other sheets; the child hands back its outcome as a pickle. A process with
several threads (the app) never forks (a fork copies locks held by other threads); small
uploads gain nothing from it. If the child fails for any reason but a refusal, its sheet is
simply parsed here, so the outcome never depends on the split.
"""

from __future__ import annotations

import os
import pickle
import threading
from dataclasses import dataclass

from wisselaar.sheet_parsing import ParsedUpload, known_sheets, parse_sheet, parse_sheets
from wisselaar.xlsx_reader import CheckedWorkbook, WorkbookRefused

OFFLOAD_MIN_BYTES = 8 * 1024 * 1024  # unpacked sheet XML; about 40,000 ledger rows


def parse_checked(checked: CheckedWorkbook, *, allow_fork: bool = True) -> ParsedUpload:
    names = checked.sheet_names()
    known = known_sheets(names)
    largest = max(known, key=lambda name: checked.sizes.get(name, 0), default=None)
    child = None
    if (
        allow_fork
        and largest is not None
        and checked.sizes.get(largest, 0) >= OFFLOAD_MIN_BYTES
        and hasattr(os, "fork")
        and threading.active_count() == 1
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


@dataclass
class _Child:
    pid: int
    pipe: int
    sheet: str

    @classmethod
    def start(cls, checked: CheckedWorkbook, name: str, known: dict) -> _Child:
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
