"""The monthly attendance report (issue 16 item 6): hours per activity kind per day from the
registered attendance and the plan, reviewed before anything is absence, confirmed by the
participant, signed by the coach, summarised for the referring officer.

The fixed month is March 2025 (Saturday 1 – Monday 31, 21 weekdays). Hand-computed:
- praktik at an employer, 20 h/week = 4,0 h a registered day, 3–14 March (10 weekdays):
  present 3, 4, 5, 6 and 10 (5 × 4,0 = 20,0 h), sick 7 (reviewed: registered by the coach),
  oanmäld 11 (to review), nothing 12, 13, 14 (ej registrerat);
- arbetsträning at an arena, 30 h/week = 6,0 h, from 17 March: present 17, 18 and Saturday 22
  (18,0 h); 19–21, 24–28 and 31 ej registrerat (9 days);
- a plan activity on Wednesday 5 March only, besides the praktik: ej registrerat.
23 lines; 14 days ej registrerat (11–14, 19–21, 24–28, 31 and 5 for the plan activity).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.work import queries, services
from lotsa.work.constants import (
    ActivityKind,
    AttendanceReportStatus,
    AttendanceStatus,
    DayReview,
    PlacementKind,
    PlacementStatus,
)
from lotsa.work.models import AttendanceReport, AttendanceReportDay
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory, catalogue_install
from lotsa.work.tests.placing import work_training_start

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 1)
MARCH_END = datetime.date(2025, 3, 31)


def d(day: int, month: int = 3) -> datetime.date:
    return datetime.date(2025, month, day)


def _record(coach, placement, days, status):
    for day in days:
        services.attendance_record(actor=coach, placement=placement, day=d(day), status=status)


@pytest.fixture
def world():
    case = CaseFactory(referred=True, start_date=d(15, 1))
    coach = case.coach
    catalogue_install(case.organisation)
    employer = EmployerFactory(organisation=case.organisation, name="Lagerbolaget AB")
    arena = TrainingArenaFactory(unit=case.unit, name="Second hand-butiken")
    praktik = services.placement_create(
        actor=coach,
        case=case,
        kind=PlacementKind.INTERNSHIP,
        employer=employer,
        starts_on=d(3),
        ends_on=d(14),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
    )
    training = work_training_start(case, arena, starts_on=d(17), hours_per_week="30")
    visit = ActivityFactory(
        case=case, starts_on=d(5), ends_on=d(5), activity_type__name="Studiebesök Komvux"
    )
    _record(coach, praktik, [3, 4, 5, 6, 10], AttendanceStatus.PRESENT)
    _record(coach, praktik, [7], AttendanceStatus.SICK)
    _record(coach, praktik, [11], AttendanceStatus.UNEXPLAINED)
    _record(coach, training, [17, 18, 22], AttendanceStatus.PRESENT)
    return {
        "case": case,
        "coach": coach,
        "praktik": praktik,
        "training": training,
        "visit": visit,
        "employer": employer,
        "arena": arena,
    }


def _create(world):
    return services.attendance_report_create(
        actor=world["coach"], case=world["case"], start=MARCH, end=MARCH_END
    )


def _line(report, activity, day):
    return report.days.get(activity=activity, day=day)


def _review_all(world, report):
    """The coach's review of the fixed month (hand-computed totals in the test below)."""
    praktik, training = world["praktik"].activity, world["training"].activity
    entries = {
        _line(report, world["visit"], d(5)).pk: services.DayEntry(hours=Decimal("2.5")),
        _line(report, praktik, d(11)).pk: services.DayEntry(review=DayReview.INVALID),
        _line(report, praktik, d(12)).pk: services.DayEntry(review=DayReview.GAP),
        _line(report, praktik, d(13)).pk: services.DayEntry(review=DayReview.SICK),
        _line(report, praktik, d(14)).pk: services.DayEntry(review=DayReview.SICK),
        _line(report, training, d(31)).pk: services.DayEntry(hours=Decimal("6")),
    }
    for day in (19, 20, 21, 24, 25, 26, 27, 28):
        entries[_line(report, training, d(day)).pk] = services.DayEntry(review=DayReview.VALID)
    report.refresh_from_db()
    return services.attendance_report_review(
        actor=world["coach"], report=report, version=report.version, entries=entries
    )


