"""The safety check of an uploaded workbook, before any reader parses a cell.

Checked here: file size, magic bytes, zip structure, declared and ACTUAL unpacked size (every
part is inflated here from the raw data), no DOCTYPE/ENTITY in any XML part, no macros (VBA),
and per worksheet what `worksheet_scan` measures: the used area a reader would allocate,
formulas without a saved value, Excel error cells, and how much text the cells' references to
shared strings would make a reader copy. Only then may `sheet_reading` open the bytes.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from defusedxml import ElementTree as SafeET

from wisselaar import sheet_pieces, worksheet_scan
from wisselaar.i18n import t
from wisselaar.sheet_pieces import Cutter, NotCut, OutOfOrder, Piece
from wisselaar.worksheet_scan import Damaged, Scan, TooMuchText, cell_ref

MAX_CELLS = 10_000_000  # cells of one sheet a reader may hold (about 400 MB in fastexcel)
MAX_SHARED_TEXT = 128 * 1024 * 1024  # bytes of text (shared or inline) a reader may copy out
MAX_MEMBERS = 10_000  # parts in the zip; Excel writes tens, rarely hundreds
CHUNK = (
    1 << 18
)  # bytes read and inflated at a time: a quarter MB, so that the GIL changes hands often
_WORKBOOK, _RELS, _CONTENT_TYPES = (
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[content_types].xml",
)
_SHARED, _STYLES, _WORKSHEETS = "xl/sharedstrings.xml", "xl/styles.xml", "xl/worksheets/"
# The Excel errors the readers know; newer ones (#SPILL!, #CALC!, ...) make calamine give up.
READABLE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_FORBIDDEN = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MACROS = re.compile(rb"macroEnabled|vbaProject|macrosheet", re.IGNORECASE)  # VBA, Excel 4.0


class WorkbookRefused(Exception):
    """The whole file is refused; `message(lang)` says why and what to do."""

    def __init__(self, key: str, values: dict[str, object] | None = None, detail: str = ""):
        super().__init__(f"{key} {values or ''} {detail}".strip())
        self.key = key
        self.values: dict[str, object] = values or {}  # numbers are formatted per language
        self.detail = detail  # the technical cause, for the log

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes each value (a sheet, a part's name) text for where it is shown."""
        return t(self.key, lang, **{k: quote(_number(v, lang)) for k, v in self.values.items()})


@dataclass
class CheckedWorkbook:
    """A workbook that passed every check before parsing; its sheets may now be read."""

    data: bytes
    names: list[str]  # every sheet (also chart sheets), in workbook order
    scans: dict[str, Scan] = field(default_factory=dict)  # per worksheet, by sheet name
    hidden: set[str] = field(default_factory=set)  # sheets marked hidden or very hidden
    parts: dict[str, str] = field(default_factory=dict)  # sheet name -> its zip part (lower)


SheetChecked = Callable[[str, Scan], None]
# Where the pieces of a large sheet go as they pass (None: its pieces so far are void).
PieceSink = Callable[[Piece | None], None]


@dataclass(frozen=True)
class CheckedSheet:
    workbook: CheckedWorkbook
    name: str


def read_workbook(
    source: str | os.PathLike[str] | bytes,
    *,
    max_file_bytes: int,
    max_unpacked_bytes: int,
    max_cells: int = MAX_CELLS,
) -> list[CheckedSheet]:
    """The sheets of a checked workbook in workbook order, to be read and typed by
    `sheet_parsing.parse_workbook`. Raises WorkbookRefused for anything but a sound, reasonably
    sized .xlsx."""
    checked = check_workbook(
        source,
        max_file_bytes=max_file_bytes,
        max_unpacked_bytes=max_unpacked_bytes,
        max_cells=max_cells,
    )
    return [CheckedSheet(checked, name) for name in checked.names]


