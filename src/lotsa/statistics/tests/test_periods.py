"""Periods compared as people mean them: the previous calendar year, the same month or the same
part of the year a year earlier, otherwise as long a period immediately before."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.statistics.periods import Period, year

DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))
YEARS = st.integers(2001, 2099)


def _last(year_number: int, month: int) -> int:
    return calendar.monthrange(year_number, month)[1]


def test_calendar_year_2025_is_compared_with_calendar_year_2024():
    previous, text = year(2025).comparison()
    assert previous == Period(date(2024, 1, 1), date(2024, 12, 31))
    assert "föregående kalenderår, 2024" in text


def test_the_year_so_far_is_compared_with_the_same_days_last_year():
    previous, text = Period(date(2025, 1, 1), date(2025, 5, 17)).comparison()
    assert previous == Period(date(2024, 1, 1), date(2024, 5, 17))
    assert "samma del av föregående år" in text


def test_february_is_compared_with_the_whole_of_february_last_year():
    assert Period(date(2025, 2, 1), date(2025, 2, 28)).previous() == Period(
        date(2024, 2, 1), date(2024, 2, 29)
    )
    assert Period(date(2024, 2, 1), date(2024, 2, 29)).previous() == Period(
        date(2023, 2, 1), date(2023, 2, 28)
    )


def test_a_free_period_is_compared_with_as_many_days_before_and_says_so():
    previous, text = Period(date(2025, 3, 10), date(2025, 4, 20)).comparison()
    assert previous == Period(date(2025, 1, 27), date(2025, 3, 9))
    assert "42 dagar" in text and "2025-01-27 – 2025-03-09" in text


def test_a_quarter_is_compared_with_the_three_months_before():
    assert Period(date(2025, 4, 1), date(2025, 6, 30)).previous() == Period(
        date(2025, 1, 1), date(2025, 3, 31)
    )


@given(YEARS)
def test_every_calendar_year_is_compared_with_the_one_before(number):
    assert year(number).previous() == year(number - 1)
    assert year(number).kind == "year"


@given(YEARS, st.integers(1, 12))
def test_every_month_is_compared_with_the_whole_same_month_a_year_earlier(number, month):
    period = Period(date(number, month, 1), date(number, month, _last(number, month)))
    previous = period.previous()
    assert previous == Period(
        date(number - 1, month, 1), date(number - 1, month, _last(number - 1, month))
    )


@given(DAYS)
def test_the_year_so_far_ends_on_the_same_day_or_month_end_a_year_earlier(end):
    period = Period(date(end.year, 1, 1), end)
    previous = period.previous()
    assert previous.start == date(end.year - 1, 1, 1)
    assert previous.end.year == end.year - 1 and previous.end.month == end.month
    if end.day == _last(end.year, end.month):
        assert previous.end.day == _last(end.year - 1, end.month)
    else:
        assert previous.end.day == min(end.day, _last(end.year - 1, end.month))
    assert previous.end < period.start


@given(DAYS, st.integers(0, 800))
def test_any_period_is_compared_with_an_earlier_period_that_does_not_overlap(start, length):
    period = Period(start, start + timedelta(days=length))
    previous = period.previous()
    assert previous.start <= previous.end < period.start
    if period.kind == "days":
        assert previous.end == period.start - timedelta(days=1)
        assert previous.days == period.days
    if period.kind == "months":
        assert previous.end == period.start - timedelta(days=1)
        assert previous.start.day == 1 and previous.months == period.months
    _previous, text = period.comparison()
    assert str(previous) in text


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (date(2024, 1, 1), date(2024, 12, 31), "year"),
        (date(2024, 2, 1), date(2024, 2, 29), "month"),
        (date(2024, 1, 1), date(2024, 2, 29), "year_to_date"),
        (date(2024, 1, 1), date(2025, 12, 31), "months"),
        (date(2024, 2, 2), date(2024, 2, 29), "days"),
    ],
)
def test_kinds(start, end, kind):
    assert Period(start, end).kind == kind
