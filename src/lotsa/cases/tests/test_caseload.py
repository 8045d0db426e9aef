""" "Att göra" on the case lists: the caseload filters, their counts, the registry others fill,
and saved views per person."""

import datetime
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases.caseload import CaseloadContext, CaseloadFilter, caseload_filters
from lotsa.cases.models import SavedCaseFilter
from lotsa.cases.queries import my_caseload_counts, my_cases, unit_caseload_counts, unit_cases
from lotsa.cases.services import saved_case_filter_save
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.cases.tests.test_case_lists import MY_CASES_QUERIES
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(support=True)


@pytest.fixture
def coach(unit):
    return UserFactory(coach=True, unit=unit)


def _days_ago(days):
    return today() - datetime.timedelta(days=days)


def _counts(choices):
    return {choice.key: choice.count for choice in choices}


@pytest.fixture
def caseload(unit, coach):
    """Four of the coach's cases, one for each of the cases app's own filters, and noise."""
    week_end = today() + datetime.timedelta(days=6 - today().weekday())
    return {
        "new": CaseFactory(unit=unit, coach=coach, start_date=_days_ago(3), last_contact_on=None),
        "due": CaseFactory(
            unit=unit, coach=coach, next_follow_up_on=week_end, last_contact_on=_days_ago(2)
        ),
        "overdue": CaseFactory(unit=unit, coach=coach, overdue=True, last_contact_on=_days_ago(1)),
        "silent": CaseFactory(unit=unit, coach=coach, last_contact_on=_days_ago(45)),
        "closed": CaseFactory(unit=unit, coach=coach, closed=True, last_contact_on=None),
        "colleague": CaseFactory(unit=unit, last_contact_on=None),
    }


def test_each_own_filter_narrows_the_list_and_counts_what_it_shows(coach, caseload):
    assert set(my_cases(coach, chosen="nya")) == {caseload["new"]}
    assert set(my_cases(coach, chosen="uppfoljning")) == {caseload["due"], caseload["overdue"]}
    assert set(my_cases(coach, chosen="utan-kontakt")) == {caseload["silent"]}
    # never met counts from the start: three days without contact is more than one
    assert set(my_cases(coach, chosen="utan-kontakt", no_contact_days=1)) == {
        caseload["new"],
        caseload["due"],
        caseload["silent"],
    }
    counts = _counts(my_caseload_counts(coach))
    assert counts["nya"] == 1
    assert counts["uppfoljning"] == 2
    assert counts["utan-kontakt"] == 1
    assert _counts(my_caseload_counts(coach, no_contact_days=1))["utan-kontakt"] == 3
    # an unknown name narrows nothing (an old bookmark), it does not fail
    assert len(my_cases(coach, chosen="finns-inte")) == 4


def test_the_manager_sees_the_same_filters_over_the_unit_and_per_coach(unit, coach, caseload):
    manager = UserFactory(manager=True, unit=unit)
    assert set(unit_cases(manager, chosen="nya")) == {caseload["new"], caseload["colleague"]}
    assert _counts(unit_caseload_counts(manager))["nya"] == 2
    assert _counts(unit_caseload_counts(manager, coach_id=coach.pk))["nya"] == 1
    assert set(unit_cases(manager, coach_id=coach.pk, chosen="nya")) == {caseload["new"]}


def test_the_counts_are_one_query_however_many_filters_are_registered(
    coach, caseload, django_assert_num_queries
):
    with django_assert_num_queries(1):
        before = my_caseload_counts(coach)
    for number in range(5):
        caseload_filters.register(
            f"test-{number}", CaseloadFilter(label="Test", condition=lambda context: Q())
        )
    try:
        with django_assert_num_queries(1):
            after = my_caseload_counts(coach)
    finally:
        for number in range(5):
            caseload_filters.unregister(f"test-{number}")
    assert len(after) == len(before) + 5


def test_another_app_registers_a_filter_and_the_page_shows_it_with_its_count(
    client, coach, caseload
):
    # As the participant messages will: "Väntar på mig" from an app above cases.
    def waiting(context: CaseloadContext) -> Q:
        return Q(pk=caseload["silent"].pk) & Q(coach=context.actor)

    caseload_filters.register(
        "test-vantar", CaseloadFilter(label="Väntar på mig", condition=waiting)
    )
    try:
        client.force_login(coach)
        page = client.get(reverse("cases:my_cases"))
        link = next(
            item for item in page.context["caseload"] if item["choice"].key == "test-vantar"
        )
        assert link["choice"].label == "Väntar på mig" and link["choice"].count == 1
        chosen = client.get(reverse("cases:my_cases"), {"filter": "test-vantar"})
        assert list(chosen.context["cases"]) == [caseload["silent"]]
        assert 'aria-current="true">Väntar på mig' in chosen.content.decode()
    finally:
        caseload_filters.unregister("test-vantar")


def test_the_page_shows_every_filter_as_a_link_with_its_count(client, coach, caseload):
    client.force_login(coach)
    response = client.get(reverse("cases:my_cases"), {"sort": "name", "sida": "1"})
    text = response.content.decode()
    assert "Nya, inte träffade än" in text and "Ingen kontakt på 30 dagar" in text
    links = {item["choice"].key: item for item in response.context["caseload"]}
    assert {"nya", "uppfoljning", "utan-kontakt", "mote-i-dag"} <= set(links)
    # each link keeps the sort order, drops the page number, and names its filter
    query = parse_qs(links["nya"]["url"][1:])
    assert query == {"sort": ["name"], "filter": ["nya"]}