def check_workbook(
    source: str | os.PathLike[str] | bytes,
    *,
    max_file_bytes: int,
    max_unpacked_bytes: int,
    max_cells: int = MAX_CELLS,
    on_open: Callable[[CheckedWorkbook], None] | None = None,
    on_sheet: SheetChecked | None = None,
    stream: Callable[[str], PieceSink | None] | None = None,
) -> CheckedWorkbook:
    """Every check that comes before any cell is parsed; raises WorkbookRefused. Every part
    but the worksheets comes first; then `on_open(workbook)` may open a reader, and each
    worksheet, smallest first, is announced by `on_sheet(name, scan)` as soon as it passed, so
    that it can be read while the others are still checked (the small ones are read while
    the large one is checked). A large sheet is cut into pieces as it is checked
    (`sheet_pieces`), when `stream(name)` gives where they go: each piece as soon as its rows
    passed, so that it is read while the check goes on; then `on_sheet` as for any sheet."""
    if isinstance(source, bytes | bytearray | memoryview):
        if (size := len(source)) > max_file_bytes:
            raise _too_big(size, max_file_bytes)
        data = bytes(source)
    else:
        if (size := os.path.getsize(source)) > max_file_bytes:
            raise _too_big(size, max_file_bytes)
        with open(source, "rb") as handle:
            data = handle.read()
    scanner = _Scanner(io.BytesIO(data), max_unpacked_bytes, max_cells)
    try:
        return scanner.run(data, on_open, on_sheet, stream)
    except Damaged as damage:
        raise _damaged(str(damage)) from None


