"""Moments: parsing `--as-of`, storing in UTC, showing in Brussels time.

A moment the user names covers the whole period it names: a date is the end of that day, a
date-time to the minute the end of that minute, to the second the end of that second. So the
`stand_van` the product prints (to the second) can be passed back and gives the same figures.
"""

from __future__ import annotations

import datetime as dt
import re

from wisselaar.formatting import BRUSSELS

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NO_SECONDS = re.compile(r"T\d{2}:\d{2}(?:[+-]|Z|$)")
_NO_FRACTION = re.compile(r"T\d{2}:\d{2}:\d{2}(?:[+-]|Z|$)")


class MomentError(ValueError):
    pass


def parse_as_of(text: str) -> dt.datetime:
    """`JJJJ-MM-DD` or an ISO 8601 date-time (Brussels time without offset) -> naive UTC."""
    value = text.strip().replace(" ", "T", 1)
    try:
        if _DATE.match(value):
            day = dt.date.fromisoformat(value)
            local = dt.datetime.combine(day, dt.time.max, tzinfo=BRUSSELS)
            return to_utc(local)
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise MomentError(text) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    if _NO_SECONDS.search(value):
        moment += dt.timedelta(minutes=1) - dt.timedelta(microseconds=1)
    elif _NO_FRACTION.search(value):
        moment += dt.timedelta(seconds=1) - dt.timedelta(microseconds=1)
    return to_utc(moment)


def to_utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, the stored form."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def brussels_iso(moment: dt.datetime) -> str:
    """`2024-03-01T14:05:09+01:00`: a stored (naive UTC) moment in Brussels time, to the second."""
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return aware.astimezone(BRUSSELS).replace(microsecond=0).isoformat()


def to_brussels(moment: dt.datetime) -> dt.datetime:
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return aware.astimezone(BRUSSELS)
