"""Follow-up after closure: scheduling on closure and by command, recording, the list, settings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from lotsa.cases import services as case_services
from lotsa.cases.constants import ClosureReason
from lotsa.cases.panels import panel_of
from lotsa.cases.policy import case_access
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.outcomes import queries, services
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp, OutcomeSettings

pytestmark = pytest.mark.django_db


def _record(follow_up, status, recorded_on, *, actor=None):
    """The case's coach (or `actor`) records `status` on the first version of `follow_up`."""
    return services.outcome_record(
        actor=actor or follow_up.case.coach,
        follow_up=follow_up,
        status=status,
        recorded_on=recorded_on,
        expected_version=1,
    )


def test_closing_a_case_schedules_follow_ups_at_1_6_and_12_months():
    case = CaseFactory(start_date=datetime.date(2024, 1, 10))
    case_services.case_close(
        actor=case.coach,
        case=case,
        reason=ClosureReason.WORK_UNSUBSIDISED,
        closed_on=datetime.date(2024, 8, 31),
    )
    due = list(
        case.outcome_follow_ups.order_by("months_after").values_list("months_after", "due_on")
    )
    # 1 month for the national reports (Kolada, ESF), 6 and 12 by default.
    assert due == [
        (1, datetime.date(2024, 9, 30)),
        (6, datetime.date(2025, 2, 28)),
        (12, datetime.date(2025, 8, 31)),
    ]


def test_the_organisation_chooses_the_months():
    case = CaseFactory(start_date=datetime.date(2024, 1, 10))
    OutcomeSettings.objects.create(organisation=case.organisation, months=[3, 18])
    case_services.case_close(
        actor=case.coach,
        case=case,
        reason=ClosureReason.STUDIES,
        closed_on=datetime.date(2024, 3, 1),
    )
    # The chosen months, and the 1 and 6 the national reports need.
    assert sorted(case.outcome_follow_ups.values_list("months_after", flat=True)) == [1, 3, 6, 18]


def test_the_command_schedules_closed_cases_once():
    CaseFactory(
        closed=True, closed_on=datetime.date(2024, 5, 15), start_date=datetime.date(2024, 1, 1)
    )
    CaseFactory()  # open: nothing
    call_command("schedule_outcomes")
    assert OutcomeFollowUp.objects.count() == 3
    assert set(OutcomeFollowUp.objects.values_list("due_on", flat=True)) == {
        datetime.date(2024, 6, 15),
        datetime.date(2024, 11, 15),
        datetime.date(2025, 5, 15),
    }
    call_command("schedule_outcomes")
    assert OutcomeFollowUp.objects.count() == 3


def _follow_up(**case_kwargs) -> OutcomeFollowUp:
    case = CaseFactory(
        closed=True,
        closed_on=today() - datetime.timedelta(days=200),
        start_date=today() - datetime.timedelta(days=400),
        **case_kwargs,
    )
    services.outcomes_schedule_for_case(case=case)
    return case.outcome_follow_ups.get(months_after=6)


def test_the_coach_records_where_the_person_is():
    follow_up = _follow_up()
    services.outcome_record(
        actor=follow_up.case.coach,
        follow_up=follow_up,
        status=OutcomeStatus.IN_WORK,
        recorded_on=today(),
        comment="Kvar hos Byggbolaget.",
        expected_version=1,
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.recorded_on, follow_up.version) == ("in_work", today(), 2)


@pytest.mark.parametrize(
    ("status", "recorded_on", "field", "message"),
    [
        ("", "today", "status", "Välj var personen befinner sig nu."),
        ("in_work", None, "recorded_on", "Ange ett datum."),
        ("in_work", "tomorrow", "recorded_on", "Datumet kan inte vara i framtiden."),
    ],
)
def test_bad_input_gives_a_swedish_message_and_saves_nothing(status, recorded_on, field, message):
    follow_up = _follow_up()
    when = {"today": today(), "tomorrow": today() + datetime.timedelta(days=1), None: None}
    with pytest.raises(ValidationError) as raised:
        _record(follow_up, status, when[recorded_on])
    assert raised.value.message_dict[field] == [message]
    follow_up.refresh_from_db()
    assert follow_up.status == ""


def test_two_coaches_recording_at_once_do_not_overwrite_each_other():
    follow_up = _follow_up()
    _record(follow_up, "in_work", today())
    stale = OutcomeFollowUp.objects.get(pk=follow_up.pk)
    with pytest.raises(EditConflictError):
        _record(stale, "no_support", today())
    assert OutcomeFollowUp.objects.get(pk=follow_up.pk).status == "in_work"


