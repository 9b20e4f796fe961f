"""Answer deadlines of written questions.

The Flemish Parliament expects the answer within 20 working days of the question's date. A
working day is Monday to Friday, except the Belgian public holidays (from the maintained
`holidays` library, country BE: the ten national holidays, not the communities' own days) and
the further days off of the setting WISSELAAR_VRIJE_DAGEN (for example 11 July, the Flemish
holiday, or a period in which the term does not run). The due date is the 20th working day
after the question's date; the date itself does not count.

The setting lists days and ranges separated by `;` or `,`: `2025-07-11` (one day), `07-11`
(that day every year), `2025-07-21..2025-08-31` (a range, both ends included) and `07-21..08-31`
(that range every year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import holidays

from wisselaar.i18n import t
from wisselaar.questions import Question
from wisselaar.settings import Settings

TERM_WORKING_DAYS = 20
SOON_WORKING_DAYS = 5  # open questions due within this many working days are marked
OPEN, ANSWERED, LATE = "open", "beantwoord", "te_laat"

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEARLY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
MonthDay = tuple[int, int]


class DaysOffError(ValueError):
    """The setting WISSELAAR_VRIJE_DAGEN holds something that is not a day or a range."""

    def __init__(self, item: str) -> None:
        super().__init__(item)
        self.item = item

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        return t("termijn.vrije_dagen_ongeldig", lang, waarde=quote(self.item))


@dataclass(frozen=True)
class DaysOff:
    """The configured days off besides weekends and Belgian public holidays."""

    ranges: tuple[tuple[dt.date, dt.date], ...] = ()
    yearly: tuple[tuple[MonthDay, MonthDay], ...] = ()  # (month, day) ranges, every year

    @classmethod
    def parse(cls, text: str) -> DaysOff:
        ranges, yearly = [], []
        for item in (part.strip() for part in re.split(r"[;,]", text or "")):
            if not item:
                continue
            first, _, last = (end.strip() for end in item.partition(".."))
            last = last or first
            if _DATE.match(first) and _DATE.match(last):
                start, end = _date(first, item), _date(last, item)
                ranges.append((start, end) if start <= end else (end, start))
            elif _YEARLY.match(first) and _YEARLY.match(last):
                yearly.append((_month_day(first, item), _month_day(last, item)))
            else:
                raise DaysOffError(item)
        return cls(tuple(ranges), tuple(yearly))

    def __contains__(self, day: dt.date) -> bool:
        if any(start <= day <= end for start, end in self.ranges):
            return True
        key = (day.month, day.day)
        for start, end in self.yearly:
            # a yearly range may run over New Year (12-24..01-02)
            if (start <= key <= end) if start <= end else (key >= start or key <= end):
                return True
        return False


NO_DAYS_OFF = DaysOff()


def days_off(settings: Settings) -> DaysOff:
    """The setting WISSELAAR_VRIJE_DAGEN; raises DaysOffError when it holds a wrong item."""
    return DaysOff.parse(settings.vrije_dagen)


def _date(text: str, item: str) -> dt.date:
    try:
        return dt.date.fromisoformat("-".join(f"{int(p):02d}" for p in text.split("-")))
    except ValueError:
        raise DaysOffError(item) from None


def _month_day(text: str, item: str) -> MonthDay:
    month, day = (int(p) for p in _YEARLY.match(text).groups())  # type: ignore[union-attr]
    try:
        dt.date(2024, month, day)  # a leap year: 02-29 is a valid yearly day
    except ValueError:
        raise DaysOffError(item) from None
    return month, day


@cache
def _belgian(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("BE", years=year))


def public_holiday(day: dt.date) -> bool:
    return day in _belgian(day.year)


def is_working_day(day: dt.date, off: DaysOff = NO_DAYS_OFF) -> bool:
    return day.weekday() < 5 and not public_holiday(day) and day not in off


def add_working_days(start: dt.date, count: int, off: DaysOff = NO_DAYS_OFF) -> dt.date:
    """The `count`-th working day after `start` (`start` itself never counts)."""
    day, found = start, 0
    while found < count:
        day += dt.timedelta(days=1)
        found += is_working_day(day, off)
    return day


def due_date(asked: dt.date, off: DaysOff = NO_DAYS_OFF) -> dt.date:
    return add_working_days(asked, TERM_WORKING_DAYS, off)


def working_days_until(today: dt.date, due: dt.date, off: DaysOff = NO_DAYS_OFF) -> int:
    """Working days after `today` up to and including `due` (0 when `due` is not later)."""
    days, count = (due - today).days, 0
    for offset in range(1, max(days, 0) + 1):
        count += is_working_day(today + dt.timedelta(days=offset), off)
    return count


def state(due: dt.date, answered_on: dt.date | None, today: dt.date) -> str:
    """`beantwoord` once the adviser recorded the answer's date; else `te_laat` after the due
    date, else `open`."""
    if answered_on is not None:
        return ANSWERED
    return LATE if today > due else OPEN


def due_soon(due: dt.date, today: dt.date, off: DaysOff = NO_DAYS_OFF) -> bool:
    """Not yet late, and due within SOON_WORKING_DAYS working days."""
    return today <= due and working_days_until(today, due, off) <= SOON_WORKING_DAYS


@dataclass(frozen=True)
class Deadline:
    question: Question
    due: dt.date
    state: str  # OPEN, ANSWERED or LATE
    soon: bool  # open and due within SOON_WORKING_DAYS working days


def deadline(question: Question, today: dt.date, off: DaysOff = NO_DAYS_OFF) -> Deadline:
    due = due_date(question.datum, off)
    current = state(due, question.beantwoord_op, today)
    return Deadline(question, due, current, current == OPEN and due_soon(due, today, off))


def open_deadlines(
    questions: list[Question], today: dt.date, off: DaysOff = NO_DAYS_OFF
) -> list[Deadline]:
    """The questions not answered yet (open or late), the earliest due first."""
    found = [deadline(q, today, off) for q in questions if q.beantwoord_op is None]
    return sorted(found, key=lambda d: (d.due, d.question.nummer, d.question.id or 0))
