"""Errors and warnings about an upload, each pinned to a place in the workbook.

An Issue keeps the catalogue key and its values rather than a finished sentence, so the same
finding can be shown in Dutch or English, listed as a table (sheet, row, column, value,
message) and stored with a version. Whatever a file brings in is bounded here: a long value
is shortened (its length is told), an upload lists only its first errors and counts the rest
per sheet and column, and many warnings of one kind become one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from wisselaar.i18n import t

MAX_SHOWN = 60  # characters of a value shown in a message
MAX_SAME = 10  # warnings of one kind listed one by one; more become one warning
_DATA_VALUES = ("kolom", "naam", "ander", "waarde", "traject")  # values that come from the file


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def count_text(number: int, lang: str) -> str:
    """1.234 in Dutch, 1,234 in English."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "nl" else text


Quote = Callable[[object], str]  # a value made text for where it is shown (str: as it is)


@dataclass(frozen=True)
class Issue:
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    # A finding whose wording is owned elsewhere (e.g. municipalities) renders itself:
    # render(lang, quote), like `message`.
    render: Callable[[str, Quote], str] | None = field(default=None, compare=False, repr=False)
    length: int | None = None  # characters of the value, when it was shortened

    def __post_init__(self) -> None:
        if self.value is not None and len(self.value) > MAX_SHOWN:
            object.__setattr__(self, "length", len(self.value))
            object.__setattr__(self, "value", shorten(self.value))
        if self.sheet is not None and len(self.sheet) > MAX_SHOWN:
            object.__setattr__(self, "sheet", shorten(self.sheet))
        if any(isinstance(self.values.get(k), str) for k in _DATA_VALUES):
            values = {k: shorten(v) if k in _DATA_VALUES and isinstance(v, str) else v
                      for k, v in self.values.items()}  # fmt: skip
            object.__setattr__(self, "values", values)

    def message(self, lang: str = "nl", quote: Quote = str) -> str:
        """What is wrong and what would be right, without the location. `quote` turns each
        value into text for where it is shown (ui/text.md for Markdown): a value comes from
        the file, the catalogue's wording around it stays as written."""
        if self.render is not None:
            return self.render(lang, quote)
        # A value may itself depend on the language (e.g. "rij 12 (versie 3)"): a callable.
        values = {k: quote(v(lang) if callable(v) else v) for k, v in self.values.items()}
        return t(self.key, lang, **values)

    def shown(self, lang: str = "nl", quote: Quote = str) -> str:
        """The value as shown: shortened ones say how long they are."""
        if self.length is None:
            return quote(self.value or "")
        lengte = count_text(self.length, lang)
        return t("fout.waarde_lang", lang, waarde=quote(self.value), lengte=lengte)

    def text(self, lang: str = "nl", quote: Quote = str) -> str:
        """The full line: location, value and message (`quote` as for `message`)."""
        melding = self.message(lang, quote)
        if self.sheet is None:
            return melding
        blad = quote(self.sheet)
        if self.row is None:
            return t("fout.blad", lang, blad=blad, melding=melding)
        if self.column is None:
            return t("fout.rij", lang, blad=blad, rij=self.row, melding=melding)
        place = {"blad": blad, "rij": self.row, "kolom": quote(self.column), "melding": melding}
        if self.value in (None, ""):
            return t("fout.cel_leeg", lang, **place)
        return t("fout.cel", lang, waarde=self.shown(lang, quote), **place)

    def as_record(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "blad": self.sheet or "",
            "rij": self.row,
            "kolom": self.column or "",
            "waarde": self.shown(lang),
            "melding": self.message(lang),
        }


class IssueList(list[Issue]):
    """The errors of one upload: the first `limit` are kept, every one is counted; those not
    kept are counted per (sheet, column) in `omitted`."""

    def __init__(self, limit: int | None = None, issues: Iterable[Issue] = ()) -> None:
        super().__init__()
        self.limit = limit
        self.omitted: Counter[tuple[str, str]] = Counter()
        self.extend(issues)

    @property
    def room(self) -> int:
        """How many more will be kept."""
        return max(0, self.limit - len(self)) if self.limit is not None else 1 << 62

    @property
    def total(self) -> int:
        return len(self) + sum(self.omitted.values())

    def append(self, issue: Issue) -> None:
        if self.room:
            super().append(issue)
        else:
            self.omitted[(issue.sheet or "", issue.column or "")] += 1

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.append(issue)

    def absorb(self, other: IssueList) -> None:
        """Another list's errors after these (e.g. one sheet's), its counts included."""
        self.extend(other)
        self.omitted.update(other.omitted)

    def tally(self, sheet: str, column: str, number: int) -> None:
        """`number` errors in (sheet, column) that were found but not worded."""
        if number > 0:
            self.omitted[(sheet, column)] += number

    def summary(self, lang: str = "nl") -> list[str]:
        """One line per (sheet, column) of the errors not listed."""
        lines = []
        for (sheet, column), number in self.omitted.items():  # in the order found
            aantal = count_text(number, lang)
            if column:
                lines.append(t("fout.meer_in_kolom", lang, blad=sheet, kolom=column, aantal=aantal))
            else:
                lines.append(t("fout.meer_in_blad", lang, blad=sheet, aantal=aantal))
        return lines


def collapsed(issues: list[Issue], key: str, name: str) -> list[Issue]:
    """The issues (of one kind, one sheet) as they are, or, past MAX_SAME, one issue `key`
    with their number and the first of their values `name`."""
    if len(issues) <= MAX_SAME:
        return issues
    names = ", ".join(f"'{shorten(str(i.values[name]), 30)}'" for i in issues[:MAX_SAME])
    number = len(issues)
    values = {"aantal": lambda lang: count_text(number, lang), "namen": names}
    return [Issue(key, values, sheet=issues[0].sheet)]


def collapse_in_place(issues: list[Issue], key: str, many_key: str, name: str) -> None:
    """Past MAX_SAME issues of kind `key`, one issue `many_key` takes their place (that of
    the first), with their number and their first values `name`; other kinds stay put."""
    same = [i for i in issues if i.key == key]
    if len(same) <= MAX_SAME:
        return
    first = issues.index(same[0])
    issues[:] = [i for i in issues if i.key != key]
    issues[first:first] = collapsed(same, many_key, name)


class CellError(Exception):
    """A cell value that does not fit its column; caught and turned into an Issue."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
