"""Turning one workbook cell into a typed value (CONTRACT.md section 2, "Accepted forms").

Each parser takes a non-empty raw cell as python-calamine hands it out (str, float, int, bool,
date, datetime, or a sentinel of `sheet_reading`: a formula without a saved value, an Excel
error) and returns the typed value or raises CellError. This is the one definition of what a
cell means: `column_typing` takes a column's common valid forms in bulk and asks these
parsers about everything else, once per distinct cell (`CellParser` memoises), which also
words the errors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from wisselaar.formatting import format_eur, format_number_plain
from wisselaar.issues import CellError
from wisselaar.schema import YEAR_RANGE, Column, Kind
from wisselaar.sheet_reading import FORMULA_WITHOUT_VALUE, ExcelError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")  # DECIMAL(18,2)
INT32 = (-(2**31), 2**31 - 1)
# Characters a person cannot see in a cell: format characters (zero-width space, BOM, soft
# hyphen, direction marks), controls, separators, private use, and the blank letters.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cs", "Cn", "Zl", "Zp"}
_INVISIBLE_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
_CENT_TOLERANCE = 1e-4  # 0.000001 euro, in cents: absorbs Excel's 0.30000000000000004
_WHOLE_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_AMOUNT_BE = re.compile(r"^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")
_NUMBER_DOT = re.compile(r"^(-)?(\d+)\.(\d+)$")
_DATE_BE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
MAX_DISTINCT_CACHED = 100_000


def display(raw: object) -> str:
    """A raw cell as a person would read it back in a message; invisible characters are
    shown as their code (`W22-03<U+200B>`)."""
    if raw is FORMULA_WITHOUT_VALUE:
        return "=…"
    if isinstance(raw, ExcelError):
        return str(raw)
    if isinstance(raw, str):
        return "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in raw)
    if isinstance(raw, bool):
        return "WAAR" if raw else "ONWAAR"
    if isinstance(raw, float):
        return format_number_plain(raw)
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return str(raw)


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _INVISIBLE_LETTERS


def check_visible(text: str) -> None:
    """Refuses a value with a character no one can see: 'W22-03' would not be found."""
    if text.isascii() and text.isprintable():
        return
    for position, char in enumerate(text.strip(), 1):
        if _invisible(char):
            name = unicodedata.name(char, "").lower() or unicodedata.category(char)
            raise CellError(
                "waarde.onzichtbaar", teken=f"U+{ord(char):04X} ({name})", positie=position
            )


def _finite(raw: float) -> None:
    if not math.isfinite(raw):
        raise CellError("waarde.niet_eindig")


def parse_text(raw: object) -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        raise CellError("waarde.tekst")
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, dt.datetime | dt.date):
        return display(raw)
    return str(raw)


def parse_whole(raw: object) -> int:
    if isinstance(raw, bool):
        raise CellError("waarde.geheel_getal")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        _finite(raw)
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _WHOLE_TEXT.match(raw.strip()):
        return int(re.split(r"[.,]", raw.strip())[0])
    raise CellError("waarde.geheel_getal")


def parse_number(raw: object) -> float:
    if isinstance(raw, bool):
        raise CellError("waarde.getal")
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        text = _SPACES.sub("", raw)
        if match := _AMOUNT_BE.match(text):
            sign, whole, fraction = match.groups()
            number = float(f"{sign or ''}{whole.replace('.', '')}.{fraction or '0'}")
        elif _NUMBER_DOT.match(text):
            number = float(text)
        else:
            raise CellError("waarde.getal")
    else:
        raise CellError("waarde.getal")
    _finite(number)
    return number


def parse_amount(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise CellError("waarde.bedrag")
    if isinstance(raw, int):
        return _within(Decimal(raw).quantize(CENT))
    if isinstance(raw, float):
        _finite(raw)
        if abs(raw) > MAX_AMOUNT:
            raise _too_large()
        cents = round(raw * 100)
        if abs(raw * 100 - cents) > _CENT_TOLERANCE:
            raise CellError("waarde.bedrag_decimalen")
        return _within((Decimal(cents) / 100).quantize(CENT))
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        for symbol in ("€", "EUR", "eur"):
            text = text.removeprefix(symbol).removesuffix(symbol)
        match = _AMOUNT_BE.match(text)
        if match:
            sign, whole, fraction = match.groups()
            if fraction is not None and len(fraction) > 2:
                raise CellError("waarde.bedrag_decimalen")
            value = Decimal(f"{sign or ''}{whole.replace('.', '')}.{fraction or '0'}")
            return _within(value.quantize(CENT))
    raise CellError("waarde.bedrag")


def _within(amount: Decimal) -> Decimal:
    if abs(amount) > MAX_AMOUNT:
        raise _too_large()
    return amount


def _too_large() -> CellError:
    return CellError("waarde.bedrag_te_groot", max=format_eur(MAX_AMOUNT))


def parse_date(raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise CellError("waarde.datum_getal")
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if match := _DATE_BE.match(text):
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
            if match := _DATE_ISO.match(text):
                year, month, day = (int(g) for g in match.groups())
                return dt.date(year, month, day)
        except ValueError:
            pass
    raise CellError("waarde.datum")


def parse_gemeente(raw: object) -> str:
    """Normalises the cell only; resolution needs the reference date (see validation)."""
    if isinstance(raw, bool | dt.date):
        raise CellError("waarde.gemeente")
    if isinstance(raw, float):
        if not raw.is_integer():  # also NaN and infinity
            raise CellError("waarde.gemeente")
        return str(int(raw))
    return str(raw).strip()


def _choice_parser(column: Column) -> Callable[[object], str]:
    allowed = column.choice_by_key
    from wisselaar.normalize import match_key

    def parse(raw: object) -> str:
        if isinstance(raw, str):
            choice = allowed.get(match_key(raw))
            if choice is not None:
                return choice
        raise CellError("waarde.keuze", keuzes=", ".join(column.choices))

    return parse


def _scalar_parser(column: Column) -> Callable[[object], Any]:
    kind = column.kind
    if kind is Kind.CHOICE:
        return _choice_parser(column)
    if kind is Kind.YEAR:
        low, high = YEAR_RANGE

        def parse_year(raw: object) -> int:
            try:
                year = parse_whole(raw)
            except CellError:
                raise CellError("waarde.jaar", min=low, max=high) from None
            if not low <= year <= high:
                raise CellError("waarde.jaar", min=low, max=high)
            return year

        return parse_year
    simple: dict[Kind, Callable[[object], Any]] = {
        Kind.TEXT: parse_text,
        Kind.INTEGER: _parse_int32,
        Kind.NUMBER: parse_number,
        Kind.AMOUNT: parse_amount,
        Kind.DATE: parse_date,
        Kind.GEMEENTE: parse_gemeente,
        Kind.BEGUNSTIGDE: parse_gemeente,
    }
    return simple[kind]


def _parse_int32(raw: object) -> int:
    number = parse_whole(raw)
    if not INT32[0] <= number <= INT32[1]:
        raise CellError(
            "waarde.hoogstens" if number > 0 else "waarde.minstens", max=INT32[1], min=INT32[0]
        )
    return number


def _check_range(column: Column, value: Any) -> None:
    low, high = column.minimum, column.maximum
    if low is not None:
        if column.exclusive_minimum and not value > low:
            raise CellError("waarde.groter_dan", min=format_number_plain(low))
        if not value >= low:
            raise CellError("waarde.minstens", min=format_number_plain(low))
    if high is not None and not value <= high:
        raise CellError("waarde.hoogstens", max=format_number_plain(high))


class CellParser:
    """Parses the cells of one column: scalar or `;`-list, with range checks and a memo."""

    def __init__(self, column: Column, memo: bool = True) -> None:
        self.column = column
        self._scalar = _scalar_parser(column)
        self._memo: dict[tuple[type, object], Any] = {}
        self._remember = memo  # off when the caller already parses each distinct cell once
        self._ranged = column.minimum is not None or column.maximum is not None
        self._visible = not column.free_text  # an ID or code must be what it looks like

    def item(self, raw: object) -> Any:
        """One item of a list cell (or a whole scalar cell), without the memo."""
        return self._one(raw)

    def _one(self, raw: object) -> Any:
        if raw is FORMULA_WITHOUT_VALUE:
            raise CellError("waarde.formule")
        if isinstance(raw, ExcelError):
            raise CellError("waarde.excel_fout", fout=str(raw))
        if self._visible and isinstance(raw, str):
            check_visible(raw)
        value = self._scalar(raw)
        if self._ranged:
            _check_range(self.column, value)
        return value

    def _compute(self, raw: object) -> Any:
        if not self.column.is_list or raw is FORMULA_WITHOUT_VALUE or isinstance(raw, ExcelError):
            return self._one(raw)
        items = raw.split(";") if isinstance(raw, str) else [raw]
        values: list[Any] = []
        for item in items:
            if is_empty(item):
                continue
            try:
                value = self._one(item.strip() if isinstance(item, str) else item)
            except CellError as error:
                error.values.setdefault("item", display(item).strip())
                raise
            if value not in values:
                values.append(value)
        if not values:
            if not self.column.required:
                return None  # only separators: with its empty items dropped, an empty cell
            raise CellError("waarde.lijst_leeg")
        return values

    def __call__(self, raw: object) -> Any:
        """The typed value of a non-empty cell (None: an optional list of only `;`); raises
        CellError."""
        if not self._remember:
            return self._compute(raw)
        memo_key = (type(raw), raw)
        try:
            hit = self._memo[memo_key]
        except KeyError:
            try:
                hit = self._compute(raw)
            except CellError as error:
                hit = error
            except TypeError:  # unhashable never happens for cells, but stay safe
                return self._compute(raw)
            if len(self._memo) < MAX_DISTINCT_CACHED:
                self._memo[memo_key] = hit
        if isinstance(hit, CellError):
            raise CellError(hit.key, **hit.values)
        return list(hit) if isinstance(hit, list) else hit
