"""The culling rule as a pure function: five years after the last entry, research days kept."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lotsa.core.dates import add_months
from lotsa.retention.constants import RESEARCH_BIRTH_DAYS, CullingReason
from lotsa.retention.culling import CaseRecord, culling_decision, culling_years

dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2080, 12, 31))
birth_dates = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2010, 12, 31))
years = st.integers(min_value=1, max_value=12)


@st.composite
def records(draw, *, closed=None, research=None):
    born = draw(birth_dates)
    if research is True:
        born = born.replace(day=draw(st.sampled_from(sorted(RESEARCH_BIRTH_DAYS))))
    elif research is False:
        assume(born.day not in RESEARCH_BIRTH_DAYS)
    last_entry = draw(dates)
    return CaseRecord(
        birth_date=born,
        is_closed=draw(st.booleans()) if closed is None else closed,
        last_entry=last_entry,
        person_last_entry=draw(st.none() | dates),
        person_has_open_records=draw(st.booleans()),
    )


@given(records(), dates, years)
def test_never_due_before_the_years_since_any_entry_about_the_person(record, today, n):
    decision = culling_decision(record, today=today, years=n)
    if decision.is_due:
        assert today >= add_months(record.last_entry, 12 * n)
        if record.person_last_entry:
            assert today >= add_months(record.person_last_entry, 12 * n)


@given(records(research=True), dates, years)
def test_people_born_on_the_5th_15th_or_25th_are_always_kept(record, today, n):
    decision = culling_decision(record, today=today, years=n)
    assert not decision.is_due
    assert decision.reason == CullingReason.KEPT_FOR_RESEARCH


@given(records(), dates, st.integers(min_value=0, max_value=20_000), years)
def test_once_due_a_case_stays_due(record, today, days_later, n):
    later = today + datetime.timedelta(days=days_later)
    assume(later <= datetime.date.max - datetime.timedelta(days=1))
    if culling_decision(record, today=today, years=n).is_due:
        assert culling_decision(record, today=later, years=n).is_due


@given(records(), dates, years)
def test_open_records_are_never_culled(record, today, n):
    decision = culling_decision(record, today=today, years=n)
    if not record.is_closed or record.person_has_open_records:
        assert not decision.is_due


@given(records(closed=True, research=False), years)
def test_a_closed_case_with_nothing_else_is_due_exactly_n_years_after_its_last_entry(record, n):
    record = CaseRecord(birth_date=record.birth_date, is_closed=True, last_entry=record.last_entry)
    due_on = add_months(record.last_entry, 12 * n)
    day_before = culling_decision(record, today=due_on - datetime.timedelta(days=1), years=n)
    on_the_day = culling_decision(record, today=due_on, years=n)
    assert day_before.reason == CullingReason.TOO_RECENT
    assert on_the_day.is_due
    assert on_the_day.due_on == due_on
    # Culling must be finished by the end of the calendar year after it became due.
    assert on_the_day.deadline == datetime.date(due_on.year + 1, 12, 31)


@given(records(), dates, years, years)
def test_a_shorter_period_never_keeps_what_a_longer_one_culls(record, today, n, m):
    shorter, longer = sorted((n, m))
    if culling_decision(record, today=today, years=longer).is_due:
        assert culling_decision(record, today=today, years=shorter).is_due


def test_newer_entries_in_other_records_keep_an_old_case():
    record = CaseRecord(
        birth_date=datetime.date(1980, 3, 12),
        is_closed=True,
        last_entry=datetime.date(2015, 1, 10),
        person_last_entry=datetime.date(2023, 6, 1),
    )
    decision = culling_decision(record, today=datetime.date(2026, 1, 1), years=5)
    assert decision.reason == CullingReason.OTHER_RECORDS_RECENT
    assert decision.last_entry == datetime.date(2023, 6, 1)
    assert decision.due_on == datetime.date(2028, 6, 1)


def test_the_period_comes_from_settings(settings):
    settings.LOTSA_CULLING_YEARS = 7
    assert culling_years() == 7
    del settings.LOTSA_CULLING_YEARS
    assert culling_years() == 5


@pytest.mark.parametrize("value", [0, -1, "5", 2.5, True])
def test_a_period_that_is_not_whole_years_is_refused(settings, value):
    from django.core.exceptions import ImproperlyConfigured

    settings.LOTSA_CULLING_YEARS = value
    with pytest.raises(ImproperlyConfigured):
        culling_years()