def _table(report):
    return queries.month_table(
        queries.attendance_report_get(actor=report.case.coach, report_id=report.pk, log=False)
    )


def test_the_draft_holds_hours_per_kind_per_day_from_registered_attendance(world):
    report = _create(world)

    assert report.status == AttendanceReportStatus.DRAFT
    assert report.days.count() == 23
    table = _table(report)
    assert table.totals == {
        ActivityKind.PLACEMENT: Decimal("20.0"),
        ActivityKind.ARENA: Decimal("18.0"),
        ActivityKind.ACTIVITY: Decimal("0"),
    }
    assert table.total == Decimal("38.0")
    assert table.unreviewed_days == 14
    assert dict(table.absence_days)["Frånvaro – sjuk"] == 1  # 7 March, registered as sick
    saturday = next(row for row in table.rows if row.day == d(22))
    assert saturday.hours[ActivityKind.ARENA] == Decimal("6.0")
    oanmald = _line(report, world["praktik"].activity, d(11))
    assert oanmald.is_unreviewed and oanmald.note == "Frånvarande – oanmäld"
    # Nothing after the arena placement's month end and nothing on an ordinary weekend.
    assert not report.days.filter(day__in=[d(1), d(2), d(8), d(9), d(23)]).exists()


def test_a_day_with_two_activities_and_the_reviewed_month_add_up_by_hand(world):
    report = _review_all(world, _create(world))

    table = _table(report)
    wednesday = next(row for row in table.rows if row.day == d(5))
    assert wednesday.hours == {
        ActivityKind.PLACEMENT: Decimal("4.0"),
        ActivityKind.ARENA: Decimal("0"),
        ActivityKind.ACTIVITY: Decimal("2.5"),
    }
    assert wednesday.total == Decimal("6.5")
    assert table.totals == {
        ActivityKind.PLACEMENT: Decimal("20.0"),
        ActivityKind.ARENA: Decimal("24.0"),
        ActivityKind.ACTIVITY: Decimal("2.5"),
    }
    assert table.total == Decimal("46.5")
    assert dict(table.absence_days) == {
        "Frånvaro – sjuk": 3,  # 7, 13 and 14 March
        "Frånvaro – giltig": 8,  # 19–21 and 24–28 March at the arena
        "Frånvaro – ogiltig": 1,  # 11 March, oanmäld, reviewed as invalid
        "Frånvaro – annat": 0,
    }
    assert table.gap_days == 1 and table.unreviewed_days == 0


def test_signing_is_blocked_until_every_day_without_hours_is_reviewed(world):
    report = _create(world)
    participant = participant_account_for(world["case"].participant)
    services.attendance_report_confirm(
        actor=participant, report=report, version=report.version, agrees=True
    )

    with pytest.raises(ValidationError) as error:
        services.attendance_report_sign(actor=world["coach"], report=report, version=report.version)

    message = error.value.messages[0]
    assert message.startswith("Signera går inte än: 14 dagar är ej registrerade (5 mars 2025, ")
    assert "registreringsglapp" in message
    assert AttendanceReport.objects.get(pk=report.pk).status == AttendanceReportStatus.CONFIRMED