class _Scanner:
    def __init__(self, handle: BinaryIO, max_unpacked: int, max_cells: int):
        self.handle, self.max_unpacked, self.max_cells = handle, max_unpacked, max_cells
        # The text the cells hold, which a reader copies into memory: 128 MB, or a quarter of
        # a raised unpacked limit (a valid 1-million-row workbook holds about 120 MB).
        self.max_text = max(MAX_SHARED_TEXT, max_unpacked // 4)
        self.total = 0  # actual unpacked bytes so far
        self.kept: dict[str, bytes] = {}  # the parts a piece's workbook holds, by zip name
        self.shared_bytes = 0  # of the shared strings part

    def run(
        self,
        data: bytes,
        on_open: Callable[[CheckedWorkbook], None] | None,
        on_sheet: SheetChecked | None,
        stream: Callable[[str], PieceSink | None] | None = None,
    ) -> CheckedWorkbook:
        head = self.handle.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an encrypted .xlsx or an old .xls
            raise WorkbookRefused("lezer.versleuteld_of_xls")
        if not head.startswith(b"PK\x03\x04"):
            raise WorkbookRefused("lezer.geen_xlsx")
        try:
            parts = self._directory()
            workbook = self._keep(parts.pop(_WORKBOOK))
            rels = self._keep(parts.pop(_RELS)) if _RELS in parts else b""
            names, sheet_of, hidden = _sheets(workbook, rels)
            checked = CheckedWorkbook(data, names, hidden=hidden)
            worksheets = sorted(
                ((n, i) for n, i in parts.items() if n.startswith(_WORKSHEETS)),
                key=lambda item: item[1].file_size,
            )
            others = [(n, i) for n, i in parts.items() if not n.startswith(_WORKSHEETS)]
            shared = self._other_parts(others)
            counted = shared if self._may_expand(shared, worksheets) else None
            if on_open is not None:
                on_open(checked)
            shared_text = inline_text = 0
            unsure: list[zipfile.ZipInfo] = []  # sheets whose inline text was not counted
            rest = sum(info.file_size for _, info in worksheets)  # bytes of the sheets to come
            for name, info in worksheets:
                sheet = sheet_of.get(name, info.filename)
                rest -= info.file_size
                sink = None
                if stream is not None and sheet_pieces.streams(info.file_size, self.shared_bytes):
                    sink = stream(sheet)
                cutting = _Cutting(self.kept, info.filename, sink) if sink else None
                try:
                    found, recounted = self._scan_sheet(
                        info, counted, shared_text + inline_text, unsure, rest, cutting
                    )
                except TooMuchText as too_much:
                    shared_text, inline_text = (
                        shared_text + too_much.shared,
                        inline_text + too_much.inline,
                    )
                    raise self._too_much_text(shared_text, inline_text) from None
                inline_text += recounted
                if found.cells() > self.max_cells:
                    raise _area_too_big(sheet, found, self.max_cells)
                if unreadable := sorted(
                    (at, code) for at, code in found.errors.items() if code not in READABLE_ERRORS
                ):
                    (row, col), code = unreadable[0]
                    cell = cell_ref(row, col)
                    raise WorkbookRefused(
                        "lezer.excel_fout_nieuw", {"blad": sheet, "cel": cell, "fout": code}
                    )
                if cutting is not None:
                    cutting.finish(found)
                shared_text += found.shared_text
                inline_text += found.inline_text
                checked.scans[sheet], checked.parts[sheet] = found, name
                if on_sheet is not None:
                    on_sheet(sheet, found)
            return checked
        except (WorkbookRefused, Damaged):
            raise
        except Exception as exc:  # zipfile, zlib, struct: a truncated or corrupt zip
            raise _damaged(repr(exc)) from None

    def _scan_sheet(
        self,
        info: zipfile.ZipInfo,
        counted: list[int] | None,
        used: int,
        unsure: list[zipfile.ZipInfo],
        rest: int,
        cutting: _Cutting | None = None,
    ) -> tuple[Scan, int]:
        """One worksheet scanned within the text still allowed. Counting inline text costs
        a regex over every byte, so it is skipped where the sheet's bytes stand in for it
        (inline text is at most the part's bytes, checked as it inflates): once this sheet and
        the `rest` (the bytes of the sheets after it, all larger) fit in what is left, the
        smallest sheets having been counted exactly. Should a later sheet pass the limit with
        the stand-ins (shared text counted on the way), they are counted exactly, once, and
        `unsure` is emptied. Returns the scan and the inline text that recount found
        (TooMuchText's `inline` includes it). `cutting` is fed the first try's checked bytes."""
        recounted, unpacked = 0, self.total
        while True:
            self.total = unpacked  # a second try inflates the part anew: count it once
            left = self.max_text - used - recounted - sum(i.file_size for i in unsure)
            try:
                found = worksheet_scan.scan(
                    self._xml(info),
                    lambda: self._inflate(info, False),
                    self.max_cells,
                    counted,
                    left,
                    count_inline=info.file_size + rest > left,
                    passed=cutting,
                )
                break
            except TooMuchText as too_much:
                if cutting is not None:
                    cutting(None, Scan(), 0)  # the second try is not cut
                    cutting = None
                if not unsure:
                    raise TooMuchText(too_much.shared, too_much.inline + recounted) from None
                recounted += sum(self._inline_text(i) for i in unsure)
                unsure.clear()
        if not found.count_inline:
            unsure.append(info)
        return found, recounted

    def _inline_text(self, info: zipfile.ZipInfo) -> int:
        """The bytes of inline text in a part already checked (not counted as unpacked again)."""
        again = lambda: self._inflate(info, False)  # noqa: E731
        return worksheet_scan.scan(again(), again, self.max_cells).inline_text

    def _too_much_text(self, shared: int, inline: int) -> WorkbookRefused:
        """Repeated shared strings, or long texts written in the cells themselves."""
        key = "lezer.tekst_te_groot" if shared >= inline else "lezer.celtekst_te_groot"
        return WorkbookRefused(key, {"limiet_mb": _mb(self.max_text)})

    def _directory(self) -> dict[str, zipfile.ZipInfo]:
        """The parts by lower-case name (calamine ignores case), from the central directory."""
        self.handle.seek(0)
        infos = zipfile.ZipFile(self.handle).infolist()
        if len(infos) > MAX_MEMBERS:
            values = {"aantal": len(infos), "limiet": MAX_MEMBERS}
            raise WorkbookRefused("lezer.te_veel_onderdelen", values)
        parts = {info.filename.lower(): info for info in infos}
        if len(parts) != len(infos):
            raise Damaged("a part name occurs twice")
        if _WORKBOOK not in parts:
            raise WorkbookRefused("lezer.geen_xlsx")
        if any(name.endswith("vbaproject.bin") or "macrosheets/" in name for name in parts):
            raise WorkbookRefused("lezer.macro")
        if sum(info.file_size for info in infos) > self.max_unpacked:
            raise _unpacked_too_big(self.max_unpacked)
        return parts

    def _other_parts(self, others: list[tuple[str, zipfile.ZipInfo]]) -> list[int]:
        """Checks every part but the worksheets; returns the shared strings' lengths."""
        shared: list[int] = []
        for name, info in others:
            if name == _SHARED:
                content = self._keep(info)
                shared, self.shared_bytes = _lengths(content), len(content)
            elif name == _CONTENT_TYPES:
                if _MACROS.search(self._keep(info)):
                    raise WorkbookRefused("lezer.macro")
            elif name in sheet_pieces.KEPT + sheet_pieces.KEPT_TOO:
                self._keep(info, name == _STYLES)
            elif name.endswith((".xml", ".rels")):
                for _ in self._xml(info, name == _STYLES):
                    pass
            else:
                for _ in self._inflate(info):
                    pass
        return shared

    def _keep(self, info: zipfile.ZipInfo, parsed: bool = True) -> bytes:
        """The part's checked bytes, kept for the workbooks of a sheet's pieces."""
        content = self.kept[info.filename] = b"".join(self._xml(info, parsed))
        return content

    def _may_expand(self, shared: list[int], worksheets: list[tuple[str, zipfile.ZipInfo]]) -> bool:
        """Whether the cells could refer to more shared text than `max_text`: then every
        reference is counted. A reference takes at least 20 bytes (<c t="s"><v>0</v></c>)."""
        cells = sum(info.file_size for _, info in worksheets) // 20
        return bool(shared) and cells * max(shared) > self.max_text

    def _inflate(self, info: zipfile.ZipInfo, count: bool = True) -> Iterator[bytes]:
        """The part's bytes, inflated here from the raw data: declared sizes are not trusted."""
        if info.flag_bits & 1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise Damaged(f"{info.filename}: encrypted, or compressed in an unusual way")
        self.handle.seek(info.header_offset)
        local = self.handle.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise Damaged(f"{info.filename}: no local header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        offset = info.header_offset + 30 + name_len + extra_len
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, crc, size = info.compress_size, 0, 0
        while True:
            if inflater is not None and inflater.unconsumed_tail:
                raw = inflater.unconsumed_tail
            elif left > 0:
                self.handle.seek(offset)  # a second pass over another part may have moved it
                raw = self.handle.read(min(CHUNK, left))
                if not raw:
                    break
                left, offset = left - len(raw), offset + len(raw)
            else:
                break
            out = raw if inflater is None else inflater.decompress(raw, CHUNK)
            size += len(out)
            self.total += len(out) if count else 0
            if self.total > self.max_unpacked:
                raise _unpacked_too_big(self.max_unpacked)
            crc = zlib.crc32(out, crc)
            yield out
            if inflater is not None and inflater.eof:
                break
        if left or (inflater and not inflater.eof) or (crc, size) != (info.CRC, info.file_size):
            raise Damaged(f"{info.filename}: truncated, or CRC or size wrong")

    def _xml(self, info: zipfile.ZipInfo, parsed: bool = True) -> Iterator[bytes]:
        """As _inflate, refusing DOCTYPE/ENTITY (also across chunk edges), and UTF-16 in a part
        that calamine or defusedxml parses: there the byte patterns would not see a thing."""
        tail = b""
        for out in self._inflate(info):
            if parsed and not tail and (out[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in out[:4]):
                raise Damaged(f"{info.filename}: not UTF-8")
            if (b"<!" in out or b"<!" in tail + out[:2]) and (
                _FORBIDDEN.search(out) or _FORBIDDEN.search(tail + out[:16])
            ):
                raise WorkbookRefused("lezer.verboden_xml", {"onderdeel": info.filename})
            tail = out[-16:] if len(out) >= 16 else (tail + out)[-16:]
            yield out


class _Cutting:
    """A sheet's checked regions cut into pieces for `sink` (see worksheet_scan.Passed). A
    sheet that cannot be cut, or whose first pass gave up, is void: it is read after its
    check, as any other sheet."""

    def __init__(self, kept: dict[str, bytes], part: str, sink: PieceSink):
        self.kept, self.part, self.sink = kept, part, sink
        self.cutter: Cutter | None = None
        self.void = False

    def __call__(self, region: bytes | None, area: Scan, columns: int) -> None:
        if self.void:
            return
        if region is None:
            self._void()
            return
        if self.cutter is None:  # the cell added to a piece: beyond every proven column
            self.cutter = Cutter(self.kept, self.part, columns, self.sink)
        try:
            self.cutter.feed(region, area)
        except (NotCut, OutOfOrder):
            self._void()

    def finish(self, found: Scan) -> None:
        if self.void or self.cutter is None:
            self._void()
            return
        try:
            self.cutter.finish(found)
        except (NotCut, OutOfOrder):
            self._void()

    def _void(self) -> None:
        if not self.void:
            self.void = True
            self.sink(None)


def _lengths(shared: bytes) -> list[int]:
    """The bytes of each shared string (its <si> element less its tags: an upper bound)."""
    items = shared.split(b"</si>")[:-1]
    return [max(0, len(item) - item.rfind(b"<si") - 11) for item in items]


def _sheets(workbook: bytes, rels: bytes) -> tuple[list[str], dict[str, str], set[str]]:
    """From xl/workbook.xml, as calamine reads it: the sheet names in order, {zip part in lower
    case: sheet name} and the hidden sheets."""
    targets: dict[str, str] = {}
    for el in SafeET.fromstring(rels).iter() if rels else ():
        if el.tag.rsplit("}", 1)[-1] == "Relationship" and el.get("TargetMode") != "External":
            path = el.get("Target", "")
            path = path[1:] if path.startswith("/xl/") else path
            targets[el.get("Id", "")] = (path if path.startswith("xl/") else "xl/" + path).lower()
    names: list[str] = []
    parts: dict[str, str] = {}
    hidden: set[str] = set()
    for el in SafeET.fromstring(workbook).iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            name = el.get("name", "")
            names.append(name)
            if el.get("state", "visible") != "visible":
                hidden.add(name)
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
            if rid in targets:
                parts[targets[rid]] = name
    return names, parts, hidden


def _damaged(detail: str) -> WorkbookRefused:
    return WorkbookRefused("lezer.beschadigd", detail=detail)


def _too_big(size: int, limit: int) -> WorkbookRefused:
    return WorkbookRefused("lezer.te_groot", {"grootte_mb": _mb(size), "limiet_mb": _mb(limit)})


def _unpacked_too_big(limit: int) -> WorkbookRefused:
    return WorkbookRefused("lezer.te_groot_uitgepakt", {"limiet_mb": _mb(limit)})


def _area_too_big(sheet: str, area: Scan, limit: int) -> WorkbookRefused:
    _, r1, c0, c1 = area.box
    values = {"blad": sheet, "van": cell_ref(0, c0), "tot": cell_ref(r1, c1)}
    return WorkbookRefused(
        "lezer.bereik_te_groot", {**values, "cellen": area.cells(), "limiet": limit}
    )


def _mb(size: int) -> int | float:
    """Bytes in MB (1024 x 1024, as the settings count), one decimal unless whole."""
    value = size / (1024 * 1024)
    return int(value) if value.is_integer() else round(value, 1)


def _number(value: object, lang: str) -> object:
    """Numbers as a reader of `lang` writes them: 1.234,5 in Dutch, 1,234.5 in English."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text
