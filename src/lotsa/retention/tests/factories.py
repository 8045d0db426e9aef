"""Factories for a person's whole record: referral, case, plan, follow-ups, notes, audit records.

Rows are built straight through the ORM so these tests do not depend on the other apps'
services. Culling counts from when entries were written, so `backdate()` moves every
auto_now/auto_now_add timestamp of a row to a chosen moment.
"""

import datetime
import itertools
from typing import Any

import factory
from django.db import models
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, ActivityType, Case, FollowUp, Goal, PlanVersion
from lotsa.guidelines.tests.factories import GuidelineVersionFactory, TargetGroupFactory
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.models import Referral


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on `day` in Lotsa's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(obj: models.Model, when: datetime.datetime) -> None:
    """Set every auto_now/auto_now_add timestamp of `obj` to `when`, in the database too."""
    names = [
        field.name
        for field in obj._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    values = {
        name: when
        if isinstance(obj._meta.get_field(name), models.DateTimeField)
        else timezone.localdate(when)
        for name in names
    }
    type(obj)._base_manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        setattr(obj, name, value)


_birth_numbers = itertools.count(200)


def number_born_on(born: datetime.date) -> str:
    """A valid personnummer for someone born on `born`, unique within the test run."""
    return make_personnummer(born, next(_birth_numbers) % 1000).canonical


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Praktik"
    skr_category = 5
    area = "work"


class ReferralFactory(factory.django.DjangoModelFactory):
    """An accepted referral from the participant's unit to `receiving_unit`."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.SelfAttribute("participant.organisation")
    referring_unit = factory.SelfAttribute("participant.unit")
    referrer = factory.SubFactory(
        UserFactory, referrer=True, unit=factory.SelfAttribute("..referring_unit")
    )
    receiving_unit = factory.SubFactory(
        UnitFactory, support=True, organisation=factory.SelfAttribute("..organisation")
    )
    guideline_version = factory.SubFactory(
        GuidelineVersionFactory, guideline__organisation=factory.SelfAttribute("...organisation")
    )
    reason = "Har varit utan arbete länge och vill ha stöd att hitta praktik."
    goal = "Arbete inom handeln."
    status = "accepted"
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))
    decided_at = factory.LazyAttribute(lambda r: r.submitted_at + datetime.timedelta(days=14))
    decided_by = factory.SubFactory(
        UserFactory, manager=True, unit=factory.SelfAttribute("..receiving_unit")
    )
    eligibility = "met"

    class Params:
        returned = factory.Trait(status="returned", return_reason="Arbetsförmågan är inte utredd.")
        awaiting = factory.Trait(status="submitted", decided_at=None, decided_by=None)

    @factory.post_generation
    def target_group_codes(referral, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        """target_group_codes=["forsorjningsstod"] adds groups to the referral's version."""
        if not create or not extracted:
            return
        # The version is a draft (GuidelineVersionFactory's default), so groups may be added.
        groups = [TargetGroupFactory(version=referral.guideline_version, code=c) for c in extracted]
        referral.target_groups.set(groups)


class CaseFactory(factory.django.DjangoModelFactory):
    """An active case of a participant of the referring unit, run by a support unit.

    Traits: closed (closed on `closed_on`, default today).
    """

    class Meta:
        model = Case

    unit = factory.SubFactory(UnitFactory, support=True)
    organisation = factory.SelfAttribute("unit.organisation")
    participant = factory.SubFactory(
        ParticipantFactory, unit__organisation=factory.SelfAttribute("...organisation")
    )
    coach = factory.SubFactory(UserFactory, coach=True, unit=factory.SelfAttribute("..unit"))
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    waiting_days = 14

    class Params:
        closed = factory.Trait(
            status="closed",
            closed_on=factory.LazyFunction(timezone.localdate),
            closure_reason="work_unsubsidised",
        )


class NoteFactory(factory.django.DjangoModelFactory):
    """A signed note written on the day it is about."""

    class Meta:
        model = Note
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    author = factory.SelfAttribute("case.coach")
    kind = "conversation"
    occurred_on = factory.LazyFunction(timezone.localdate)
    text = factory.Sequence(lambda n: f"Samtal om praktikplatser, nummer {n}.")
    status = "signed"
    signed_at = factory.LazyAttribute(lambda note: at(note.occurred_on, 16))

    @factory.post_generation
    def written(note, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            backdate(note, at(note.occurred_on, 16))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    kind = "work"
    description = "Arbete inom handeln på halvtid."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    case = factory.SubFactory(CaseFactory)
    activity_type = factory.SubFactory(
        ActivityTypeFactory, organisation=factory.SelfAttribute("..case.organisation")
    )
    skr_category = factory.SelfAttribute("activity_type.skr_category")
    description = "Praktik i butik."
    responsible = "coach"
    starts_on = factory.SelfAttribute("case.start_date")
    extent = 20


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A plan version written at `written_at` (default now)."""

    class Meta:
        model = PlanVersion
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SelfAttribute("case.coach")
    summary = "La till praktik."
    snapshot = factory.LazyFunction(lambda: {"goals": ["Arbete"], "activities": ["Praktik"]})

    @factory.post_generation
    def written_at(version, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            backdate(version, extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    due_on = factory.LazyFunction(timezone.localdate)
    done_on = factory.SelfAttribute("due_on")
    done_by = factory.SelfAttribute("case.coach")
    note = factory.SubFactory(
        NoteFactory,
        case=factory.SelfAttribute("..case"),
        kind="follow_up",
        occurred_on=factory.SelfAttribute("..done_on"),
    )


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
    referral = ReferralFactory(
        participant=participant,
        receiving_unit=unit,
        submitted_at=at(start - datetime.timedelta(days=20)),
        decided_at=at(start - datetime.timedelta(days=10)),
        target_group_codes=["forsorjningsstod"],
    )
    last = closed or start + datetime.timedelta(days=40)
    case = CaseFactory(
        unit=unit,
        participant=participant,
        referral=referral,
        start_date=start,
        **({"closed": True, "closed_on": closed} if closed else {}),
    )
    backdate(case, at(start))
    GoalFactory(case=case)
    ActivityFactory(case=case)
    PlanVersionFactory(case=case, written_at=at(start))
    FollowUpFactory(case=case, due_on=start + datetime.timedelta(days=30))
    first = NoteFactory(case=case, occurred_on=start + datetime.timedelta(days=5))
    NoteFactory(
        case=case, occurred_on=last, amends=first, kind="other", text="Tillägg: rättat datum."
    )
    return case


def looked_at(actor: Any, participant: Any, times: int = 1) -> None:
    for _ in range(times):
        audit_record(actor=actor, action=AuditAction.VIEW, obj=participant, participant=participant)