def test_the_whole_flow_draft_confirmed_signed_shared_and_a_review_asks_to_confirm_again(world):
    report = _create(world)
    participant = participant_account_for(world["case"].participant)
    services.attendance_report_confirm(
        actor=participant, report=report, version=report.version, agrees=True
    )
    assert report.status == AttendanceReportStatus.CONFIRMED

    report = _review_all(world, report)  # a change after confirmation: back to the participant
    assert report.status == AttendanceReportStatus.DRAFT and report.confirmed_at is None
    with pytest.raises(ValidationError, match="Deltagaren har inte bekräftat"):
        services.attendance_report_sign(actor=world["coach"], report=report, version=report.version)

    services.attendance_report_confirm(
        actor=participant, report=report, version=report.version, agrees=True
    )
    services.attendance_report_sign(actor=world["coach"], report=report, version=report.version)
    assert report.status == AttendanceReportStatus.SIGNED and report.signed_by == world["coach"]
    with pytest.raises(PermissionDenied):  # a signed month no longer changes
        services.attendance_report_review(
            actor=world["coach"], report=report, version=report.version, entries={}
        )
    services.attendance_report_share(actor=world["coach"], report=report, version=report.version)
    assert report.status == AttendanceReportStatus.SHARED
    summaries = AuditRecord.objects.filter(object_id=str(report.pk)).values_list(
        "summary", flat=True
    )
    assert "Närvaron 2025-03 signerad" in summaries
    assert "Deltagaren bekräftade närvaron 2025-03" in summaries


def test_the_participant_says_something_is_wrong_with_a_comment(world):
    report = _create(world)
    participant = participant_account_for(world["case"].participant)

    with pytest.raises(ValidationError) as error:
        services.attendance_report_confirm(
            actor=participant, report=report, version=report.version, agrees=False, comment=" "
        )
    assert error.value.message_dict == {"comment": ["Skriv vad som inte stämmer."]}

    services.attendance_report_confirm(
        actor=participant,
        report=report,
        version=report.version,
        agrees=False,
        comment="Jag var där den 12 mars också.",
    )
    report.refresh_from_db()
    assert report.status == AttendanceReportStatus.DRAFT
    assert report.participant_comment == "Jag var där den 12 mars också."
    with pytest.raises(PermissionDenied):  # someone else's month
        services.attendance_report_confirm(
            actor=participant_account_for(CaseFactory().participant),
            report=report,
            version=report.version,
            agrees=True,
        )


def test_a_stale_version_is_a_conflict_on_confirm_and_sign(world):
    report = _create(world)
    participant = participant_account_for(world["case"].participant)
    seen_by_participant = report.version
    report = _review_all(world, report)  # the coach saves while the participant reads

    with pytest.raises(EditConflictError):
        services.attendance_report_confirm(
            actor=participant,
            report=AttendanceReport.objects.get(pk=report.pk),
            version=seen_by_participant,
            agrees=True,
        )
    seen_by_coach = report.version
    services.attendance_report_confirm(
        actor=participant, report=report, version=report.version, agrees=True
    )
    with pytest.raises(EditConflictError):
        services.attendance_report_sign(
            actor=world["coach"],
            report=AttendanceReport.objects.get(pk=report.pk),
            version=seen_by_coach,
        )
    assert AttendanceReport.objects.get(pk=report.pk).status == AttendanceReportStatus.CONFIRMED


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (d(1), d(30)),  # not to the month's last day
        (d(2), d(31)),  # not from the 1st
        (d(1), d(30, 4)),  # two months
        (d(15), d(14, 4)),  # a month's length, not a calendar month
    ],
)
def test_a_period_that_is_not_a_whole_month_is_refused_at_the_field(world, start, end):
    with pytest.raises(ValidationError) as error:
        services.attendance_report_create(
            actor=world["coach"], case=world["case"], start=start, end=end
        )
    assert error.value.message_dict["start"][0].startswith(
        "Perioden måste vara en hel kalendermånad"
    )
    assert not AttendanceReport.objects.exists()


