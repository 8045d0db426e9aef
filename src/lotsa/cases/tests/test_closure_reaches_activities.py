"""Closing a case ends (or hands over) every activity at the closure date; nothing restarts on
reopening; end dates can still be corrected after closure; the data migration mends old rows."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases import services
from lotsa.cases.constants import ActivityStatus, CaseStatus, ClosureReason, ResponsibleParty
from lotsa.cases.effective_end import effective_end, ran_between_q, runs_on_q
from lotsa.cases.models import Activity, Case, PlanVersion
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, today
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _plan(case):
    """An ongoing activity without end, one ending after closure, one due to start after it,
    and one that was done long before."""
    closes = today() - 10 * DAY
    return closes, {
        "open_ended": ActivityFactory(
            case=case, ongoing=True, starts_on=case.start_date, ends_on=None
        ),
        "ends_later": ActivityFactory(
            case=case, ongoing=True, starts_on=case.start_date, ends_on=today() + 30 * DAY
        ),
        "starts_later": ActivityFactory(case=case, starts_on=closes + 5 * DAY, ends_on=None),
        "done_before": ActivityFactory(
            case=case, done=True, starts_on=case.start_date, ends_on=case.start_date + 5 * DAY
        ),
    }


def _close(case, closes, **extra):
    return services.case_close(
        actor=case.coach,
        case=case,
        reason=ClosureReason.STUDIES,
        closed_on=closes,
        **extra,
    )


def test_closing_ends_every_running_activity_at_the_closure_date():
    case = CaseFactory()
    closes, plan = _plan(case)
    _close(case, closes)
    for activity in plan.values():
        activity.refresh_from_db()
    assert (plan["open_ended"].status, plan["open_ended"].ends_on) == (ActivityStatus.DONE, closes)
    assert (plan["ends_later"].status, plan["ends_later"].ends_on) == (ActivityStatus.DONE, closes)
    assert plan["starts_later"].status == ActivityStatus.CANCELLED
    assert plan["done_before"].ends_on == case.start_date + 5 * DAY
    assert not Activity.objects.filter(case=case, status__in=("planned", "ongoing")).exists()
    history = PlanVersion.objects.filter(case=case).order_by("-number").first()
    assert history is not None and history.summary.startswith("Ärendet avslutades")
    assert (
        AuditRecord.objects.filter(
            object_type="cases.activity", summary__contains="när ärendet avslutades"
        ).count()
        == 2
    )


def test_an_activity_can_be_handed_over_at_closure_and_still_ends_in_the_plan():
    case = CaseFactory()
    closes, plan = _plan(case)
    handed = plan["ends_later"]
    _close(case, closes, handovers={handed.pk: ResponsibleParty.ARBETSFORMEDLINGEN})
    handed.refresh_from_db()
    assert handed.handed_over_to == ResponsibleParty.ARBETSFORMEDLINGEN
    assert (handed.status, handed.ends_on) == (ActivityStatus.DONE, closes)
    assert AuditRecord.objects.filter(summary__contains="överlämnad till Arbetsförmedlingen")


def test_a_handover_to_nobody_or_of_another_cases_activity_is_refused_and_nothing_closes():
    case = CaseFactory()
    closes, plan = _plan(case)
    stranger = ActivityFactory()
    for handovers, field in (
        ({plan["ends_later"].pk: "coach"}, f"activity_{plan['ends_later'].pk}"),
        ({stranger.pk: ResponsibleParty.REGION}, f"activity_{stranger.pk}"),
    ):
        with pytest.raises(ValidationError) as error:
            _close(case, closes, handovers=handovers)
        assert field in error.value.message_dict
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
    assert Activity.objects.get(pk=plan["open_ended"].pk).status == ActivityStatus.ONGOING


def test_the_closing_page_lists_what_runs_and_asks_about_each(client):
    case = CaseFactory()
    closes, plan = _plan(case)
    client.force_login(case.coach)
    url = reverse("cases:close", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Det som pågår i ärendet" in page
    for key in ("open_ended", "ends_later", "starts_later"):
        assert f'name="close-activity_{plan[key].pk}"' in page
    assert f'name="close-activity_{plan["done_before"].pk}"' not in page
    assert "Lämnas över till: Arbetsförmedlingen" in page
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Det här pågår och avslutas på avslutsdatumet:" in detail
    response = client.post(
        url,
        {
            "close-reason": ClosureReason.WORK_UNSUBSIDISED,
            "close-employment_start": today().isoformat(),
            "close-municipal_employment": "no",
            "close-closed_on": closes.isoformat(),
            "close-expected_version": case.version,
            "close-expected_plan_version": case.plan_version,
            f"close-activity_{plan['ends_later'].pk}": ResponsibleParty.EMPLOYER,
        },
    )
    assert response.status_code == 302
    ended = Activity.objects.get(pk=plan["open_ended"].pk)
    handed = Activity.objects.get(pk=plan["ends_later"].pk)
    assert (ended.status, ended.ends_on, ended.handed_over_to) == ("done", closes, "")
    assert (handed.ends_on, handed.handed_over_to) == (closes, ResponsibleParty.EMPLOYER)
    plan_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Överlämnad till Arbetsgivaren" in plan_page


def test_a_stale_closing_page_gets_the_conflict_message_and_closes_nothing(client):
    case = CaseFactory()
    client.force_login(case.coach)
    url = reverse("cases:close", args=[case.pk])
    seen = {"version": case.version, "plan": case.plan_version}
    # Meanwhile a colleague adds an activity the closing page never showed.
    added = services.activity_add(
        actor=case.coach,
        case=case,
        expected_plan_version=case.plan_version,
        activity_type=ActivityFactory(case=case).activity_type,
        starts_on=today() - 5 * DAY,
        status=ActivityStatus.ONGOING,
    )
    response = client.post(
        url,
        {
            "close-reason": ClosureReason.MOVED,
            "close-closed_on": today().isoformat(),
            "close-expected_version": seen["version"],
            "close-expected_plan_version": seen["plan"],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan har sparat ändringar" in content
    assert f'name="close-activity_{added.pk}"' in content  # the page now shows it
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
    assert Activity.objects.get(pk=added.pk).status == ActivityStatus.ONGOING


def test_a_closing_page_of_a_case_someone_closed_meanwhile_says_so(client):
    case = CaseFactory()
    client.force_login(case.coach)
    _close(case, today())
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        {
            "close-reason": ClosureReason.MOVED,
            "close-closed_on": today().isoformat(),
            "close-expected_version": 1,
            "close-expected_plan_version": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Ärendet är avslutat" in response.content.decode()
    assert Case.objects.get(pk=case.pk).closure_reason == ClosureReason.STUDIES


def test_reopening_restarts_nothing():
    case = CaseFactory()
    closes, plan = _plan(case)
    _close(case, closes)
    manager = UserFactory(manager=True, unit=case.unit)
    services.case_reopen(actor=manager, case=Case.objects.get(pk=case.pk), reason="Nytt behov")
    for key, status in (
        ("open_ended", "done"),
        ("ends_later", "done"),
        ("starts_later", "cancelled"),
    ):
        activity = Activity.objects.get(pk=plan[key].pk)
        assert activity.status == status
        if status == "done":
            assert activity.ends_on == closes
    reopened = Case.objects.get(pk=case.pk)
    assert reopened.status == CaseStatus.ACTIVE
    running = Activity.objects.filter(runs_on_q(today()), case=reopened)
    assert not running.exclude(status=ActivityStatus.CANCELLED).exists()


def test_coach_corrects_an_end_date_after_closure_and_it_is_audited(client):
    case = CaseFactory()
    closes, plan = _plan(case)
    _close(case, closes)
    case.refresh_from_db()
    activity = Activity.objects.get(pk=plan["open_ended"].pk)
    client.force_login(case.coach)
    url = reverse("cases:activity_edit", args=[case.pk, activity.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Rätta slutdatum" in page.content.decode()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Rätta slutdatum" in detail
    too_late = client.post(url, {"ends_on": today().isoformat(), "version": case.plan_version})
    assert "kan inte vara efter ärendets avslut" in too_late.content.decode()
    too_early = (case.start_date - DAY).isoformat()
    before = client.post(url, {"ends_on": too_early, "version": case.plan_version})
    assert "kan inte vara före startdatum" in before.content.decode()
    assert Activity.objects.get(pk=activity.pk).ends_on == closes
    corrected = closes - 7 * DAY
    done = client.post(url, {"ends_on": corrected.isoformat(), "version": case.plan_version})
    assert done.status_code == 302
    assert Activity.objects.get(pk=activity.pk).ends_on == corrected
    record = AuditRecord.objects.filter(summary__startswith="Rättat slutdatum efter avslut").get()
    assert record.changes == {"ends_on": [closes.isoformat(), corrected.isoformat()]}
    stale = client.post(url, {"ends_on": closes.isoformat(), "version": case.plan_version})
    assert "Någon annan har sparat ändringar" in stale.content.decode()


def test_only_the_units_staff_correct_end_dates_and_only_of_closed_cases():
    case = CaseFactory()
    closes, plan = _plan(case)
    activity = plan["open_ended"]
    with pytest.raises(ValidationError, match="Ärendet är öppet"):
        services.activity_end_correct(
            actor=case.coach, activity=activity, expected_plan_version=0, ends_on=today()
        )
    _close(case, closes)
    activity.refresh_from_db()
    outsider = UserFactory(coach=True)
    with pytest.raises(PermissionDenied):
        services.activity_end_correct(
            actor=outsider, activity=activity, expected_plan_version=0, ends_on=closes
        )


def test_effective_end_is_the_earlier_of_end_and_closure():
    first, second = datetime.date(2025, 3, 1), datetime.date(2025, 5, 1)
    assert effective_end(None, None) is None
    assert effective_end(first, None) == first
    assert effective_end(None, second) == second
    assert effective_end(second, first) == first
    assert effective_end(first, second) == first


def test_rows_left_open_on_a_closed_case_never_count_after_the_closure():
    case = CaseFactory()
    running = ActivityFactory(case=case, ongoing=True, starts_on=case.start_date, ends_on=None)
    never = ActivityFactory(case=case, starts_on=today() - 5 * DAY, ends_on=None)
    closes = today() - 10 * DAY
    # A case closed before closure reached its activities (as on the demo database).
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=closes, closure_reason=ClosureReason.MOVED
    )
    rows = Activity.objects.filter(case=case)
    assert not rows.filter(runs_on_q(today())).exists()
    assert set(rows.filter(runs_on_q(closes))) == {running}
    assert set(rows.filter(ran_between_q(closes - 30 * DAY, today()))) == {running}
    assert not rows.filter(ran_between_q(today() - 5 * DAY, today())).exists()
    assert never.pk not in set(
        rows.filter(ran_between_q(today() - 30 * DAY, today())).values_list("pk", flat=True)
    )


def test_the_migration_mends_activities_left_open_on_closed_cases():
    migration = importlib.import_module(
        "lotsa.cases.migrations.0005_end_activities_of_closed_cases"
    )
    case = CaseFactory()
    closes, plan = _plan(case)
    untouched = ActivityFactory(ongoing=True, ends_on=None)  # on an open case
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=closes, closure_reason=ClosureReason.MOVED
    )
    migration.end_activities_of_closed_cases(apps, None)
    states = {key: Activity.objects.get(pk=a.pk) for key, a in plan.items()}
    assert (states["open_ended"].status, states["open_ended"].ends_on) == ("done", closes)
    assert (states["ends_later"].status, states["ends_later"].ends_on) == ("done", closes)
    assert (states["starts_later"].status, states["starts_later"].ends_on) == ("cancelled", None)
    assert states["done_before"].ends_on == case.start_date + 5 * DAY
    fresh = Activity.objects.get(pk=untouched.pk)
    assert (fresh.status, fresh.ends_on) == ("ongoing", None)


def test_a_closing_page_with_a_garbled_version_asks_to_reload_and_closes_nothing(client):
    case = CaseFactory()
    client.force_login(case.coach)
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        {
            "close-reason": ClosureReason.MOVED,
            "close-closed_on": today().isoformat(),
            "close-expected_version": "x'; DROP TABLE",
            "close-expected_plan_version": "-1",
        },
    )
    assert response.status_code == 200
    assert "Sidan är inte längre aktuell" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
