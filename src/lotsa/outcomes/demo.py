"""Demo: follow-ups after closure, recorded through the service by each case's coach.

Closing a case in the demo history already scheduled its 1-, 6- and 12-month follow-ups
(cases.case_close). Here the coaches record those that are due, except the last few weeks'
— those stay on the coaches' list. People closed to work mostly are still in work; at one
month, one in eight of those in work had a break in the employment (not counted by Kolada).
"""

from datetime import timedelta
from typing import Any

from lotsa.cases.constants import ClosureReason
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.outcomes.services import asks_work_lasted, outcome_record, outcomes_schedule_closed

# closure reason -> (status, weight): who is where some months later
AFTER_WORK = (
    (OutcomeStatus.IN_WORK, 70),
    (OutcomeStatus.STUDIES, 5),
    (OutcomeStatus.OTHER_SUPPORT, 10),
    (OutcomeStatus.NO_SUPPORT, 10),
    (OutcomeStatus.UNKNOWN, 5),
)
AFTER_STUDIES = (
    (OutcomeStatus.STUDIES, 60),
    (OutcomeStatus.IN_WORK, 20),
    (OutcomeStatus.NO_SUPPORT, 10),
    (OutcomeStatus.UNKNOWN, 10),
)
OTHERWISE = (
    (OutcomeStatus.OTHER_SUPPORT, 45),
    (OutcomeStatus.NO_SUPPORT, 20),
    (OutcomeStatus.IN_WORK, 10),
    (OutcomeStatus.UNKNOWN, 25),
)
LEFT_FOR_THE_LIST_DAYS = 21


def _weights(reason: str) -> tuple[tuple[str, int], ...]:
    if reason in (ClosureReason.WORK_SUBSIDISED, ClosureReason.WORK_UNSUBSIDISED):
        return AFTER_WORK
    if reason == ClosureReason.STUDIES:
        return AFTER_STUDIES
    return OTHERWISE


def build_demo(context: Any) -> list[str]:
    scheduled = outcomes_schedule_closed()
    due = (
        OutcomeFollowUp.objects.filter(
            status="", due_on__lte=context.today - timedelta(days=LEFT_FOR_THE_LIST_DAYS)
        )
        .select_related("case", "case__coach", "case__participant")
        .order_by("due_on", "pk")
    )
    recorded = 0
    for follow_up in due:
        coach = follow_up.case.coach
        if not coach.is_active or coach.unit_id != follow_up.case.unit_id:
            continue
        choices = _weights(follow_up.case.closure_reason)
        status = context.rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]
        lasted = context.rng.random() >= 1 / 8 if asks_work_lasted(follow_up) else None
        outcome_record(
            actor=coach,
            follow_up=follow_up,
            status=status,
            recorded_on=follow_up.due_on + timedelta(days=context.rng.randint(0, 14)),
            expected_version=follow_up.version,
            work_lasted_month=lasted,
        )
        recorded += 1
    waiting = OutcomeFollowUp.objects.filter(status="", due_on__lte=context.today).count()
    return [
        f"Uppföljning efter avslut: {recorded} registrerade, {waiting} att göra"
        + (f" ({scheduled} schemalagda i efterhand)" if scheduled else "")
    ]
