"""A fixed data set of monthly attendance reports (April 2025) for the pages, the API and
`lotsa report attendance`: cases referred by one officer at försörjningsstöd, each month
made from a placement's registered days, reviewed, confirmed, signed and (mostly) shared."""

import datetime
from dataclasses import dataclass, field

from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.referrals.models import Referral
from lotsa.retention.tests.factories import number_born_on
from lotsa.work import services
from lotsa.work.constants import AttendanceStatus, DayReview
from lotsa.work.models import AttendanceReport
from lotsa.work.tests.factories import EmployerFactory, catalogue_install

APRIL, APRIL_END = datetime.date(2025, 4, 1), datetime.date(2025, 4, 30)


def attendance_case(unit: Unit | None = None, **participant: object) -> Case:
    """A referred case that started in January 2025 (its own support unit unless `unit`)."""
    details = {"last_name": "Närvarosson", "is_protected": False, **participant}
    extra = {"unit": unit} if unit is not None else {}
    case = CaseFactory(
        referred=True,
        start_date=datetime.date(2025, 1, 10),
        participant__last_name=details["last_name"],
        participant__is_protected=details["is_protected"],
        participant__personal_number=number_born_on(datetime.date(1990, 4, 3)),
        **extra,
    )
    catalogue_install(case.organisation)
    return case


def attendance_placement(case: Case, employer_name: str = "Verkstaden AB", days=(1, 2)):
    """A placement 1–4 April at 25 h a week (5,0 h a day present), present on `days`."""
    employer = EmployerFactory(organisation=case.organisation, name=employer_name)
    placement = services.placement_create(
        actor=case.coach,
        case=case,
        kind="internship",
        employer=employer,
        starts_on=APRIL,
        ends_on=datetime.date(2025, 4, 4),
        hours_per_week="25",
        status="ongoing",
    )
    for day in days:
        services.attendance_record(
            actor=case.coach,
            placement=placement,
            day=APRIL.replace(day=day),
            status=AttendanceStatus.PRESENT,
        )
    return placement


def attendance_report(case: Case) -> AttendanceReport:
    return services.attendance_report_create(
        actor=case.coach, case=case, start=APRIL, end=APRIL_END
    )


def review_everything(
    case: Case, report: AttendanceReport, reviews: tuple[str, ...] = ()
) -> AttendanceReport:
    """Review every day without hours (in order: `reviews`, then valid absence), then have the
    participant confirm."""
    report.refresh_from_db()
    unreviewed = [line for line in report.days.all() if line.is_unreviewed]
    given = list(reviews) + [DayReview.VALID] * (len(unreviewed) - len(reviews))
    entries = {
        line.pk: services.DayEntry(review=review)
        for line, review in zip(unreviewed, given, strict=True)
    }
    services.attendance_report_review(
        actor=case.coach, report=report, version=report.version, entries=entries
    )
    services.attendance_report_confirm(
        actor=participant_account_for(case.participant),
        report=report,
        version=report.version,
        agrees=True,
    )
    return report


def signed_month(
    case: Case, *, days=(1, 2), reviews: tuple[str, ...] = (), share: bool = True
) -> AttendanceReport:
    """April made from a placement present on `days`, reviewed, signed and shared."""
    attendance_placement(case, employer_name=f"Verkstad {case.participant.last_name} AB", days=days)
    report = review_everything(case, attendance_report(case), reviews)
    services.attendance_report_sign(actor=case.coach, report=report, version=report.version)
    if share:
        services.attendance_report_share(actor=case.coach, report=report, version=report.version)
    report.refresh_from_db()
    return report


def referred_by(case: Case, officer: User) -> Case:
    Referral.objects.filter(pk=case.referral_id).update(referrer=officer)
    case.refresh_from_db()
    return case


@dataclass
class SharedMonths:
    organisation: Organisation
    officer: User
    reports: dict[str, AttendanceReport] = field(default_factory=dict)


def shared_months(officer: User | None = None, support: Unit | None = None) -> SharedMonths:
    """April 2025 in one organisation (hand-computed; the placement runs 1–4 April, 5,0 h a
    day present, every other day reviewed):

    - A "Andersson": present 1–2 April (10,0 h), 3–4 April valid absence: 2 days; shared.
    - B "Berglund": present 1 April (5,0 h), 2 April sick, 3 April a registration gap, 4 April
      valid absence; shared.
    - P "Skyddadsdotter" (protected identity): present 1–3 April (15,0 h); shared.
    - S "Signerasson": present 1–2 April; signed, not shared.
    - O "Annansson": shared with another officer.

    A, B, P and S are referred by `officer` (a referrer at försörjningsstöd; one is made
    unless given); O by another. The cases are `support`'s (or a new support unit's).
    """
    first = attendance_case(support, last_name="Andersson")
    organisation = first.organisation
    support = first.unit
    if officer is None:
        officer = UserFactory(
            referrer=True,
            unit=UnitFactory(organisation=organisation, name="Försörjningsstöd Väst"),
            last_name="Handläggarsson",
        )
    data = SharedMonths(organisation=organisation, officer=officer)
    data.reports["A"] = signed_month(referred_by(first, officer))
    data.reports["B"] = signed_month(
        referred_by(attendance_case(support, last_name="Berglund"), officer),
        days=(1,),
        reviews=(DayReview.SICK, DayReview.GAP, DayReview.VALID),
    )
    data.reports["P"] = signed_month(
        referred_by(
            attendance_case(support, last_name="Skyddadsdotter", is_protected=True),
            officer,
        ),
        days=(1, 2, 3),
    )
    data.reports["S"] = signed_month(
        referred_by(attendance_case(support, last_name="Signerasson"), officer),
        share=False,
    )
    other = UserFactory(referrer=True, unit=officer.unit)
    data.reports["O"] = signed_month(
        referred_by(attendance_case(support, last_name="Annansson"), other)
    )
    return data
