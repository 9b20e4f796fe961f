"""One worksheet part, scanned before any reader parses it (see xlsx_reader).

The readers (calamine, inside fastexcel and python-calamine) hold a sheet's used area densely
and pad it to row 1 in Arrow: one value in XFD1048576 would make them allocate terabytes. So
the area is measured here first, by the cheapest scan that can tell. The same pass notes what
the readers get wrong or cannot say: formula cells without a saved value (read as empty),
Excel error cells such as #REF! (read as empty), TRUE/FALSE cells (merged into numbers),
hidden rows, an autofilter, the shared strings the cells refer to (a 78 KB file can make
a reader copy one 32,767-character string into every cell) and the text written in the cells
themselves (inline strings: a 669 KB file can unpack to 450 MB of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy as np

CARRY_SOFT, CARRY_HARD = 1 << 18, 1 << 22  # bytes kept between chunks of a worksheet

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
_ERROR_CELL = re.compile(
    rb"""<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?\st\s*=\s*["']e["'][^>]*(?<!/)>"""
    rb"(?:(?!</c>)[\s\S])*?<v\s*>([^<]*)</v>"
)
_SHARED_CELL = re.compile(rb"""\st\s*=\s*["']s["'][^>]*(?<!/)>\s*<v\s*>\s*(\d+)\s*</v>""")
_INLINE = re.compile(rb"<is\s*>([\s\S]*?)</is\s*>")  # an inline string's text (and its tags)
_SHARED_CANONICAL = re.compile(rb't="s"(?: [^>]*)?(?<!/)><v>(\d+)</v>')  # literal start: fast
_ROW_TAG = re.compile(rb"<(?:[^\s<>/:!?]+:)?row(\s[^>]*)?>")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,7})["']""")
# Any other way of writing cells: prefixes, attribute order, quoting, cells without r.
_TAG = re.compile(rb"<(/?)(?:[^\s<>/:!?]+:)?(row|c|f|v|is)(" + _ATTRS + rb")\s*(/?)>")
_TAG_START = re.compile(rb"</?(?:[^\s<>/:!?]+:)?(?:row|c|f|v|is)[\s/>]")
_ATTR = re.compile(rb"""([^\s=<>/"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_REF = re.compile(rb"([A-Za-z]{1,3})(\d{1,7})")


class Damaged(Exception):
    """The part cannot be a sound worksheet; `str(error)` says why (for the log)."""


class TooMuchText(Exception):
    """The cells hold more text than the scan was allowed: it stops there (see scan)."""

    def __init__(self, shared: int, inline: int):
        super().__init__(f"{shared} bytes of shared and {inline} of inline text")
        self.shared, self.inline = shared, inline


@dataclass
class Scan:
    """What one worksheet part holds, 0-based (row, column) positions throughout."""

    # rows lo..hi, columns lo..hi of the used area; of a box holding it, for the quick scan
    box: tuple[int, int, int, int] = (1 << 30, -1, 1 << 30, -1)
    missing: set[tuple[int, int]] = field(default_factory=set)  # formulas without a value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # "#REF!", "#N/A", ...
    booleans: bool = False  # it holds TRUE/FALSE cells
    hidden_rows: set[int] = field(default_factory=set)
    filtered: bool = False  # it has an autofilter
    shared_text: int = 0  # bytes of the shared strings its cells refer to (when counted)
    inline_text: int = 0  # bytes of the inline strings written in its cells (an upper bound)
    text_limit: int = 1 << 62  # bytes of text (shared and inline) past which the scan stops
    count_inline: bool = True  # False where the part is too small to pass the limit with them

    def add(self, row_lo: int, row_hi: int, col_lo: int, col_hi: int) -> None:
        r0, r1, c0, c1 = self.box
        self.box = (min(r0, row_lo), max(r1, row_hi), min(c0, col_lo), max(col_hi, c1))

    def count_text(self, shared: int = 0, inline: int = 0) -> None:
        self.shared_text, self.inline_text = self.shared_text + shared, self.inline_text + inline
        if self.shared_text + self.inline_text > self.text_limit:
            raise TooMuchText(
                self.shared_text, self.inline_text
            )  # no need to read 450 MB of a file that is refused anyway

    def cells(self) -> int:
        """Cells a reader holds: from row 1 (fastexcel pads to it) to the last used row, times
        the used columns."""
        _, r1, c0, c1 = self.box
        return (r1 + 1) * (c1 - c0 + 1) if r1 >= 0 else 0


def scan(
    chunks: Iterator[bytes],
    again: Callable[[], Iterator[bytes]],
    max_cells: int,
    shared: list[int] | None = None,
    text_limit: int = 1 << 62,
    count_inline: bool = True,
    passed: Passed | None = None,
) -> Scan:
    """The cheapest scan that can tell. Only the first pass, over `chunks`, counts and checks
    bytes (see xlsx_reader); `again()` inflates the part anew for an exact pass if needed.
    `shared` holds the length of every shared string when their use must be counted; past
    `text_limit` bytes of text in its cells TooMuchText is raised; inline strings are counted
    only with `count_inline` (they cannot be more than the part's own bytes). `passed` is
    handed each region of the first pass once it passed, with the columns its cells are
    proven to lie in, and None when the first pass gave up (what it was handed is void)."""
    new = lambda: Scan(text_limit=text_limit, count_inline=count_inline)  # noqa: E731
    found = _coarse(_regions(chunks), _coarse_patterns(max_cells), shared, new(), passed)
    found = found or _precise(_regions(again()), shared, new())
    return found or _slow(_regions(again()), max_cells, shared, new())


def _regions(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut so that no tag is split, and cells are kept whole where possible."""
    carry = b""
    for out in chunks:
        buf = carry + out
        cut = buf.rfind(b"<c ")
        if cut < 0 or cut < len(buf) - CARRY_SOFT:
            cut = buf.rfind(b"<")
            cut = len(buf) if cut < 0 or buf.find(b">", cut) >= 0 else cut  # tag complete?
        if cut == 0 and len(buf) > CARRY_HARD:
            raise Damaged("an XML tag of megabytes")
        region, carry = buf[:cut], buf[cut:]
        if region:
            yield region
    if carry:
        yield carry


def _at_most(limit: int) -> bytes:
    """A regex for the whole numbers 1..limit written without leading zeros."""
    text = str(limit)
    parts = [rb"[1-9]\d{0,%d}" % (len(text) - 2)] if len(text) > 1 else []
    for i, digit in enumerate(text):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(text) - i - 1
            parts.append(text[:i].encode() + b"[%d-%d]" % (low, int(digit) - 1) + rb"\d" * rest)
    parts.append(text.encode())
    return b"(?:" + b"|".join(parts) + b")"


Box = tuple[re.Pattern[bytes], int, int]  # a pattern, and the columns and rows it allows
# Told each checked region, what the scan found so far and the columns (from A) its cells lie
# in; None: the regions told so far are void.
Passed = Callable[[bytes | None, Scan, int], None]


@cache
def _coarse_patterns(max_cells: int) -> tuple[Box, ...]:
    """Patterns that find a <c that is not a canonical cell inside a box of at most
    `max_cells` from row 1: a narrow box (columns A..J or fewer, rows below 1,000,000) and a
    wide one (columns A..Z, as many rows as fit). When one finds nothing the area is small."""
    found = []
    for cols, rows in ((min(26, max_cells // 999_999), 999_999), (26, max_cells // 26)):
        if cols >= 8 and rows >= 1000:
            letters = rb"[A-%c]" % (64 + cols)
            numbers = rb"\d{1,6}" if rows == 999_999 else _at_most(rows)
            cell = rb'r="' + letters + numbers + rb'"'
            pattern = re.compile(rb"<c(?! " + cell + _CANONICAL_REST + rb"|[\w.-])")
            found.append((pattern, cols, rows))
    return tuple(found)


def _coarse(
    regions: Iterator[bytes],
    patterns: tuple[Box, ...],
    shared: list[int] | None,
    area: Scan,
    passed: Passed | None = None,
) -> Scan | None:
    """The first pattern that holds for the first region is kept for the rest; the box it
    proves stands for the used area."""
    chosen = None
    for index, region in enumerate(regions):  # to the end: the caller counts and checks bytes
        if index == 0:
            chosen = next((box for box in patterns if not box[0].search(region)), None)
        elif chosen is not None and chosen[0].search(region):
            chosen = None
        if chosen is not None and _prefixed(region):
            chosen = None
        if chosen is not None:
            _facts(region, area, shared)
            if passed is not None:
                passed(region, area, chosen[1])
        elif passed is not None:
            passed(None, area, 0)
            passed = None
    if chosen is None:
        return None
    area.box = (0, chosen[2] - 1, 0, chosen[1] - 1)
    return area


def _precise(regions: Iterator[bytes], shared: list[int] | None, area: Scan) -> Scan | None:
    """The exact area when every cell is written <c r="A1" ...>, else None."""
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
        _facts(region, area, shared, _SHARED_CELL)
    return area


def _facts(
    region: bytes, area: Scan, shared: list[int] | None, refs: re.Pattern[bytes] = _SHARED_CANONICAL
) -> None:
    """The per-cell facts of a region whose cells are all written <c r="A1" ...>: the coarse
    pass has seen that their attributes are written t="..", the exact pass looks wider."""
    exact = refs is _SHARED_CELL
    if _HAS_FORMULA.search(region):
        for letters, digits, rest in _FORMULA_ONLY.findall(region):
            if not _T_STR.search(rest):  # t="str" with <v></v>: the saved value is ""
                area.missing.add((int(digits) - 1, _col(letters)))
    if b't="e"' in region or (exact and (b"'e'" in region or b'"e"' in region)):
        for letters, digits, value in _ERROR_CELL.findall(region):
            area.errors[(int(digits) - 1, _col(letters))] = _error_text(value)
    if b't="b"' in region or (exact and (b"'b'" in region or b'"b"' in region)):
        area.booleans = True
    if area.count_inline and b"<is" in region:
        area.count_text(inline=_inline_text(region))
    if shared is not None:
        area.count_text(shared=sum(_shared_length(shared, i) for i in refs.findall(region)))
    if b"hidden" in region:
        for tag in _ROW_TAG.finditer(region):
            attrs = tag[1] or b""
            if _HIDDEN.search(attrs) and (number := _ROW_NUMBER.search(attrs)):
                area.hidden_rows.add(int(number[1]) - 1)
    if area.hidden_rows and b"autoFilter" in region:  # it follows the rows it filters
        area.filtered = True


def _slow(regions: Iterator[bytes], max_cells: int, shared: list[int] | None, area: Scan) -> Scan:
    """Exact for any way of writing cells. As calamine: <row r> sets the row, </row> goes to the
    next row and column A, a cell without r takes the next column, the last r attribute wins."""
    row, col, cell, kind = 0, 0, None, b""
    formula = value = False
    for region in regions:
        tags, v_open, is_open = 0, None, None
        for tag in _TAG.finditer(region):
            tags += 1
            closing, name, attrs, empty = tag.groups()
            if name == b"row" and not closing:
                values = [v for k, v in _attrs(attrs) if k == b"r"]
                if values and (len(values) > 1 or not values[-1].isdigit()):
                    raise Damaged(f"row r={values!r}")  # calamine takes the first, cells the last
                row, col = (int(values[-1]) - 1 if values else row), 0
                if _HIDDEN.search(attrs):
                    area.hidden_rows.add(row)
            if name == b"row" and (closing or empty):
                row, col = row + 1, 0
            elif name == b"c" and not closing:
                attributes, pos = _attrs(attrs), (row, col)
                for key, val in attributes:
                    if key == b"r":
                        if not (ref := _REF.fullmatch(val)):
                            raise Damaged(f"cell r={val!r}")
                        pos = (int(ref[2]) - 1, _col(ref[1]))
                        area.add(pos[0], pos[0], pos[1], pos[1])
                area.add(pos[0], pos[0], pos[1], pos[1])
                col, cell, formula, value = pos[1] + 1, None if empty else pos, False, False
                kind = next((v for k, v in reversed(attributes) if k == b"t"), b"")
                area.booleans = area.booleans or kind == b"b"
            elif name == b"c":
                if cell and formula and not value and kind != b"str":
                    area.missing.add(cell)
                cell = None
            elif name in (b"f", b"is") and not closing:
                formula, value = formula or name == b"f", value or name == b"is"
                is_open = tag.end() if name == b"is" and not empty else is_open
            elif name == b"is" and area.count_inline:  # </is>; its <is> may be in an earlier region
                area.count_text(inline=tag.start() - (is_open if is_open is not None else 0))
                is_open = None
            elif name == b"v" and not closing:
                v_open = None if empty else tag.end()
            elif name == b"v":  # </v>; its <v> may have been in the region before
                text = None if v_open is None else region[v_open : tag.start()].strip()
                value = value or text is None or bool(text)
                if text and cell and kind == b"e":
                    area.errors[cell] = _error_text(text)
                elif text and kind == b"s" and shared is not None:
                    area.count_text(shared=_shared_length(shared, text))
        if tags != len(_TAG_START.findall(region)):
            raise Damaged("a malformed cell or row tag")
        area.filtered = area.filtered or (bool(area.hidden_rows) and b"autoFilter" in region)
        if area.cells() > max_cells:
            break  # too big already: no need to read on
    return area


def _inline_text(region: bytes) -> int:
    """The bytes between <is> and </is> in the region, as _INLINE finds them. Where every
    inline string is written <is>..</is> and they follow each other, by their positions (NumPy:
    a fifth of the time on 750,000 cells); else by the pattern."""
    a = np.frombuffer(region, np.uint8)
    lt = np.flatnonzero(a[:-4] == 60)  # every "<" with four bytes after it
    b1, b2, b3 = a[lt + 1], a[lt + 2], a[lt + 3]
    opened = lt[(b1 == 105) & (b2 == 115) & (b3 == 62)] + 4  # after "<is>"
    closing = lt[(b1 == 47) & (b2 == 105) & (b3 == 115)]  # "</is"
    closed = closing[a[closing + 4] == 62]  # "</is>"
    n = len(opened)
    canonical = n == len(closed) == region.count(b"<is") == region.count(b"</is")
    if canonical and (n == 0 or not (np.any(closed < opened) or np.any(opened[1:] < closed[:-1]))):
        return int((closed - opened).sum())
    return sum(m.end(1) - m.start(1) for m in _INLINE.finditer(region))


def _shared_length(shared: list[int], index: bytes) -> int:
    try:
        return shared[int(index)]
    except (IndexError, ValueError):
        raise Damaged(f"shared string {index!r} does not exist") from None


def _error_text(value: bytes) -> str:
    return value.strip()[:32].decode("utf-8", "replace")


def _prefixed(region: bytes) -> bool:
    return bool(_PREFIX_HINT.search(region) and _PREFIXED.search(region))


def _attrs(attrs: bytes) -> list[tuple[bytes, bytes]]:
    return [(m[1], m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(attrs)]


def _col(letters: bytes) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + char - 64
    return index - 1


def cell_ref(row: int, col: int) -> str:
    """'A1' for (0, 0)."""
    letters, col = "", col + 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"
