"""Reading uploaded workbooks safely and fast.

Before calamine parses a cell, the zip is checked here: file size, magic bytes, declared and
ACTUAL unpacked size (every part is inflated here from the raw data), no DOCTYPE/ENTITY in any
XML part, and the used area of every worksheet: calamine holds min..max row x min..max column
densely, so one value in XFD1048576 would make it allocate 512 GB and abort the process. The same
pass notes formula cells without a saved value, which calamine reads as empty.
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
from functools import cache
from typing import BinaryIO

from defusedxml import ElementTree as SafeET
from python_calamine import CalamineWorkbook, SheetMetadata, SheetTypeEnum

from wisselaar.gc_pause import gc_paused
from wisselaar.i18n import t

MAX_CELLS = 20_000_000  # used area (rows x columns) of one sheet, as calamine holds it
MAX_MEMBERS = 10_000  # parts in the zip; Excel writes tens, rarely hundreds
CHUNK = 1 << 20  # bytes read and inflated at a time
_CARRY_SOFT, _CARRY_HARD = 1 << 18, 1 << 22  # bytes kept between chunks of a worksheet
_WORKBOOK, _RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"

_FORBIDDEN = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Excel, LibreOffice and openpyxl write every cell as <c r="A1" s=".." t="..">: checked cheaply.
_CANONICAL_REST = rb"""(?: [a-qs-z]\w*="[^"<>]*")*/?>"""  # no second r (calamine takes the last)
_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)>')
_NONCELL = re.compile(rb"<c[\w.-]")  # <col>, <cols>, <cfRule>, ...
_PREFIX_HINT = re.compile(rb":(?:row|c)[\s/>]")  # not f: Excel's extLst holds <xm:f>
_PREFIXED = re.compile(rb"<[^\s<>/:!?]+:(?:row|c)[\s/>]")
_ATTRS = rb"""(?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*"""
_ATTRS_NO_R = re.compile(rb"""(?:\s+(?!r\s*=)[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*/?""")
_HAS_FORMULA = re.compile(rb"<f[\s/>]")  # a regex finds it twice as fast as `in`
_FORMULA_ONLY = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*'
    rb"(?:<v\s*/>|<v\s*>\s*</v>)?\s*</c>"  # openpyxl writes <v></v> when it has no value
)
_T_STR = re.compile(rb"""\st\s*=\s*["']str["']""")
# Any other way of writing cells: prefixes, attribute order, quoting, cells without r.
_TAG = re.compile(rb"<(/?)(?:[^\s<>/:!?]+:)?(row|c|f|v|is)(" + _ATTRS + rb")\s*(/?)>")
_TAG_START = re.compile(rb"</?(?:[^\s<>/:!?]+:)?(?:row|c|f|v|is)[\s/>]")
_ATTR = re.compile(rb"""([^\s=<>/"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_REF = re.compile(rb"([A-Za-z]{1,3})(\d{1,7})")


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


class _FormulaWithoutValue:
    __slots__ = ()

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE: object = _FormulaWithoutValue()


@dataclass
class RawSheet:
    name: str  # sheet name as written in the workbook
    header: list[object]  # cells of Excel row 1, trailing empties trimmed
    rows: list[tuple[int, list[object]]]  # (Excel row, cells) for rows 2..; empty rows skipped


@dataclass
class CheckedWorkbook:
    """A workbook that passed every check before parsing; its sheets can then be read in
    any order and in more than one process (each opens the checked bytes itself)."""

    data: bytes
    missing: dict[str, dict[int, list[int]]]  # formulas without a saved value, per sheet
    sizes: dict[str, int]  # unpacked bytes of each worksheet part, per sheet name

    def sheet_names(self) -> list[str]:
        return [meta.name for meta in self._metadata()]

    def read(self, names: list[str] | None = None) -> list[RawSheet]:
        """The sheets called `names` (default all), in workbook order."""
        try:
            with gc_paused(), CalamineWorkbook.from_filelike(io.BytesIO(self.data)) as book:
                return [
                    _sheet(book, meta, self.missing.get(meta.name, {}))
                    for meta in book.sheets_metadata
                    if names is None or meta.name in names
                ]
        except Exception as exc:  # calamine, or a value Python cannot hold
            raise exc if isinstance(exc, WorkbookRefused) else _damaged(repr(exc)) from None

    def _metadata(self) -> list[SheetMetadata]:
        try:
            with CalamineWorkbook.from_filelike(io.BytesIO(self.data)) as book:
                return list(book.sheets_metadata)
        except Exception as exc:
            raise _damaged(repr(exc)) from None


def check_workbook(
    source: str | os.PathLike[str] | bytes,
    *,
    max_file_bytes: int,
    max_unpacked_bytes: int,
    max_cells: int = MAX_CELLS,
    on_sheet: Callable[[str, CheckedWorkbook], None] | None = None,
) -> CheckedWorkbook:
    """Every check that comes before any cell is parsed: size, zip structure, unpacked size
    (counted, not declared), XML entities, the used area calamine would allocate, formulas
    without a saved value. Raises WorkbookRefused. `on_sheet(name, workbook)` is called as
    soon as sheet `name` and every part read with it have passed (the largest sheet first);
    the workbook it gets may read only that sheet until the whole check is done."""
    if isinstance(source, bytes | bytearray | memoryview):
        if (size := len(source)) > max_file_bytes:
            raise _too_big(size, max_file_bytes)
        data = bytes(source)
    else:
        if (size := os.path.getsize(source)) > max_file_bytes:
            raise _too_big(size, max_file_bytes)
        with open(source, "rb") as handle:
            data = handle.read()
    with gc_paused():
        scanner = _Scanner(io.BytesIO(data), max_unpacked_bytes, max_cells)
        missing = scanner.run(
            None
            if on_sheet is None
            else lambda name, cells: on_sheet(
                name, CheckedWorkbook(data, {name: cells}, scanner.sizes)
            )
        )
    return CheckedWorkbook(data, missing, scanner.sizes)


def read_workbook(
    source: str | os.PathLike[str] | bytes,
    *,
    max_file_bytes: int,
    max_unpacked_bytes: int,
    max_cells: int = MAX_CELLS,
) -> list[RawSheet]:
    """All sheets in workbook order; chart and dialog sheets come back empty. The rows of a sheet
    all have the same length (its used width from column A), at least len(header). Raises
    WorkbookRefused for anything but a sound, reasonably sized .xlsx."""
    checked = check_workbook(
        source,
        max_file_bytes=max_file_bytes,
        max_unpacked_bytes=max_unpacked_bytes,
        max_cells=max_cells,
    )
    return checked.read()


def _sheet(book: CalamineWorkbook, meta: SheetMetadata, missing: dict[int, list[int]]) -> RawSheet:
    if meta.typ != SheetTypeEnum.WorkSheet:
        return RawSheet(meta.name, [], [])
    sheet = book.get_sheet_by_name(meta.name)
    data = sheet.to_python()  # from sheet.start, not from A1; empty cells are ""
    row0, col0 = sheet.start or (0, 0)
    used = len(data[0]) if data else 0
    if data and (sheet.end[0] - row0 + 1, sheet.end[1] - col0 + 1) != (len(data), used):
        raise _damaged(f"calamine range {sheet.start}..{sheet.end}")
    width = max([col0 + used] + [max(cols) + 1 for cols in missing.values()])
    lead, tail = [None] * col0, [None] * (width - col0 - used)
    rows: list[tuple[int, list[object]]] = []
    for row, cells in enumerate(data, row0 + 1):
        if "" in cells:  # most rows have no empty cell, and then no per-cell loop
            cells = [None if v == "" else v for v in cells]
            if cells.count(None) == len(cells):
                continue
        rows.append((row, [*lead, *cells, *tail] if lead or tail else cells))
    if missing:
        index = dict(rows)
        for row, cols in missing.items():
            cells = index.setdefault(row + 1, [None] * width)
            for col in cols:
                cells[col] = FORMULA_WITHOUT_VALUE
        rows = sorted(index.items())
    header = rows.pop(0)[1] if rows and rows[0][0] == 1 else []
    while header and header[-1] is None:
        header.pop()
    return RawSheet(meta.name, header, rows)


@dataclass
class _Area:
    """Used area of one worksheet part (0-based, inclusive) and its formulas without value."""

    box: tuple[int, int, int, int] = (1 << 30, -1, 1 << 30, -1)  # rows lo..hi, columns lo..hi
    missing: set[tuple[int, int]] = field(default_factory=set)

    def add(self, row_lo: int, row_hi: int, col_lo: int, col_hi: int) -> None:
        r0, r1, c0, c1 = self.box
        self.box = (min(r0, row_lo), max(r1, row_hi), min(c0, col_lo), max(c1, col_hi))

    def cells(self) -> int:
        r0, r1, c0, c1 = self.box
        return (r1 - r0 + 1) * (c1 - c0 + 1) if r1 >= 0 else 0


SheetChecked = Callable[[str, dict[int, list[int]]], None]


class _Scanner:
    def __init__(self, handle: BinaryIO, max_unpacked: int, max_cells: int):
        self.handle, self.max_unpacked, self.max_cells = handle, max_unpacked, max_cells
        self.total = 0  # actual unpacked bytes so far
        self.sizes: dict[str, int] = {}  # unpacked bytes per worksheet, by sheet name

    def run(self, on_sheet: SheetChecked | None = None) -> dict[str, dict[int, list[int]]]:
        """Checks the whole zip; returns {sheet name: {row: [cols]}} of formulas without value.
        Every part but the worksheets comes first, then the worksheets largest first, and
        `on_sheet(name, its formulas without value)` hears of each worksheet as soon as it
        passed: from then on that sheet can be read (see upload_parsing)."""
        head = self.handle.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an encrypted .xlsx or an old .xls
            raise WorkbookRefused("lezer.versleuteld_of_xls")
        if not head.startswith(b"PK\x03\x04"):
            raise WorkbookRefused("lezer.geen_xlsx")
        try:
            self.handle.seek(0)
            infos = zipfile.ZipFile(self.handle).infolist()  # the central directory only
            if len(infos) > MAX_MEMBERS:
                values = {"aantal": len(infos), "limiet": MAX_MEMBERS}
                raise WorkbookRefused("lezer.te_veel_onderdelen", values)
            parts = {info.filename.lower(): info for info in infos}  # calamine ignores case
            if len(parts) != len(infos):
                raise _damaged("a part name occurs twice")
            if _WORKBOOK not in parts:
                raise WorkbookRefused("lezer.geen_xlsx")
            if sum(info.file_size for info in infos) > self.max_unpacked:
                raise _unpacked_too_big(self.max_unpacked)
            workbook = b"".join(self._xml(parts.pop(_WORKBOOK)))
            rels = b"".join(self._xml(parts.pop(_RELS))) if _RELS in parts else b""
            sheets = _sheet_parts(workbook, rels)
            worksheet = "xl/worksheets/"  # the only place calamine reads cells
            self.sizes = {
                sheets.get(name, info.filename): info.file_size
                for name, info in parts.items()
                if name.startswith(worksheet)
            }
            order = sorted(
                parts.items(), key=lambda item: (item[0].startswith(worksheet), -item[1].file_size)
            )
            missing: dict[str, dict[int, list[int]]] = {}
            for name, info in order:
                if name.startswith(worksheet):
                    area = self._worksheet(info)
                    sheet = sheets.get(name, info.filename)
                    if area.cells() > self.max_cells:
                        raise _area_too_big(sheet, area, self.max_cells)
                    for row, col in area.missing:
                        missing.setdefault(sheet, {}).setdefault(row, []).append(col)
                    if on_sheet is not None:
                        on_sheet(sheet, missing.get(sheet, {}))
                elif name.endswith((".xml", ".rels")):
                    for _ in self._xml(info, name in ("xl/sharedstrings.xml", "xl/styles.xml")):
                        pass
                else:
                    for _ in self._inflate(info):
                        pass
            return missing
        except WorkbookRefused:
            raise
        except Exception as exc:  # zipfile, zlib, struct: a truncated or corrupt zip
            raise _damaged(repr(exc)) from None

    def _inflate(self, info: zipfile.ZipInfo, count: bool = True) -> Iterator[bytes]:
        """The part's bytes, inflated here from the raw data: declared sizes are not trusted."""
        if info.flag_bits & 1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise _damaged(f"{info.filename}: encrypted, or compressed in an unusual way")
        self.handle.seek(info.header_offset)
        local = self.handle.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _damaged(f"{info.filename}: no local header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        self.handle.seek(info.header_offset + 30 + name_len + extra_len)
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, crc, size = info.compress_size, 0, 0
        while True:
            if inflater is not None and inflater.unconsumed_tail:
                raw = inflater.unconsumed_tail
            elif left > 0 and (raw := self.handle.read(min(CHUNK, left))):
                left -= len(raw)
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
            raise _damaged(f"{info.filename}: truncated, or CRC or size wrong")

    def _xml(self, info: zipfile.ZipInfo, parsed: bool = True) -> Iterator[bytes]:
        """As _inflate, refusing DOCTYPE/ENTITY (also across chunk edges), and UTF-16 in a part
        that calamine or defusedxml parses: there the byte patterns would not see a thing."""
        tail = b""
        for out in self._inflate(info):
            if parsed and not tail and (out[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in out[:4]):
                raise _damaged(f"{info.filename}: not UTF-8")
            if _FORBIDDEN.search(out) or _FORBIDDEN.search(tail + out[:16]):
                raise WorkbookRefused("lezer.verboden_xml", {"onderdeel": info.filename})
            tail = out[-16:] if len(out) >= 16 else (tail + out)[-16:]
            yield out

    def _worksheet(self, info: zipfile.ZipInfo) -> _Area:
        """The used area by the cheapest scan that can tell; only the first pass counts bytes."""
        area = _coarse(_regions(self._xml(info)), _coarse_pattern(self.max_cells))
        area = area or _precise(_regions(self._inflate(info, count=False)))
        return area or _slow(_regions(self._inflate(info, count=False)), self.max_cells)


def _regions(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut so that no tag is split, and cells are kept whole where possible."""
    carry = b""
    for out in chunks:
        buf = carry + out
        cut = buf.rfind(b"<c ")
        if cut < 0 or cut < len(buf) - _CARRY_SOFT:
            cut = buf.rfind(b"<")
            cut = len(buf) if cut < 0 or buf.find(b">", cut) >= 0 else cut  # tag complete?
        if cut == 0 and len(buf) > _CARRY_HARD:
            raise _damaged("an XML tag of megabytes")
        region, carry = buf[:cut], buf[cut:]
        if region:
            yield region
    if carry:
        yield carry


@cache
def _coarse_pattern(max_cells: int) -> re.Pattern[bytes] | None:
    """Finds a <c that is not a canonical cell in rows < 10**k and columns A..X, where
    (10**k - 1) * X <= max_cells. When it finds nothing the area is small enough."""
    for digits in range(7, 0, -1):
        cols = min(26, max_cells // (10**digits - 1))
        if cols >= 16 or (digits == 1 and cols >= 1):
            cell = rb'r="[A-%c]\d{1,%d}"' % (64 + cols, digits)
            return re.compile(rb"<c(?! " + cell + _CANONICAL_REST + rb"|[\w.-])")
    return None


def _coarse(regions: Iterator[bytes], pattern: re.Pattern[bytes] | None) -> _Area | None:
    area, ok = _Area(), pattern is not None
    for region in regions:  # to the end: this pass also counts bytes and looks for DOCTYPE
        ok = ok and not pattern.search(region) and not _prefixed(region)  # type: ignore[union-attr]
        if ok:
            _formulas(region, area)
    return area if ok else None


def _precise(regions: Iterator[bytes]) -> _Area | None:
    """The exact area when every cell is written <c r="A1" ...>, else None."""
    area = _Area()
    for region in regions:
        cells = _CELL.findall(region)
        count = region.count(b"<c")
        if count != len(cells) and count - len(_NONCELL.findall(region)) != len(cells):
            return None  # a cell without r, with r not first, with odd quoting, or <c:c>
        if _prefixed(region):
            return None
        if cells:
            letters, digits, rests = zip(*cells, strict=True)
            if not all(_ATTRS_NO_R.fullmatch(rest) for rest in set(rests)):
                return None
            cols, rows = [_col(x) for x in set(letters)], [int(x) for x in set(digits)]
            area.add(min(rows) - 1, max(rows) - 1, min(cols), max(cols))
        _formulas(region, area)
    return area


def _slow(regions: Iterator[bytes], max_cells: int) -> _Area:
    """Exact for any way of writing cells. As calamine: <row r> sets the row, </row> goes to the
    next row and column A, a cell without r takes the next column, the last r attribute wins."""
    area, row, col, cell, v_open = _Area(), 0, 0, None, None
    formula = value = text = False
    for region in regions:
        tags, v_open = 0, None
        for tag in _TAG.finditer(region):
            tags += 1
            closing, name, attrs, empty = tag.groups()
            if name == b"row" and not closing:
                values = [v for k, v in _attrs(attrs) if k == b"r"]
                if values and (len(values) > 1 or not values[-1].isdigit()):
                    raise _damaged(f"row r={values!r}")  # calamine takes the first, cells the last
                row, col = (int(values[-1]) - 1 if values else row), 0
            if name == b"row" and (closing or empty):
                row, col = row + 1, 0
            elif name == b"c" and not closing:
                attributes, pos = _attrs(attrs), (row, col)
                for key, val in attributes:
                    if key == b"r":
                        if not (ref := _REF.fullmatch(val)):
                            raise _damaged(f"cell r={val!r}")
                        pos = (int(ref[2]) - 1, _col(ref[1]))
                        area.add(pos[0], pos[0], pos[1], pos[1])
                area.add(pos[0], pos[0], pos[1], pos[1])
                col, cell, formula, value = pos[1] + 1, None if empty else pos, False, False
                text = (b"t", b"str") in attributes
            elif name == b"c":
                if cell and formula and not value and not text:
                    area.missing.add(cell)
                cell = None
            elif name in (b"f", b"is") and not closing:
                formula, value = formula or name == b"f", value or name == b"is"
            elif name == b"v" and not closing:
                v_open = None if empty else tag.end()
            elif name == b"v" and (v_open is None or region[v_open : tag.start()].strip()):
                value = True
        if tags != len(_TAG_START.findall(region)):
            raise _damaged("a malformed cell or row tag")
        if area.cells() > max_cells:
            break  # too big already: no need to read on
    return area


def _prefixed(region: bytes) -> bool:
    return bool(_PREFIX_HINT.search(region) and _PREFIXED.search(region))


def _formulas(region: bytes, area: _Area) -> None:
    if _HAS_FORMULA.search(region):
        for letters, digits, rest in _FORMULA_ONLY.findall(region):
            if not _T_STR.search(rest):  # t="str" with <v></v>: the saved value is ""
                area.missing.add((int(digits) - 1, _col(letters)))


def _attrs(attrs: bytes) -> list[tuple[bytes, bytes]]:
    return [(m[1], m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(attrs)]


def _sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    """{zip part in lower case: sheet name}, resolved from xl/workbook.xml as calamine does."""
    targets: dict[str, str] = {}
    for el in SafeET.fromstring(rels).iter() if rels else ():
        if el.tag.rsplit("}", 1)[-1] == "Relationship" and el.get("TargetMode") != "External":
            path = el.get("Target", "")
            path = path[1:] if path.startswith("/xl/") else path
            targets[el.get("Id", "")] = (path if path.startswith("xl/") else "xl/" + path).lower()
    parts: dict[str, str] = {}
    for el in SafeET.fromstring(workbook).iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
            if rid in targets:
                parts[targets[rid]] = el.get("name", "")
    return parts


def _col(letters: bytes) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + char - 64
    return index - 1


def _cell_ref(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _damaged(detail: str) -> WorkbookRefused:
    return WorkbookRefused("lezer.beschadigd", detail=detail)


def _too_big(size: int, limit: int) -> WorkbookRefused:
    return WorkbookRefused("lezer.te_groot", {"grootte_mb": _mb(size), "limiet_mb": _mb(limit)})


def _unpacked_too_big(limit: int) -> WorkbookRefused:
    return WorkbookRefused("lezer.te_groot_uitgepakt", {"limiet_mb": _mb(limit)})


def _area_too_big(sheet: str, area: _Area, limit: int) -> WorkbookRefused:
    r0, r1, c0, c1 = area.box
    values = {"blad": sheet, "van": _cell_ref(r0, c0), "tot": _cell_ref(r1, c1)}
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
