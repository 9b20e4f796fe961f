"""A large worksheet cut into pieces, so that no reader holds the whole sheet at once.

calamine builds a sheet's whole used area in memory, about 100 bytes a cell at its peak: the
ledger of a million-row workbook would take 600 MB. A large worksheet part is therefore cut
between rows into pieces, each written (uncompressed) as a small workbook of
its own with the original's workbook, styles and shared strings, read one after the other.
The pieces come from the checked bytes, so nothing in them escaped the check.

A piece after the first gets one cell added to its first row, beyond the used columns: a
reader starts a sheet at its first row with a value, and this makes that row the piece's own
first row, so its positions map to Excel rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wisselaar.worksheet_scan import cell_ref

# A part of more than CUT_BYTES of XML (about 200,000 ledger rows) is cut into pieces of
# PIECE_BYTES (about 33,000 rows, 60 MB in calamine at its peak). Cutting costs time (each
# piece is written and opened), so a part that calamine can hold whole is read whole.
CUT_BYTES = 100 * 1024 * 1024
PIECE_BYTES = 16 * 1024 * 1024
_KEEP = ("[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_KEEP_TOO = ("xl/styles.xml", "xl/sharedstrings.xml")
_ROW_START = re.compile(rb"<row[\s>/]")
_ROW_NUMBER = re.compile(rb"""<row\b[^>]*?\sr\s*=\s*["'](\d+)["']""")


class OutOfOrder(Exception):
    """Rows that are not written in ascending order (no spreadsheet program does that)."""


@dataclass(frozen=True)
class Piece:
    path: Path | None  # a workbook holding this piece of the sheet (None: the workbook)
    first: int  # Excel row of its first data row (2 for the first piece)
    added: int | None  # the column (0 = A) of the cell added to its first row; None for the
    # first piece, which holds the headers in row 1


def pieces(data: bytes, part: str, last_column: int, folder: Path) -> Iterator[Piece] | None:
    """The pieces of worksheet `part` (its name in the zip, in lower case) of the workbook
    `data`; None when it is small enough to be read whole, or its rows do not say their
    numbers (then it is read whole too: its size is bounded by the check)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in archive.infolist() if i.filename.lower() == part)
    if info.file_size <= max(CUT_BYTES, PIECE_BYTES) or not _numbered(archive, info):
        return None
    kept = {
        i.filename: archive.read(i)
        for i in archive.infolist()
        if i.filename.lower() in _KEEP + _KEEP_TOO
    }
    return _cut(archive, info, kept, last_column + 1, folder)


def _numbered(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part's rows start after <sheetData> and say their numbers."""
    with archive.open(info) as stream:
        head = stream.read(1 << 20)
    start = head.find(b"<sheetData>")
    first_row = _ROW_START.search(head, start) if start >= 0 else None
    return first_row is not None and _ROW_NUMBER.match(head, first_row.start()) is not None


def _cut(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    kept: dict[str, bytes],
    added: int,
    folder: Path,
) -> Iterator[Piece]:
    with archive.open(info) as stream:
        buffer = stream.read(1 << 20)
        body = buffer.index(b"<sheetData>") + len(b"<sheetData>")
        prefix, buffer = buffer[:body], buffer[body:]
        previous, number = 0, 0
        while buffer.strip():
            chunks, size = [buffer], len(buffer)
            while size <= PIECE_BYTES and (more := stream.read(1 << 20)):
                chunks.append(more)
                size += len(more)
            buffer = b"".join(chunks)
            cut = _cut_point(buffer)
            rows, buffer = buffer[:cut], buffer[cut:]
            if buffer.startswith(b"</sheetData>"):
                buffer = b""  # what follows the rows is no concern of the readers
            first, last = _row_numbers(rows)
            if first <= previous:
                raise OutOfOrder(f"row {first} after row {previous}")
            previous = last
            if number:
                rows = _with_added_cell(rows, first, added)
            path = folder / f"stuk{number}.xlsx"
            _write(path, kept, info.filename, prefix + rows + b"</sheetData></worksheet>")
            yield Piece(path, 2 if number == 0 else first, None if number == 0 else added)
            number += 1


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


def _row_numbers(rows: bytes) -> tuple[int, int]:
    first = _ROW_NUMBER.search(rows)
    last = _ROW_NUMBER.search(rows, rows.rfind(b"<row"))
    if first is None or last is None:
        raise OutOfOrder("a row without its number")
    return int(first[1]), int(last[1])


def _with_added_cell(rows: bytes, row: int, column: int) -> bytes:
    """The rows with a cell added at the end of the first: the piece's sheet starts there."""
    cell = f'<c r="{cell_ref(row - 1, column)}" t="inlineStr"><is><t>.</t></is></c>'.encode()
    open_end = rows.index(b">") + 1
    if rows[open_end - 2 : open_end] == b"/>":  # <row r="9"/>: a row without cells
        return rows[: open_end - 2] + b">" + cell + b"</row>" + rows[open_end:]
    close = rows.index(b"</row>")
    return rows[:close] + cell + rows[close:]


def _write(path: Path, kept: dict[str, bytes], part: str, sheet: bytes) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for name, content in kept.items():
            target.writestr(name, content)
        target.writestr(part, sheet)
