"""A small fixed data set for the national reports, built through the services.

One organisation (municipality code 2262), one unit, its coach and manager. Closures in 2025,
each an edge case of Kolada's definition (expected figures are computed by hand in the tests):

| case | closed | reason | details | 1 month after | 6 months after |
| --- | --- | --- | --- | --- | --- |
| A | 2025-03-10 | work, unsubsidised | not municipal | in work, lasted | in work |
| B | 2025-04-30 | work, subsidised | not municipal | no support (ended after three weeks) | – |
| C | 2025-05-15 | work, subsidised | municipal labour-market employment | – | – |
| D | 2025-06-01 | studies | Komvux, CSN | studies | – |
| E | 2025-06-02 | studies | other, no CSN | seeking work | – |
| F | 2025-12-31 | moved (protected identity) | – | – | – |
| G | 2025-12-31 | work, unsubsidised | not municipal | in work, lasted | – |
| I | 2025-08-20 | work, unsubsidised | not municipal | in work, not a whole month | – |
| H | 2024-12-31 | work (outside the year) | not municipal | – | – |

And J, an open case with activities in December 2025 (SKR 2 and 10; a cancelled SKR 8; an SKR 1
that ended in November). F has an SKR 12 activity in December, G an SKR 5 one.
"""

import datetime
from dataclasses import dataclass

from lotsa.cases import services as case_services
from lotsa.cases.closure_details import ClosureDetails
from lotsa.cases.constants import ActivityStatus, ClosureReason, SkrCategory, StudyForm
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.outcomes.services import outcome_record
from lotsa.people.tests.factories import ParticipantFactory

D = datetime.date


@dataclass
class DataSet:
    organisation: Organisation
    unit: Unit
    coach: User
    manager: User
    cases: dict[str, Case]


def _record(case: Case, months: int, status: str, on: datetime.date, lasted=None) -> None:
    follow_up = OutcomeFollowUp.objects.get(case=case, months_after=months)
    outcome_record(
        actor=case.coach,
        follow_up=follow_up,
        status=status,
        recorded_on=on,
        expected_version=follow_up.version,
        work_lasted_month=lasted,
    )


def build() -> DataSet:
    organisation = OrganisationFactory(name="Rapportkommun", municipality_code="2262")
    unit = UnitFactory(organisation=organisation, support=True)
    coach = UserFactory(coach=True, unit=unit)
    manager = UserFactory(manager=True, unit=unit)
    cases: dict[str, Case] = {}

    def case(key: str, start: datetime.date, *, protected: bool = False) -> Case:
        person = ParticipantFactory(unit=unit, is_protected=protected)
        cases[key] = CaseFactory(unit=unit, coach=coach, participant=person, start_date=start)
        return cases[key]

    def close(key: str, reason: str, on: datetime.date, details: ClosureDetails) -> None:
        case_services.case_close(
            actor=coach, case=cases[key], reason=reason, closed_on=on, details=details
        )
        cases[key].refresh_from_db()

    def activity(key: str, category: int, starts, ends, status=ActivityStatus.ONGOING) -> None:
        ActivityFactory(
            case=cases[key],
            skr_category=category,
            activity_type__skr_category=category,
            starts_on=starts,
            ends_on=ends,
            status=status,
        )

    job = ClosureDetails(employment_start=D(2025, 3, 1), municipal_employment=False)
    case("A", D(2024, 9, 1))
    close("A", ClosureReason.WORK_UNSUBSIDISED, D(2025, 3, 10), job)
    _record(cases["A"], 1, OutcomeStatus.IN_WORK, D(2025, 4, 12), lasted=True)
    _record(cases["A"], 6, OutcomeStatus.IN_WORK, D(2025, 9, 15))

    case("B", D(2024, 10, 1))
    close(
        "B",
        ClosureReason.WORK_SUBSIDISED,
        D(2025, 4, 30),
        ClosureDetails(employment_start=D(2025, 5, 1), municipal_employment=False),
    )
    _record(cases["B"], 1, OutcomeStatus.NO_SUPPORT, D(2025, 6, 2))  # ended after three weeks

    case("C", D(2024, 11, 1))
    close(
        "C",
        ClosureReason.WORK_SUBSIDISED,
        D(2025, 5, 15),
        ClosureDetails(employment_start=D(2025, 5, 16), municipal_employment=True),
    )

    case("D", D(2025, 1, 2))
    close(
        "D",
        ClosureReason.STUDIES,
        D(2025, 6, 1),
        ClosureDetails(study_form=StudyForm.KOMVUX, csn_eligible=True),
    )
    _record(cases["D"], 1, OutcomeStatus.STUDIES, D(2025, 7, 3))

    case("E", D(2025, 1, 2))
    close(
        "E",
        ClosureReason.STUDIES,
        D(2025, 6, 2),
        ClosureDetails(study_form=StudyForm.OTHER, csn_eligible=False),
    )
    _record(cases["E"], 1, OutcomeStatus.SEEKING_WORK, D(2025, 7, 3))

    case("F", D(2025, 2, 1), protected=True)
    activity("F", SkrCategory.COORDINATION, D(2025, 11, 1), D(2026, 1, 31))
    close("F", ClosureReason.MOVED, D(2025, 12, 31), ClosureDetails())

    case("G", D(2025, 2, 1))
    activity("G", SkrCategory.INTERNSHIP, D(2025, 12, 1), D(2025, 12, 31))
    close(
        "G",
        ClosureReason.WORK_UNSUBSIDISED,
        D(2025, 12, 31),
        ClosureDetails(employment_start=D(2026, 1, 2), municipal_employment=False),
    )
    _record(cases["G"], 1, OutcomeStatus.IN_WORK, D(2026, 2, 5), lasted=True)

    case("I", D(2025, 2, 1))
    close("I", ClosureReason.WORK_UNSUBSIDISED, D(2025, 8, 20), job)
    _record(cases["I"], 1, OutcomeStatus.IN_WORK, D(2025, 9, 22), lasted=False)

    case("H", D(2024, 5, 1))
    close(
        "H",
        ClosureReason.WORK_UNSUBSIDISED,
        D(2024, 12, 31),
        ClosureDetails(employment_start=D(2024, 12, 1), municipal_employment=False),
    )

    case("J", D(2025, 6, 1))
    activity("J", SkrCategory.JOB_SEEKING, D(2025, 11, 15), None)
    activity("J", SkrCategory.LANGUAGE, D(2025, 12, 20), D(2026, 2, 1))
    activity("J", SkrCategory.MUNICIPAL_EMPLOYMENT, D(2025, 12, 1), None, ActivityStatus.CANCELLED)
    activity("J", SkrCategory.WORK_TRAINING, D(2025, 9, 1), D(2025, 11, 30), ActivityStatus.DONE)
    return DataSet(organisation, unit, coach, manager, cases)
