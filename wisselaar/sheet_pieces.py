"""A large worksheet cut into pieces: read while the rest is checked, and never held whole.

calamine builds a sheet's whole used area in memory, about 100 bytes a cell at its peak: the
ledger of a million-row workbook would take 600 MB. And the check of the largest sheet takes
as long as its read: read after it, the two add up. So a large worksheet part is cut between
rows into pieces, each written (uncompressed, in memory) as a small workbook of its own with
the original's workbook, styles and shared strings. A `Cutter` is fed the bytes of the part
as the check passes them (`xlsx_reader`): every piece holds only checked bytes, and carries
what the check found in its rows (`facts`), so that the reader may read it at once, while
the check goes on with the next piece.

A piece after the first gets one cell added to its first row, beyond the used columns: a
reader starts a sheet at its first row with a value, and this makes that row the piece's own
first row, so its positions map to Excel rows.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from wisselaar.worksheet_scan import Scan, cell_ref

# A part of more than CUT_BYTES of XML (about 200,000 ledger rows) is cut into pieces of
# PIECE_BYTES (about 33,000 rows, 60 MB in calamine at its peak) after its check, when it
# could not be cut during it. A part of more than twice PIECE_BYTES is cut as it is checked
# (`streams`); a smaller one is read whole: each piece costs a workbook written and opened.
CUT_BYTES = 100 * 1024 * 1024
PIECE_BYTES = 16 * 1024 * 1024
# Every piece holds a copy of the shared strings, and its reader parses them anew: past
# this, a part is not cut as it is checked (Excel writes shared strings, openpyxl inline).
MAX_SHARED_PER_PIECE = 4 * 1024 * 1024
KEPT = ("[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
KEPT_TOO = ("xl/styles.xml", "xl/sharedstrings.xml")
_HEAD = 1 << 20  # <sheetData> is looked for in the first MB
_END = b"</sheetData></worksheet>"
_UTF8, _ZIP32 = 0x800, 0xFFFFFFFF
_ROW_START = re.compile(rb"<row[\s>/]")
_ROW_NUMBER = re.compile(rb"""<row\b[^>]*?\sr\s*=\s*["'](\d+)["']""")


class OutOfOrder(Exception):
    """Rows that are not written in ascending order (no spreadsheet program does that)."""


class NotCut(Exception):
    """The part cannot be cut (no <sheetData> near its start, a first row without number)."""


@dataclass(frozen=True)
class Piece:
    data: bytes | None  # a workbook holding this piece of the sheet (None: the workbook)
    first: int  # Excel row of its first data row (2 for the first piece)
    added: int | None  # the column (0 = A) of the cell added to its first row; None for the
    # first piece, which holds the headers in row 1
    until: int | None = None  # the Excel row where the next piece begins (None: the last)
    facts: Scan | None = None  # what the check found in its rows (None: see the sheet's)


def streams(part_bytes: int, shared_bytes: int) -> bool:
    """Whether a part of this size is cut as it is checked."""
    return part_bytes > 2 * PIECE_BYTES and shared_bytes <= MAX_SHARED_PER_PIECE


class Cutter:
    """Cuts a worksheet part into pieces as its bytes come (`feed`), in order; `emit` gets each
    piece. `added` is a column beyond every cell of the part (a proven bound, not the exact
    last column: the columns between are empty in the piece's reading)."""

    def __init__(
        self,
        kept: dict[str, bytes],
        part: str,
        added: int,
        emit: Callable[[Piece], None],
    ):
        self.kept, self.part, self.added, self.emit = kept, part, added, emit
        self.prefix: bytes | None = None  # the part up to and with <sheetData>
        self.buffer, self.size = [b""], 0
        self.previous = self.number = 0
        self.ended = False  # </sheetData> was fed
        self.area: Scan | None = None  # the check's findings, for each piece's own

    def feed(self, data: bytes, area: Scan | None = None) -> None:
        """The next checked bytes of the part; `area`: what the check found in them so far.
        A piece is cut off at the last row that begins in these bytes, once it is large
        enough; the bytes are not copied on the way (they go straight into the piece's zip)."""
        self.area = area
        self.buffer.append(data)
        self.size += len(data)
        if self.prefix is None:
            joined = b"".join(self.buffer)
            if not _cuttable(joined):
                if self.size > _HEAD:
                    raise NotCut("no numbered row in <sheetData> at the start")
                self.buffer = [joined]
                return
            body = joined.index(b"<sheetData>") + len(b"<sheetData>")
            self.prefix, rest = joined[:body], joined[body:]
            self.buffer, self.size = [rest], len(rest)
        self.ended = self.ended or b"</sheetData>" in data  # the rest is cut by finish()
        if self.size <= PIECE_BYTES or self.ended:
            return
        last = self.buffer[-1]
        if len(last) > PIECE_BYTES // 4:  # regions large next to a piece: cut exactly
            buffer = b"".join(self.buffer)
            while len(buffer) > PIECE_BYTES and (cut := _cut_point(buffer)) < len(buffer):
                rows, buffer = buffer[:cut], buffer[cut:]
                if rows.strip():  # not only what comes before the first row
                    self._emit([rows], buffer)
            self.buffer, self.size = [buffer], len(buffer)
            return
        cut = last.rfind(b"<row")
        while cut >= 0 and not _ROW_START.match(last, cut):
            cut = last.rfind(b"<row", 0, cut)
        if cut > 0 or (cut == 0 and len(self.buffer) > 1):
            rows, self.buffer = [*self.buffer[:-1], last[:cut]], [last[cut:]]
            self.size = len(self.buffer[0])
            self._emit(rows, self.buffer[0])

    def finish(self, area: Scan | None = None) -> None:
        """The part's last bytes were fed: the rest of the pieces."""
        self.area = area if area is not None else self.area
        if self.prefix is None:
            raise NotCut("no <sheetData>")
        buffer = b"".join(self.buffer)
        self.buffer = []
        while buffer.strip():
            cut = _cut_point(buffer)
            rows, buffer = buffer[:cut], buffer[cut:]
            if buffer.startswith(b"</sheetData>"):
                buffer = b""  # what follows the rows is no concern of the readers
            if rows.strip():
                self._emit([rows], buffer)

    def _emit(self, rows: list[bytes], rest: bytes) -> None:
        """The piece of `rows`; `rest` begins with the next piece's first row, if any."""
        first, last = _row_numbers(rows)
        if first <= self.previous:
            raise OutOfOrder(f"row {first} after row {self.previous}")
        self.previous = last
        until = None
        if rest:
            if (after := _ROW_NUMBER.match(rest)) is None:
                raise OutOfOrder("a row without its number")
            until = int(after[1])
        added = self.added if self.number else None
        if added is not None:
            while len(rows) > 1 and not _row_ends(rows[0]):  # the first row goes on
                rows = [rows[0] + rows[1], *rows[2:]]
            rows = [_with_added_cell(rows[0], first, added), *rows[1:]]
        data = _write(self.kept, self.part, [self.prefix or b"", *rows, _END])
        start = 2 if self.number == 0 else first
        facts = None if self.area is None else _facts_of(self.area, start, until)
        self.emit(Piece(data, start, added, until, facts))
        self.number += 1


def pieces(data: bytes, part: str, last_column: int) -> Iterator[Piece] | None:
    """The pieces of worksheet `part` (its name in the zip, in lower case) of the checked
    workbook `data`, cut after the check; None when it is small enough to be read whole, or
    its rows do not say their numbers (then it is read whole too: its size is bounded by the
    check)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in archive.infolist() if i.filename.lower() == part)
    if info.file_size <= max(CUT_BYTES, PIECE_BYTES):
        return None
    with archive.open(info) as stream:
        head = stream.read(_HEAD)
    return _cut_after(archive, info, last_column + 1) if _cuttable(head) else None


def _cuttable(head: bytes) -> bool:
    """Whether the part's rows start after <sheetData> and say their numbers."""
    start = head.find(b"<sheetData>")
    first_row = _ROW_START.search(head, start) if start >= 0 else None
    return first_row is not None and _ROW_NUMBER.match(head, first_row.start()) is not None


def _cut_after(archive: zipfile.ZipFile, info: zipfile.ZipInfo, added: int) -> Iterator[Piece]:
    cut: list[Piece] = []
    cutter = Cutter(kept_parts(archive), info.filename, added, cut.append)
    with archive.open(info) as stream:
        while more := stream.read(_HEAD):
            cutter.feed(more)
            yield from cut
            cut.clear()
    cutter.finish()
    yield from cut


def kept_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """The parts every piece's workbook holds besides its sheet, by their names in the zip."""
    return {
        i.filename: archive.read(i)
        for i in archive.infolist()
        if i.filename.lower() in KEPT + KEPT_TOO
    }


def _facts_of(area: Scan, first: int, until: int | None) -> Scan:
    """What the check found in Excel rows `first` up to `until` (0-based rows in a Scan); its
    TRUE/FALSE and autofilter as known so far (the autofilter follows the rows, so the last
    piece knows it)."""
    end = (until if until is not None else 1 << 30) - 1
    low = first - 1 if first > 2 else 0
    inside = lambda at: low <= at[0] < end  # noqa: E731
    return Scan(
        box=area.box,
        missing={at for at in list(area.missing) if inside(at)},
        errors={at: code for at, code in list(area.errors.items()) if inside(at)},
        booleans=area.booleans,
        hidden_rows={r for r in list(area.hidden_rows) if low <= r < end},
        filtered=area.filtered,
    )


def _cut_point(buffer: bytes) -> int:
    """Where the piece at the start of `buffer` ends: at the end of the rows, or at the start
    of the last row that begins within PIECE_BYTES (of the first row after, if none does)."""
    end = buffer.find(b"</sheetData>")
    if 0 <= end <= PIECE_BYTES:
        return end
    limit = min(len(buffer), PIECE_BYTES)
    cut = buffer.rfind(b"<row", 1, limit)
    while cut > 0 and not _ROW_START.match(buffer, cut):
        cut = buffer.rfind(b"<row", 1, cut)
    if cut > 0:
        return cut
    after = _ROW_START.search(buffer, limit)
    return after.start() if after else (end if end >= 0 else len(buffer))


def _row_numbers(rows: list[bytes]) -> tuple[int, int]:
    """The numbers of the first and the last row (no tag is split between two regions)."""
    first = _ROW_NUMBER.search(rows[0])
    last = next(
        (
            _ROW_NUMBER.search(chunk, at)
            for chunk in reversed(rows)
            if (at := chunk.rfind(b"<row")) >= 0
        ),
        None,
    )
    if first is None or last is None:
        raise OutOfOrder("a row without its number")
    return int(first[1]), int(last[1])


def _row_ends(rows: bytes) -> bool:
    """Whether the first row of `rows` ends in them."""
    return b"</row>" in rows or rows[: rows.find(b">") + 1].endswith(b"/>")


def _with_added_cell(rows: bytes, row: int, column: int) -> bytes:
    """The rows with a cell added at the end of the first: the piece's sheet starts there."""
    cell = f'<c r="{cell_ref(row - 1, column)}" t="inlineStr"><is><t>.</t></is></c>'.encode()
    open_end = rows.index(b">") + 1
    if rows[open_end - 2 : open_end] == b"/>":  # <row r="9"/>: a row without cells
        return rows[: open_end - 2] + b">" + cell + b"</row>" + rows[open_end:]
    close = rows.index(b"</row>")
    return rows[:close] + cell + rows[close:]


def _write(kept: dict[str, bytes], part: str, sheet: list[bytes]) -> bytes:
    """A stored (uncompressed) zip of the kept parts and the sheet, written in one join:
    the sheet's bytes are copied once (zipfile into a BytesIO copies them as it grows)."""
    entries = [*((name, [content]) for name, content in kept.items()), (part, sheet)]
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, chunks in entries:
        crc, size, encoded = 0, sum(len(chunk) for chunk in chunks), name.encode()
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
        if size > _ZIP32 or offset > _ZIP32:
            raise OutOfOrder("a piece too large for a zip without ZIP64")
        # version 2.0, UTF-8 names, stored, 1 January 1980
        local = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, _UTF8, 0, 0, 33, crc, size, size, len(encoded), 0
        )
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                _UTF8,
                0,
                0,
                33,
                crc,
                size,
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
        out += [local, encoded, *chunks]
        offset += len(local) + len(encoded) + size
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0
    )
    return b"".join([*out, directory, end])
