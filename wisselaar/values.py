"""Turning one workbook cell into a typed value (CONTRACT.md section 2, "Accepted forms").

Each parser takes a non-empty raw cell as the reader hands it out (str, float, int, bool,
date, datetime or the formula sentinel) and returns the typed value or raises CellError.
`CellParser` memoises per column: a column holds few distinct values (statuses, years,
municipalities), which keeps validation of 300,000 rows within the import budget.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from wisselaar.formatting import format_number_plain
from wisselaar.issues import CellError
from wisselaar.schema import YEAR_RANGE, Column, Kind
from wisselaar.xlsx_reader import FORMULA_WITHOUT_VALUE

CENT = Decimal("0.01")
_CENT_TOLERANCE = 1e-4  # 0.000001 euro, in cents: absorbs Excel's 0.30000000000000004
_WHOLE_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_AMOUNT_BE = re.compile(r"^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")
_NUMBER_DOT = re.compile(r"^(-)?(\d+)\.(\d+)$")
_DATE_BE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
MAX_DISTINCT_CACHED = 100_000


def display(raw: object) -> str:
    """A raw cell as a person would read it back in a message."""
    if raw is FORMULA_WITHOUT_VALUE:
        return "=…"
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
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _WHOLE_TEXT.match(raw.strip()):
        return int(re.split(r"[.,]", raw.strip())[0])
    raise CellError("waarde.geheel_getal")


def parse_number(raw: object) -> float:
    if isinstance(raw, bool):
        raise CellError("waarde.getal")
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        match = _AMOUNT_BE.match(text)
        if match:
            sign, whole, fraction = match.groups()
            return float(f"{sign or ''}{whole.replace('.', '')}.{fraction or '0'}")
        match = _NUMBER_DOT.match(text)
        if match:
            return float(text)
    raise CellError("waarde.getal")


def parse_amount(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise CellError("waarde.bedrag")
    if isinstance(raw, int):
        return Decimal(raw).quantize(CENT)
    if isinstance(raw, float):
        cents = round(raw * 100)
        if abs(raw * 100 - cents) > _CENT_TOLERANCE:
            raise CellError("waarde.bedrag_decimalen")
        return (Decimal(cents) / 100).quantize(CENT)
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
            return value.quantize(CENT)
    raise CellError("waarde.bedrag")


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
        if not raw.is_integer():
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
        Kind.INTEGER: parse_whole,
        Kind.NUMBER: parse_number,
        Kind.AMOUNT: parse_amount,
        Kind.DATE: parse_date,
        Kind.GEMEENTE: parse_gemeente,
        Kind.BEGUNSTIGDE: parse_gemeente,
    }
    return simple[kind]


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

    def _one(self, raw: object) -> Any:
        if raw is FORMULA_WITHOUT_VALUE:
            raise CellError("waarde.formule")
        value = self._scalar(raw)
        if self._ranged:
            _check_range(self.column, value)
        return value

    def _compute(self, raw: object) -> Any:
        if not self.column.is_list:
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