def test_more_than_24_hours_a_day_is_refused_and_nothing_is_saved(world):
    report = _create(world)
    praktik_line = _line(report, world["praktik"].activity, d(5))
    visit_line = _line(report, world["visit"], d(5))

    with pytest.raises(ValidationError) as error:
        services.attendance_report_review(
            actor=world["coach"],
            report=report,
            version=report.version,
            entries={
                visit_line.pk: services.DayEntry(hours=Decimal("21")),
                _line(report, world["praktik"].activity, d(12)).pk: services.DayEntry(
                    review=DayReview.GAP
                ),
            },
        )
    assert error.value.messages == ["5 mars 2025 blir 25,0 timmar. Ett dygn har högst 24 timmar."]
    with pytest.raises(ValidationError) as error:
        services.attendance_report_review(
            actor=world["coach"],
            report=report,
            version=report.version,
            entries={visit_line.pk: services.DayEntry(hours=Decimal("25"))},
        )
    assert "5 mars 2025: ange timmar mellan 0 och 24." in error.value.messages
    with pytest.raises(ValidationError, match="inte båda"):
        services.attendance_report_review(
            actor=world["coach"],
            report=report,
            version=report.version,
            entries={visit_line.pk: services.DayEntry(hours=Decimal(2), review=DayReview.SICK)},
        )
    assert _line(report, world["praktik"].activity, d(12)).is_unreviewed
    assert AttendanceReportDay.objects.get(pk=visit_line.pk).hours is None
    assert AttendanceReportDay.objects.get(pk=praktik_line.pk).hours == Decimal("4.0")
    assert AttendanceReport.objects.get(pk=report.pk).version == report.version


def test_a_month_that_is_not_over_or_already_reported_is_refused(world):
    _create(world)
    with pytest.raises(ValidationError, match="Det finns redan en månadsrapport för 2025-03"):
        _create(world)
    today = datetime.date.today()
    this_month = today.replace(day=1)
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError, match="Månaden är inte slut än"):
        services.attendance_report_create(
            actor=world["coach"],
            case=world["case"],
            start=this_month,
            end=next_month - datetime.timedelta(days=1),
        )


def test_a_closure_on_the_months_last_day_reports_to_it_and_no_month_after(world):
    case = CaseFactory(closed=True, start_date=d(1, 2), closed_on=d(30, 4), unit=world["case"].unit)
    ActivityFactory(case=case, starts_on=d(1, 4), ends_on=None, activity_type__name="Svenska")
    ActivityFactory(case=case, starts_on=d(14, 4), ends_on=d(31, 5), activity_type__name="Kurs")

    report = services.attendance_report_create(
        actor=case.coach, case=case, start=d(1, 4), end=d(30, 4)
    )

    # April 2025 has 22 weekdays; the course ran 14–30 April (13 weekdays) as far as the
    # closure let it.
    assert report.days.count() == 22 + 13
    assert max(report.days.values_list("day", flat=True)) == d(30, 4)
    with pytest.raises(ValidationError) as error:
        services.attendance_report_create(actor=case.coach, case=case, start=d(1, 5), end=d(31, 5))
    assert error.value.message_dict["start"] == [
        "Ärendet avslutades 30 april 2025. Det blir inga månadsrapporter efter avslutet."
    ]
    with pytest.raises(PermissionDenied):  # a coach of another unit
        services.attendance_report_create(
            actor=UserFactory(coach=True, organisation=case.organisation),
            case=case,
            start=d(1, 3),
            end=d(31, 3),
        )


def test_a_plan_activity_removed_later_leaves_the_reported_month_as_it_was(world):
    from lotsa.cases.models import Case
    from lotsa.cases.services import activity_remove

    report = _review_all(world, _create(world))
    case = Case.objects.get(pk=world["case"].pk)

    activity_remove(
        actor=world["coach"], activity=world["visit"], expected_plan_version=case.plan_version
    )

    line = report.days.get(day=d(5), kind=ActivityKind.ACTIVITY)
    assert line.activity is None and line.activity_name == "Studiebesök Komvux"
    assert line.hours == Decimal("2.5")
    assert _table(report).total == Decimal("46.5")
