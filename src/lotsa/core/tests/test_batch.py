"""lotsa.core.batch: several querysets in one statement give what each gives on its own."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Max, Q
from django.test.utils import CaptureQueriesContext

from lotsa.cases.journal.models import Note
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Activity, Case, FollowUp, PlanVersion
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, FollowUpFactory
from lotsa.core.batch import (
    PREPARED_PER_CONNECTION,
    attach,
    clear,
    compiled,
    kept_count,
    read_in_step,
    read_one,
    read_rounds,
    read_together,
)
from lotsa.work.constants import PlacementKind, PlacementStatus
from lotsa.work.models import Placement
from lotsa.work.services import placement_create
from lotsa.work.tests.factories import TrainingArenaFactory, catalogue_install

pytestmark = pytest.mark.django_db


def _fields(rows):
    return [
        {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
        for row in rows
    ]


@pytest.fixture
def case():
    case = CaseFactory()
    for number in range(4):
        ActivityFactory(case=case, starts_on=case.start_date + datetime.timedelta(days=number))
        note = NoteFactory(case=case, signed=True, text=f"Anteckning {number}")
        if number % 2:
            NoteFactory(case=case, amendment=True, amends=note)
        FollowUpFactory(case=case, due_on=case.start_date + datetime.timedelta(days=90 * number))
    return case


def test_read_together_gives_each_querysets_own_rows_in_one_query(case, django_assert_num_queries):
    querysets = {
        "notes": Note.objects.filter(case=case)
        .select_related("author", "case__participant")
        .order_by("-occurred_on", "-id")[1:4],
        "activities": Activity.objects.filter(case=case)
        .select_related("activity_type")
        .annotate(comment_count=Count("comments"))
        .order_by("-starts_on", "id"),
        "follow_ups": FollowUp.objects.filter(case=case).order_by("due_on"),
        "versions": PlanVersion.objects.filter(case=case).defer("snapshot").order_by("-number"),
        "nothing": Note.objects.filter(pk__in=[]),
        "other case": Note.objects.filter(case=CaseFactory()),
    }
    expected = {name: list(queryset) for name, queryset in querysets.items()}
    with django_assert_num_queries(1):
        read = read_together(querysets)
    assert list(read) == list(querysets)
    for name, rows in read.items():
        assert _fields(rows) == _fields(expected[name]), name
    assert len(read["notes"]) == 3
    assert read["notes"][0].author.username == expected["notes"][0].author.username
    assert read["notes"][0].case.participant == case.participant  # two levels of select_related
    assert [row.comment_count for row in read["activities"]] == [0, 0, 0, 0]
    assert read["activities"][0].activity_type == expected["activities"][0].activity_type
    assert isinstance(read["follow_ups"][0].due_on, datetime.date)
    assert read["nothing"] == [] and read["other case"] == []
    read["follow_ups"][0].save()  # a row read together is a saved row (update, not insert)
    assert FollowUp.objects.filter(case=case).count() == len(expected["follow_ups"])


def test_values_lists_dates_times_decimals_and_json_come_back_as_the_driver_gives_them(case):
    catalogue_install(case.organisation)
    placement_create(
        actor=case.coach,
        case=case,
        kind=PlacementKind.WORK_TRAINING,
        arena=TrainingArenaFactory(unit=case.unit),
        starts_on=case.start_date,
        ends_on=case.start_date + datetime.timedelta(days=60),
        hours_per_week="17.5",
        status=PlacementStatus.ONGOING,
    )
    querysets = {
        "latest": PlanVersion.objects.filter(case=case)
        .values_list("author_side")
        .annotate(latest=Max("number"))
        .values_list("author_side", "latest")
        .order_by("author_side"),
        "versions": PlanVersion.objects.filter(case=case).order_by("number"),
        "placements": Placement.objects.filter(case=case).select_related("arena", "case"),
        "cases": Case.objects.filter(Q(pk=case.pk)).values("pk", "start_date", "created_at"),
    }
    expected = {name: list(queryset) for name, queryset in querysets.items()}
    read = read_together(querysets)
    assert read["latest"] == expected["latest"]
    assert read["cases"] == expected["cases"]
    assert _fields(read["versions"]) == _fields(expected["versions"])
    assert isinstance(read["versions"][0].snapshot, dict)  # a JSONField, parsed once
    assert _fields(read["placements"]) == _fields(expected["placements"])
    assert read["placements"][0].hours_per_week == Decimal("17.5")


def test_prefetch_related_is_refused_rather_than_run_behind_the_batch(case):
    with pytest.raises(ValueError, match="prefetch_related"):
        read_together({"notes": Note.objects.prefetch_related("amendments")})


def _reader(case, calls):
    notes = yield {"notes": Note.objects.filter(case=case, amends__isnull=True).order_by("id")}
    calls.append("first")
    ids = [note.pk for note in notes["notes"]]
    amendments = yield {"amendments": Note.objects.filter(amends_id__in=ids).order_by("id")}
    attach(notes["notes"], "amendments", amendments["amendments"], key="amends_id")
    return notes["notes"]


def _one_round(case):
    rows = yield {"follow_ups": FollowUp.objects.filter(case=case).order_by("due_on")}
    return len(rows["follow_ups"])


def test_read_rounds_reads_each_round_of_every_reader_in_one_statement(
    case, django_assert_num_queries
):
    calls: list[str] = []
    with django_assert_num_queries(2):  # the deepest reader has two rounds
        notes, follow_ups, plain = read_rounds([_reader(case, calls), _one_round(case), "as is"])
    assert calls == ["first"]
    assert follow_ups == FollowUp.objects.filter(case=case).count() and plain == "as is"
    with django_assert_num_queries(0):  # attached as prefetch_related would
        amended = [note for note in notes if note.amendments.all()]
    assert len(amended) == 2
    assert all(
        amendment.amends_id == note.pk for note in amended for amendment in note.amendments.all()
    )


def test_a_reader_made_of_readers_returns_each_ones_result(case, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = read_one(read_in_step([_one_round(case), _one_round(case)]))
    assert counts == [FollowUp.objects.filter(case=case).count()] * 2


def _prepared_statements(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def _shape(case, text):
    return {
        "notes": Note.objects.filter(case=case, text__icontains=text)
        .select_related("author")
        .order_by("-occurred_on", "-id"),
        "activities": Activity.objects.filter(case=case)
        .annotate(comment_count=Count("comments"))
        .order_by("starts_on", "id"),
        "versions": PlanVersion.objects.filter(case=case, number__gte=0).values_list(
            "number", "author_side"
        ),
    }


def test_on_postgresql_one_prepared_statement_serves_every_case_of_a_shape(case, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    other = CaseFactory()
    NoteFactory(case=other, signed=True, text="Ett samtal om praktik")
    before = set(_prepared_statements(connection))
    for each, text in [(case, "anteckning 1"), (other, "PRAKTIK"), (case, "%")]:
        querysets = _shape(each, text)
        expected = {name: list(queryset) for name, queryset in querysets.items()}
        read = read_together(querysets)
        for name in ("notes", "activities"):
            assert _fields(read[name]) == _fields(expected[name]), name
        assert read["versions"] == expected["versions"]
    assert [note.text for note in read_together(_shape(other, "praktik"))["notes"]] == [
        "Ett samtal om praktik"
    ]
    new = [statement for statement in _prepared_statements(connection) if statement not in before]
    assert len(new) == 1  # the values went as parameters: one text for both cases
    assert "$1" in new[0]
    assert connection.connection.prepared_max == PREPARED_PER_CONNECTION  # bounded memory
    # The query log shows the statement with its values, as Django's own cursors send it.
    with CaptureQueriesContext(connection) as captured:
        read_together(_shape(other, "praktik"))
    (logged,) = [query["sql"] for query in captured.captured_queries]
    assert "$1" not in logged and "'%praktik%'" in logged.lower()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + logged)

    settings.LOTSA_BATCH_PREPARED_STATEMENTS = False
    querysets = _shape(CaseFactory(), "x")
    read_together(querysets)
    assert [s for s in _prepared_statements(connection) if s not in before] == new


def test_on_postgresql_a_connection_keeps_a_bounded_number_of_prepared_statements(case):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    before = set(_prepared_statements(connection))
    for limit in range(1, PREPARED_PER_CONNECTION + 4):  # LIMIT is literal: a shape each
        read_together({"notes": Note.objects.filter(case=case).order_by("id")[:limit]})
    new = [statement for statement in _prepared_statements(connection) if statement not in before]
    assert 0 < len(new) <= PREPARED_PER_CONNECTION


# Compiled reads: built and compiled once per key, the case's ids as parameters ---------------


def _notes_of(case_id):
    return (
        Note.objects.filter(case_id=case_id, amends__isnull=True)
        .select_related("author")
        .order_by("-occurred_on", "-id")
    )


class _Builds:
    """A `build` that counts its calls."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, *values):
        self.calls += 1
        return self.build(*values)