def test_the_filtered_page_runs_a_constant_number_of_queries(client, unit, coach, caseload):
    client.force_login(coach)
    url = reverse("cases:my_cases")
    client.get(url)
    for key in ("nya", "uppfoljning", "utan-kontakt", "mote-i-dag", "placering-slutar"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"filter": key, "days": "10"}).status_code == 200
        assert len(queries) <= MY_CASES_QUERIES, (key, len(queries))
    for _ in range(20):
        CaseFactory(unit=unit, coach=coach, last_contact_on=None)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"filter": "nya"})
    assert len(queries) <= MY_CASES_QUERIES


@pytest.mark.parametrize("days", ["tio", "0", "9999", "-3"])
def test_bad_days_are_refused_at_the_field_and_the_list_still_shows(client, coach, caseload, days):
    client.force_login(coach)
    response = client.get(reverse("cases:my_cases"), {"days": days, "filter": "utan-kontakt"})
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert 'id="id_days_error"' in response.content.decode()
    # the default N applies until the person writes a number that works
    assert list(response.context["cases"]) == [caseload["silent"]]


def test_a_saved_view_keeps_the_filters_and_is_the_persons_own(client, unit, coach, caseload):
    client.force_login(coach)
    response = client.post(
        reverse("cases:saved_filter_save"),
        {
            "list": "my_cases",
            "name": "  Måndag   morgon ",
            "query": "filter=uppfoljning&sort=name&sida=3&csrfmiddlewaretoken=x",
        },
    )
    saved = SavedCaseFilter.objects.get(user=coach)
    assert saved.name == "Måndag morgon"
    assert parse_qs(saved.query) == {"filter": ["uppfoljning"], "sort": ["name"]}
    assert response.url == reverse("cases:my_cases") + "?" + saved.query
    assert AuditRecord.objects.filter(actor=coach, action="create", object_id=str(saved.pk))
    page = client.get(reverse("cases:my_cases")).content.decode()
    assert "Måndag morgon" in page

    colleague = UserFactory(coach=True, unit=unit)
    client.force_login(colleague)
    assert "Måndag morgon" not in client.get(reverse("cases:my_cases")).content.decode()
    delete = reverse("cases:saved_filter_delete", args=[saved.pk])
    assert client.post(delete).status_code == 404
    client.force_login(coach)
    client.post(delete)
    assert not SavedCaseFilter.objects.exists()


def test_saving_the_same_name_again_replaces_the_view(coach):
    saved_case_filter_save(actor=coach, list_name="my_cases", name="Nya", query="filter=nya")
    again = saved_case_filter_save(
        actor=coach, list_name="my_cases", name="Nya", query="filter=nya&sort=name"
    )
    assert SavedCaseFilter.objects.get() == again
    assert parse_qs(again.query)["sort"] == ["name"]


def test_a_view_without_a_name_is_refused_at_the_field(client, coach, caseload):
    client.force_login(coach)
    response = client.post(
        reverse("cases:saved_filter_save"), {"list": "my_cases", "name": " ", "query": "filter=nya"}
    )
    assert response.status_code == 200
    assert "Ge urvalet ett namn." in response.content.decode()
    assert not SavedCaseFilter.objects.exists()
    # the list re-renders as it was when the person pressed save
    assert list(response.context["cases"]) == [caseload["new"]]


def test_a_referrer_has_no_case_list_to_save(client, unit):
    referrer = UserFactory(referrer=True, unit=unit)
    client.force_login(referrer)
    response = client.post(
        reverse("cases:saved_filter_save"), {"list": "my_cases", "name": "X", "query": ""}
    )
    assert response.status_code == 403
    assert not SavedCaseFilter.objects.exists()


def _page_counts(client, name, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    counts = {item["choice"].key: item["choice"].count for item in response.context["caseload"]}
    return counts, len(captured.captured_queries)


@pytest.mark.parametrize("days", [30, 1])
def test_the_lists_own_statement_counts_the_filters_when_none_is_chosen(
    client, unit, coach, caseload, days
):
    """With no filter chosen the list holds exactly the counted cases, so its statement counts
    them too (window counts): the same numbers as the counts' own query, one query fewer."""
    client.force_login(coach)
    client.get(reverse("cases:my_cases"))  # the session's first write is not the page's cost
    expected = _counts(my_caseload_counts(coach, no_contact_days=days))

    plain, plain_queries = _page_counts(client, "cases:my_cases", {"days": days})
    chosen, chosen_queries = _page_counts(client, "cases:my_cases", {"days": days, "filter": "nya"})
    assert plain == expected == chosen
    assert plain_queries == chosen_queries - 1

    manager = UserFactory(manager=True, unit=unit)
    client.force_login(manager)
    client.get(reverse("cases:unit_cases"))
    unit_expected = _counts(unit_caseload_counts(manager, no_contact_days=days))
    assert _page_counts(client, "cases:unit_cases", {"days": days})[0] == unit_expected
    assert _page_counts(client, "cases:unit_cases", {"days": days, "coach": coach.pk})[0] == (
        _counts(unit_caseload_counts(manager, coach_id=coach.pk, no_contact_days=days))
    )
    assert _page_counts(client, "cases:unit_cases", {"days": days, "overdue": "on"})[0] == (
        unit_expected
    )
