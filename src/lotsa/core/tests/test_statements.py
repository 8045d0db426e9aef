"""lotsa.core.statements: a statement compiled once per key gives what the queryset gives."""

import datetime

import pytest
from django.db.models import Count, Q

from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Activity, Case
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.core import statements
from lotsa.core.statements import compiled_aggregate, compiled_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    statements.clear()
    yield
    statements.clear()


def _fields(rows):
    return [
        {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
        for row in rows
    ]


@pytest.fixture
def case():
    case = CaseFactory()
    for number in range(3):
        ActivityFactory(case=case, starts_on=case.start_date + datetime.timedelta(days=number))
        NoteFactory(case=case, signed=True, text=f"Anteckning {number}")
    return case


def _activities(case, builds):
    def build():
        builds.append(1)
        return (
            Activity.objects.filter(case=case)
            .select_related("activity_type", "case__participant")
            .annotate(comment_count=Count("comments"))
            .order_by("-starts_on", "id")[:2]
        )

    return build


def test_rows_are_the_querysets_own_and_built_once_per_key(case, django_assert_num_queries):
    builds: list[int] = []
    expected = list(_activities(case, [])())

    first = compiled_rows(Activity, ("activities", case.pk), _activities(case, builds))
    with django_assert_num_queries(1):
        second = compiled_rows(Activity, ("activities", case.pk), _activities(case, builds))

    assert builds == [1]
    for rows in (first, second):
        assert _fields(rows) == _fields(expected)
        assert [row.comment_count for row in rows] == [row.comment_count for row in expected]
    with django_assert_num_queries(0):  # select_related objects came with the rows
        assert [row.case.participant.pk for row in second] == [case.participant_id] * 2
        assert [row.activity_type.pk for row in second] == [
            row.activity_type_id for row in expected
        ]


def test_each_read_sees_the_rows_as_they_are_now(case):
    builds: list[int] = []
    compiled_rows(Activity, ("activities", case.pk), _activities(case, builds))
    newest = ActivityFactory(case=case, starts_on=case.start_date + datetime.timedelta(days=30))

    rows = compiled_rows(Activity, ("activities", case.pk), _activities(case, builds))

    assert builds == [1]
    assert rows[0] == newest


def test_another_key_builds_again(case):
    builds: list[int] = []
    other = CaseFactory()
    compiled_rows(Activity, ("activities", case.pk), _activities(case, builds))
    rows = compiled_rows(Activity, ("activities", other.pk), _activities(other, builds))
    assert builds == [1, 1]
    assert rows == []


def test_an_empty_filter_reads_nothing(django_assert_num_queries):
    compiled_rows(Case, ("none",), lambda: Case.objects.filter(pk__in=[]))
    with django_assert_num_queries(0):
        assert compiled_rows(Case, ("none",), lambda: Case.objects.filter(pk__in=[])) == []


def test_aggregate_is_djangos_own_and_built_once_per_key(case, django_assert_num_queries):
    builds: list[int] = []

    def build():
        builds.append(1)
        return Activity.objects.filter(case=case)

    def aggregates():
        return {
            "all": Count("pk"),
            "early": Count("pk", filter=Q(starts_on__lte=case.start_date)),
        }

    expected = Activity.objects.filter(case=case).aggregate(**aggregates())
    assert compiled_aggregate(Activity, ("count", case.pk), build, aggregates) == expected
    ActivityFactory(case=case, starts_on=case.start_date)
    with django_assert_num_queries(1):
        again = compiled_aggregate(Activity, ("count", case.pk), build, aggregates)
    assert again == {"all": expected["all"] + 1, "early": expected["early"] + 1}
    assert builds == [1]


def test_the_cache_keeps_the_newest_entries(monkeypatch, case):
    monkeypatch.setattr(statements, "MAX_ENTRIES", 2)
    builds: list[int] = []
    for key in ("a", "b", "c"):
        compiled_rows(Activity, (key,), _activities(case, builds))
    compiled_rows(Activity, ("c",), _activities(case, builds))
    assert builds == [1, 1, 1]
    compiled_rows(Activity, ("a",), _activities(case, builds))  # fell out
    assert builds == [1, 1, 1, 1]
