"""Answer deadlines: 20 working days, without weekends, Belgian public holidays (from the
`holidays` library) and the configured days off (WISSELAAR_VRIJE_DAGEN)."""

from __future__ import annotations

import datetime as dt

import pytest

from wisselaar.deadlines import (
    ANSWERED,
    LATE,
    OPEN,
    DaysOff,
    DaysOffError,
    add_working_days,
    days_off,
    due_date,
    due_soon,
    is_working_day,
    public_holiday,
    state,
    working_days_until,
)
from wisselaar.settings import Settings

D = dt.date


def test_the_library_knows_the_belgian_holidays():
    assert public_holiday(D(2025, 4, 21))  # Easter Monday
    assert public_holiday(D(2025, 7, 21))  # National Day
    assert public_holiday(D(2024, 11, 11)) and public_holiday(D(2022, 5, 26))  # Ascension
    assert not public_holiday(D(2025, 7, 11))  # the Flemish holiday is not a national one
    assert not is_working_day(D(2025, 4, 19))  # a Saturday


def test_easter_monday_does_not_count():
    # Thursday 10 April 2025: 20 working days without holidays would end on 8 May; Easter
    # Monday (21 April) and Labour Day (1 May) push it two days on.
    assert due_date(D(2025, 4, 10)) == D(2025, 5, 12)
    assert add_working_days(D(2025, 4, 18), 1) == D(2025, 4, 22)  # Friday -> Tuesday


def test_21_july_does_not_count_and_a_configured_11_july_neither():
    # Tuesday 1 July 2025: the 20th working day is 30 July, 21 July (Monday) skipped.
    assert due_date(D(2025, 7, 1)) == D(2025, 7, 30)
    assert add_working_days(D(2025, 7, 18), 1) == D(2025, 7, 22)
    every_year = DaysOff.parse("07-11")
    assert due_date(D(2025, 7, 1), every_year) == D(2025, 7, 31)
    assert due_date(D(2025, 7, 1), DaysOff.parse("2025-07-11")) == D(2025, 7, 31)
    assert due_date(D(2026, 7, 1), DaysOff.parse("2025-07-11")) == due_date(D(2026, 7, 1))
    assert not is_working_day(D(2031, 7, 11), every_year)


def test_question_342_is_due_on_24_june_2022():
    assert due_date(D(2022, 5, 25)) == D(2022, 6, 24)  # Ascension and Whit Monday skipped


def test_periods_in_which_the_term_does_not_run():
    recess = DaysOff.parse(" 2025-07-21..2025-08-15 ; 12-24..01-02, --05-02")
    assert due_date(D(2025, 7, 15), recess) == D(2025, 9, 9)  # 3 days before, 17 after
    assert D(2025, 12, 31) in recess and D(2026, 1, 2) in recess  # over New Year
    assert D(2026, 1, 5) not in recess
    assert D(2030, 5, 2) in recess
    backwards = DaysOff.parse("2025-08-15..2025-07-21")
    assert backwards.ranges == ((D(2025, 7, 21), D(2025, 8, 15)),)
    assert DaysOff.parse("") == DaysOff()


@pytest.mark.parametrize("value", ["11 juli", "2025-02-30", "13-01", "2025-07-01..08-01", "x"])
def test_a_wrong_days_off_item_is_named(value):
    with pytest.raises(DaysOffError) as wrong:
        DaysOff.parse(f"07-11; {value}")
    assert wrong.value.item == value.strip()
    assert (
        f"'{value}'" in wrong.value.message() and "WISSELAAR_VRIJE_DAGEN" in wrong.value.message()
    )


def test_the_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("WISSELAAR_VRIJE_DAGEN", "07-11")
    assert D(2024, 7, 11) in days_off(Settings.from_env())
    monkeypatch.delenv("WISSELAAR_VRIJE_DAGEN")
    assert days_off(Settings.from_env()) == DaysOff()


def test_state_and_the_five_day_mark():
    due = D(2025, 5, 12)
    assert state(due, None, D(2025, 5, 12)) == OPEN
    assert state(due, None, D(2025, 5, 13)) == LATE
    assert state(due, D(2025, 5, 20), D(2025, 6, 1)) == ANSWERED  # answered late: answered
    assert working_days_until(D(2025, 5, 2), due) == 6  # 5, 6, 7, 8, 9 and 12 May
    assert not due_soon(due, D(2025, 5, 2))
    assert due_soon(due, D(2025, 5, 5))  # 5 working days left
    assert due_soon(due, due)
    assert not due_soon(due, D(2025, 5, 13))  # late is marked as late, not as soon
    assert working_days_until(due, D(2025, 5, 1)) == 0