def test_a_compiled_read_is_built_on_its_first_read_and_gives_each_case_its_own_rows(
    case, django_assert_num_queries
):
    clear()
    other = CaseFactory()
    NoteFactory(case=other, signed=True, text="Den andras anteckning")
    build = _Builds(_notes_of)
    for each in (case, other, case):
        with django_assert_num_queries(1):
            read = read_together({"notes": compiled(Note, ("test", "notes"), build, each.pk)})
        assert _fields(read["notes"]) == _fields(_notes_of(each.pk)), each
        assert read["notes"][0].author == _notes_of(each.pk)[0].author  # select_related
    assert build.calls == 2  # the two stand-ins of the first read, then nothing
    assert [
        note.text
        for note in read_together({"notes": compiled(Note, ("test", "notes"), build, other.pk)})[
            "notes"
        ]
    ] == ["Den andras anteckning"]


def test_a_read_whose_sql_does_not_follow_its_values_is_built_each_time_and_stays_right(case):
    clear()
    other = CaseFactory()
    FollowUpFactory(case=other)
    calls = []

    def ignoring(each):  # takes the case from the page instead of its argument: never kept
        def build(case_id):
            calls.append(case_id)
            return FollowUp.objects.filter(case_id=each.pk).order_by("id")

        return build

    def moving(case_id):  # a value used in the SQL's text, not as a parameter
        calls.append(case_id)
        return FollowUp.objects.filter(case_id=case_id).order_by("id")[: case_id % 7 + 1]

    for key, make in (("ignoring", ignoring), ("moving", lambda each: moving)):
        calls.clear()
        for each in (case, other, case):
            read = read_together({"rows": compiled(FollowUp, ("test", key), make(each), each.pk)})
            expected = FollowUp.objects.filter(case_id=each.pk).order_by("id")
            assert _fields(read["rows"]) == _fields(expected[: len(read["rows"])]), key
            assert read["rows"], key
        assert len(calls) == 3 * 3, key  # two stand-ins and the real one, on every read
    assert kept_count() == 0


def test_a_compiled_read_that_a_stand_in_makes_empty_is_not_kept_empty(case):
    clear()

    def empty_for_unknown(case_id):
        return FollowUp.objects.filter(case_id__in=[case_id] if case_id < 10**9 else [])

    build = _Builds(empty_for_unknown)
    read = read_together({"rows": compiled(FollowUp, ("test", "empty"), build, case.pk)})
    assert len(read["rows"]) == FollowUp.objects.filter(case=case).count() > 0
    assert kept_count() == 0
