"""A person's whole record for the retention tests: referral, case, plan, follow-ups, notes, audit.

Rows come from each app's own factories, built straight through the ORM, so these tests do not
depend on the other apps' services. Culling counts from when entries were written, so every
row is backdated (`backdate()`) to when it would have been written.
"""

import datetime
import itertools
from typing import Any

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CaseFactory,
    FollowUpFactory,
    GoalFactory,
    PlanVersionFactory,
)
from lotsa.core.tests.factories import at, backdate
from lotsa.guidelines.tests.factories import GuidelineVersionFactory, TargetGroupFactory
from lotsa.organisations.tests.factories import UnitFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.tests.factories import ReferralFactory

__all__ = ["at", "backdate", "full_case", "looked_at", "number_born_on"]

_birth_numbers = itertools.count(200)


def number_born_on(born: datetime.date) -> str:
    """A valid personnummer for someone born on `born`, unique within the test run."""
    return make_personnummer(born, next(_birth_numbers) % 1000).canonical


def full_case(
    *,
    start: datetime.date,
    closed: datetime.date | None,
    participant: Any = None,
    unit: Any = None,
    **participant_fields: Any,
) -> Case:
    """A case with everything that can hang off one, all written between `start` and `closed`.

    The case has a referral (with a target group), a goal, an activity, a plan version, a
    follow-up with its note, a note and an amendment to it; pass `closed=None` for an open case.
    """
    unit = unit or UnitFactory(support=True)
    if participant is None:
        participant_fields.setdefault("personal_number", number_born_on(datetime.date(1980, 3, 12)))
        participant = ParticipantFactory(
            unit=UnitFactory(organisation=unit.organisation),
            **participant_fields,
        )
    # A draft version, so that the target group can still be added to it.
    version = GuidelineVersionFactory(guideline__organisation=participant.organisation)
    referral = ReferralFactory(
        of_participant=True,
        accepted=True,
        participant=participant,
        receiving_unit=unit,
        guideline_version=version,
        target_groups=[TargetGroupFactory(version=version, code="forsorjningsstod")],
        reason="Har varit utan arbete länge och vill ha stöd att hitta praktik.",
        goal="Arbete inom handeln.",
        submitted_at=at(start - datetime.timedelta(days=20)),
        decided_at=at(start - datetime.timedelta(days=10)),
    )
    last = closed or start + datetime.timedelta(days=40)
    case = CaseFactory(
        unit=unit,
        participant=participant,
        referral=referral,
        start_date=start,
        next_follow_up_on=None,
        **({"closed": True, "closed_on": closed} if closed else {}),
    )
    backdate(case, at(start))
    GoalFactory(case=case, description="Arbete inom handeln på halvtid.")
    ActivityFactory(
        case=case,
        activity_type=ActivityTypeFactory(organisation=case.organisation, internship=True),
        description="Praktik i butik.",
        starts_on=start,
        ends_on=None,
    )
    PlanVersionFactory(
        case=case,
        summary="La till praktik.",
        snapshot={"goals": ["Arbete"], "activities": ["Praktik"]},
        written_at=at(start),
    )
    FollowUpFactory(case=case, due_on=start + datetime.timedelta(days=30), done=True)
    first = NoteFactory(
        case=case, occurred_on=start + datetime.timedelta(days=5), signed_on_the_day=True
    )
    NoteFactory(
        case=case,
        occurred_on=last,
        amends=first,
        kind="other",
        text="Tillägg: rättat datum.",
        signed_on_the_day=True,
    )
    return case


def elsas_open_case() -> Case:
    """The open case of Elsa Extrakt (elsa@example.se), everything written since 2025-01-13:
    the person the extract tests ask for."""
    return full_case(
        start=datetime.date(2025, 1, 13),
        closed=None,
        first_name="Elsa",
        last_name="Extrakt",
        email="elsa@example.se",
    )


def looked_at(actor: Any, participant: Any, times: int = 1) -> None:
    for _ in range(times):
        audit_record(actor=actor, action=AuditAction.VIEW, obj=participant, participant=participant)
