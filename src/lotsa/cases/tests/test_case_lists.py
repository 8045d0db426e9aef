""" "Mina ärenden" and the unit's list: content, filters, sorting, and a constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.cases.constants import ActivityStatus, CaseStatus
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.queries import my_cases, unit_cases
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, today
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

# Query counts measured when these pages were written (session, user, the page's own queries,
# and on the case page the audit record of the look-up). What matters is that they do not grow
# with the number of rows; the numbers are a budget that catches a new query per page.
# The lists also count every caseload filter (one aggregate) and read the saved views (one).
# And they write one list record (5 queries: the chain head is locked, the record written,
# the head moved).
MY_CASES_QUERIES = 12
UNIT_CASES_QUERIES = 14  # and the coaches a case can be moved to
# The case page: 19 of its own, and 7 for the sections other apps add (cases/panels.py:
# consents and meetings, decisions, placements, mapping/steps/phases, surveys), each of which
# asks the case's visibility without a query because case_get has already answered it; and 7
# for the plan the participant writes in (own activities, activities with comment counts, read
# receipts, each side's latest version, the coach's own read receipt) and messaging (threads,
# meeting answers).
# One more for the case's hand-overs between coaches (cases.CoachHandover); the monthly attendance
# reports (work, docs/attendance.md) are read in the panels' one statement.
CASE_PAGE_QUERIES = 15


@pytest.fixture
def unit():
    return UnitFactory(support=True)


@pytest.fixture
def coach(unit):
    return UserFactory(coach=True, unit=unit, first_name="Cia", last_name="Coach")


def test_my_cases_lists_own_open_cases_with_counts_and_overdue_flag(unit, coach):
    overdue = CaseFactory(unit=unit, coach=coach, overdue=True)
    ActivityFactory(case=overdue)
    ActivityFactory(case=overdue, ongoing=True)
    ActivityFactory(case=overdue, done=True)
    paused = CaseFactory(unit=unit, coach=coach, paused=True)
    CaseFactory(unit=unit, coach=coach, closed=True)
    CaseFactory(unit=unit)  # a colleague's case

    rows = {case.pk: case for case in my_cases(coach)}
    assert set(rows) == {overdue.pk, paused.pk}
    assert rows[overdue.pk].open_activity_count == 2
    assert rows[overdue.pk].is_overdue
    assert not rows[paused.pk].is_overdue
    assert rows[paused.pk].open_activity_count == 0


def test_my_cases_filters_and_sorts(unit, coach):
    first = CaseFactory(
        unit=unit,
        coach=coach,
        participant__last_name="Öberg",
        overdue=True,
        last_contact_on=today() - datetime.timedelta(days=2),
    )
    second = CaseFactory(
        unit=unit,
        coach=coach,
        participant__last_name="Andersson",
        last_contact_on=today() - datetime.timedelta(days=40),
    )
    closed = CaseFactory(unit=unit, coach=coach, closed=True)
    assert list(my_cases(coach)) == [first, second]
    assert list(my_cases(coach, sort="name")) == [second, first]
    assert list(my_cases(coach, sort="last_contact")) == [second, first]
    assert list(my_cases(coach, overdue_only=True)) == [first]
    assert list(my_cases(coach, status=CaseStatus.CLOSED)) == [closed]


def test_my_cases_page_highlights_overdue_with_text_and_filters_without_javascript(
    client, unit, coach
):
    late = CaseFactory(unit=unit, coach=coach, overdue=True, participant__last_name="Sen")
    CaseFactory(unit=unit, coach=coach, participant__last_name="Itid")
    client.force_login(coach)
    response = client.get(reverse("cases:my_cases"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Försenad" in content
    assert 'class="is-overdue"' in content
    assert "<caption>" in content
    only_late = client.get(reverse("cases:my_cases"), {"overdue": "on", "sort": "name"})
    assert [case.pk for case in only_late.context["cases"]] == [late.pk]
    assert 'aria-sort="ascending"' in only_late.content.decode()


def test_unit_cases_is_for_managers_and_filters_by_coach(client, unit, coach):
    manager = UserFactory(manager=True, unit=unit)
    other_coach = UserFactory(coach=True, unit=unit)
    mine = CaseFactory(unit=unit, coach=coach)
    theirs = CaseFactory(unit=unit, coach=other_coach)
    CaseFactory()  # another unit

    assert set(unit_cases(manager)) == {mine, theirs}
    assert list(unit_cases(manager, coach_id=other_coach.pk)) == [theirs]

    client.force_login(manager)
    response = client.get(reverse("cases:unit_cases"), {"coach": other_coach.pk})
    assert response.status_code == 200
    assert list(response.context["cases"]) == [theirs]
    assert "Arbetscoach" in response.content.decode()

    client.force_login(coach)
    assert client.get(reverse("cases:unit_cases")).status_code == 403


def test_protected_person_is_listed_for_their_own_coach_only(unit, coach):
    colleague = UserFactory(coach=True, unit=unit)
    person = ParticipantFactory(unit=unit, protected=True)
    case = CaseFactory(unit=unit, coach=coach, participant=person)
    assert list(my_cases(coach)) == [case]
    manager = UserFactory(manager=True, unit=unit)
    assert list(unit_cases(manager)) == [case]
    from lotsa.cases.queries import cases_visible_to

    assert case not in cases_visible_to(colleague)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_cases(unit, coach, how_many):
    for number in range(how_many):
        case = CaseFactory(unit=unit, coach=coach, overdue=number % 3 == 0)
        ActivityFactory(case=case)
        if number % 2:
            ActivityFactory(case=case, status=ActivityStatus.ONGOING)


def test_my_cases_runs_the_same_queries_for_5_and_100_cases(client, unit, coach):
    client.force_login(coach)
    _add_cases(unit, coach, 5)
    client.get(reverse("cases:my_cases"))  # warm the session
    with_5 = _count(client, reverse("cases:my_cases"))
    _add_cases(unit, coach, 95)
    with_100 = _count(client, reverse("cases:my_cases"))
    assert with_5 == with_100
    assert with_100 <= MY_CASES_QUERIES, f"{with_100} queries, budget {MY_CASES_QUERIES}"
    assert len(client.get(reverse("cases:my_cases")).context["cases"]) == 100


def test_unit_cases_runs_the_same_queries_for_5_and_100_cases(client, unit, coach):
    manager = UserFactory(manager=True, unit=unit)
    client.force_login(manager)
    _add_cases(unit, coach, 5)
    client.get(reverse("cases:unit_cases"))
    with_5 = _count(client, reverse("cases:unit_cases"))
    _add_cases(unit, UserFactory(coach=True, unit=unit), 95)
    with_100 = _count(client, reverse("cases:unit_cases"))
    assert with_5 == with_100
    assert with_100 <= UNIT_CASES_QUERIES, f"{with_100} queries, budget {UNIT_CASES_QUERIES}"


def test_case_page_runs_the_same_queries_for_5_and_100_activities_and_notes(client, unit, coach):
    case = CaseFactory(unit=unit, coach=coach)
    client.force_login(coach)

    def grow(how_many):
        for number in range(how_many):
            ActivityFactory(case=case)
            note = NoteFactory(case=case, signed=number % 4 != 0)
            if note.is_signed and number % 2:
                NoteFactory(case=case, amendment=True, amends=note)

    grow(5)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with_5 = _count(client, url)
    grow(95)
    with_100 = _count(client, url)
    assert with_5 == with_100
    assert with_100 <= CASE_PAGE_QUERIES, f"{with_100} queries, budget {CASE_PAGE_QUERIES}"


def _page_cases(client, name="cases:my_cases", params=None):
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return [case.pk for case in response.context["cases"]]


def test_the_lists_compiled_statements_keep_each_actor_to_their_own_cases(client, unit, coach):
    """The list's statement and counts are compiled once per actor, day and choice
    (lotsa.core.statements): each actor still gets only what they may see, a change to the
    actor (another unit) or to the rows shows at once, and the counts follow."""
    colleague = UserFactory(coach=True, unit=unit)
    mine = CaseFactory(unit=unit, coach=coach)
    theirs = CaseFactory(unit=unit, coach=colleague)
    protected = CaseFactory(
        unit=unit, coach=coach, participant=ParticipantFactory(unit=unit, protected=True)
    )
    manager = UserFactory(manager=True, unit=unit)
    other_unit = UnitFactory(support=True, organisation=unit.organisation)
    elsewhere = CaseFactory(unit=other_unit, coach=UserFactory(coach=True, unit=other_unit))

    for _ in range(2):  # the second time from the compiled statement
        client.force_login(coach)
        assert set(_page_cases(client)) == {mine.pk, protected.pk}
        client.force_login(colleague)
        assert _page_cases(client) == [theirs.pk]
        client.force_login(manager)
        assert set(_page_cases(client, "cases:unit_cases")) == {mine.pk, theirs.pk, protected.pk}
        assert _page_cases(client, "cases:unit_cases", {"coach": colleague.pk}) == [theirs.pk]

    added = CaseFactory(unit=unit, coach=colleague)
    client.force_login(colleague)
    response = client.get(reverse("cases:my_cases"))
    assert {case.pk for case in response.context["cases"]} == {theirs.pk, added.pk}
    assert response.context["page"].paginator.count == 2
    new = next(item for item in response.context["caseload"] if item["choice"].key == "nya")
    assert new["choice"].count == 2  # neither has a contact yet

    manager.unit = other_unit
    manager.save()
    client.force_login(manager)
    assert _page_cases(client, "cases:unit_cases") == [elsewhere.pk]


def test_the_filter_form_kept_per_query_string_shows_each_querys_values_and_errors(client, coach):
    """Mina ärenden's filter form is rendered once per query string (cases.views): each query
    still gets its own chosen values and its own errors."""
    client.force_login(coach)
    url = reverse("cases:my_cases")
    for _ in range(2):
        paused = client.get(url, {"status": CaseStatus.PAUSED}).content.decode()
        assert f'<option value="{CaseStatus.PAUSED}" selected>' in paused
        plain = client.get(url).content.decode()
        assert f'<option value="{CaseStatus.PAUSED}" selected>' not in plain
        assert "Skriv antal dagar som en siffra." not in plain
        wrong = client.get(url, {"days": "många"}).content.decode()
        assert "Skriv antal dagar som en siffra." in wrong
        assert 'value="många"' in wrong