def test_a_coach_of_another_unit_may_not_record():
    follow_up = _follow_up()
    stranger = UserFactory(coach=True, unit__organisation=follow_up.case.organisation)
    with pytest.raises(PermissionDenied):
        _record(follow_up, "in_work", today(), actor=stranger)


def test_the_list_shows_due_follow_ups_of_the_unit_only(client, django_assert_num_queries):
    follow_up = _follow_up()
    coach = follow_up.case.coach
    _follow_up()  # another unit
    client.force_login(coach)
    response = client.get(reverse("outcomes:list"))
    assert response.status_code == 200
    assert follow_up.case.participant.last_name in response.content.decode()
    assert [f.months_after for f in queries.outcomes_due(coach)] == [1, 6]
    assert follow_up in queries.outcomes_due(coach)


def test_the_list_runs_the_same_number_of_queries_for_one_and_many(client):
    follow_up = _follow_up()
    coach = follow_up.case.coach
    client.force_login(coach)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("outcomes:list"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("outcomes:list"))
    for _ in range(4):
        case = CaseFactory(
            closed=True,
            unit=coach.unit,
            coach=coach,
            closed_on=today() - datetime.timedelta(days=200),
            start_date=today() - datetime.timedelta(days=400),
        )
        services.outcomes_schedule_for_case(case=case)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("outcomes:list"))
    assert response.content.decode().count("Registrera<span") == 10  # 1 and 6 months each
    assert len(many) == len(one)


def test_the_record_page_saves_and_shows_errors_next_to_the_field(client):
    follow_up = _follow_up()
    client.force_login(follow_up.case.coach)
    url = reverse("outcomes:record", args=[follow_up.pk])
    response = client.post(url, {"status": "", "recorded_on": today().isoformat(), "version": 1})
    assert "Välj var personen befinner sig nu." in response.content.decode()
    response = client.post(
        url, {"status": "studies", "recorded_on": today().isoformat(), "version": 1}
    )
    assert response.status_code == 302
    assert OutcomeFollowUp.objects.get(pk=follow_up.pk).status == "studies"


def test_the_administrator_sets_the_months(client):
    admin = UserFactory(administrator=True)
    client.force_login(admin)
    url = reverse("outcomes:settings")
    response = client.post(url, {"months": "6, tolv", "version": 0})
    assert "Ange hela månader" in response.content.decode()
    assert not OutcomeSettings.objects.exists()
    response = client.post(url, {"months": "12, 6, 24", "version": 0})
    assert response.status_code == 302
    assert OutcomeSettings.objects.get().months == [6, 12, 24]
    assert services.chosen_months(admin.organisation_id) == [6, 12, 24]
    assert services.months_for(admin.organisation_id) == [1, 6, 12, 24]


def test_the_demo_records_due_follow_ups_through_the_service():
    import random
    from types import SimpleNamespace

    from lotsa.outcomes.demo import build_demo

    old = CaseFactory(
        closed=True,
        closed_on=today() - datetime.timedelta(days=400),
        start_date=today() - datetime.timedelta(days=700),
    )
    recent = CaseFactory(
        closed=True,
        closed_on=today() - datetime.timedelta(days=190),
        start_date=today() - datetime.timedelta(days=300),
    )
    lines = build_demo(SimpleNamespace(rng=random.Random(1), today=today()))
    assert old.outcome_follow_ups.filter(status="").count() == 0  # 1, 6 and 12 months recorded
    assert recent.outcome_follow_ups.get(months_after=1).status != ""
    assert recent.outcome_follow_ups.get(months_after=6).status == ""  # due days ago: left
    assert lines[0].startswith("Uppföljning efter avslut: 4 registrerade")


def test_the_case_page_shows_the_follow_ups_in_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotsa.outcomes.panels import panel

    follow_up = _follow_up()
    case, coach = follow_up.case, follow_up.case.coach
    with CaptureQueriesContext(connection) as captured:
        shown = panel_of(panel, case_access(coach, case))
    assert shown is not None and shown.context["can_record"]
    assert [f.months_after for f in shown.context["follow_ups"]] == [1, 6, 12]
    assert len(captured) == 2
    assert panel_of(panel, case_access(coach, CaseFactory())) is None  # open case: no section
    client.force_login(coach)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Uppföljning efter avslut" in body
    assert reverse("outcomes:record", args=[follow_up.pk]) in body
