"""A small organisation whose every figure the tests compute by hand (see test_board_report).

Period 2025-01-01 – 2025-06-30 (the year so far); it is compared with 2024-01-01 – 2024-06-30.

    case  gender born        start       waiting  closed      reason             notes
    A     woman  2000-03-01  2024-10-01  10       2025-02-15  work_unsubsidised  age 25 at end
    B     man    1990-01-01  2025-02-01  20       –                              age 35
    C     woman  2005-05-05  2025-03-01  30       2025-06-01  studies            age 20
    D     man    1965-01-01  2023-06-01  5        –                              protected, 60
    E     woman  1958-01-01  2023-09-01  8        2024-01-10  moved              67
    F     woman  1980-01-01  2023-08-01  12       2024-06-01  work_subsidised    45
    G     (another organisation, inside the period: never counted)
"""

import datetime

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.outcomes.services import outcomes_schedule_for_case
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.statistics.periods import Period

D = datetime.date
PERIOD = Period(D(2025, 1, 1), D(2025, 6, 30))


def build() -> dict:
    organisation = OrganisationFactory(name="Handby kommun")
    unit = UnitFactory(organisation=organisation, support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(coach=True, unit=unit)
    manager = UserFactory(manager=True, unit=unit)

    def case(gender, born, start, waiting, closed=None, reason="", protected=False):
        person = ParticipantFactory(
            unit=unit, gender=gender, birth_date=born, is_protected=protected
        )
        extra = {"status": "active", "closed_on": None, "closure_reason": ""}
        if closed:
            extra = {"status": "closed", "closed_on": closed, "closure_reason": reason}
        created = CaseFactory(
            unit=unit,
            coach=coach,
            participant=person,
            start_date=start,
            waiting_days=waiting,
            follow_up=False,
            next_follow_up_on=None,
            **extra,
        )
        outcomes_schedule_for_case(case=created)
        return created

    world = {
        "organisation": organisation,
        "unit": unit,
        "coach": coach,
        "manager": manager,
        "A": case("woman", D(2000, 3, 1), D(2024, 10, 1), 10, D(2025, 2, 15), "work_unsubsidised"),
        "B": case("man", D(1990, 1, 1), D(2025, 2, 1), 20),
        "C": case("woman", D(2005, 5, 5), D(2025, 3, 1), 30, D(2025, 6, 1), "studies"),
        "D": case("man", D(1965, 1, 1), D(2023, 6, 1), 5, protected=True),
        "E": case("woman", D(1958, 1, 1), D(2023, 9, 1), 8, D(2024, 1, 10), "moved"),
        "F": case("woman", D(1980, 1, 1), D(2023, 8, 1), 12, D(2024, 6, 1), "work_subsidised"),
    }
    CaseFactory(start_date=D(2025, 2, 1))  # G, in another organisation
    follow_ups = {
        (key, months): world[key].outcome_follow_ups.get(months_after=months)
        for key in ("E", "F")
        for months in (6, 12)
    }
    for (key, months), status in {
        ("E", 12): "no_support",
        ("F", 12): "in_work",
        ("F", 6): "in_work",
    }.items():
        follow_up = follow_ups[(key, months)]
        follow_up.status = status
        follow_up.recorded_on = follow_up.due_on
        follow_up.save()
    return world
