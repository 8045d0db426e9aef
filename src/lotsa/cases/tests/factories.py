"""Factories for cases, plans and follow-ups.

A case's referral is the referral app's `ReferralFactory(of_participant=True, accepted=True)`,
built straight through the ORM, so these tests do not depend on the referral app's services.
"""

import datetime

import factory
from django.utils import timezone

from lotsa.cases.constants import (
    ActivityArea,
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
)
from lotsa.cases.models import Activity, ActivityType, Case, FollowUp, Goal, PlanVersion
from lotsa.core.dates import add_months
from lotsa.core.tests.factories import backdate
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.tests.factories import ReferralFactory


def today() -> datetime.date:
    return timezone.localdate()


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory("lotsa.organisations.tests.factories.OrganisationFactory")
    name = factory.Sequence(lambda n: f"Aktivitet {n}")
    skr_category = 5
    area = ActivityArea.WORK
    default_responsible = ResponsibleParty.COACH

    class Params:
        internship = factory.Trait(name="Praktik", skr_category=5)
        job_seeking = factory.Trait(name="Jobbsökarstöd", skr_category=2)
        inactive = factory.Trait(is_active=False)


class CaseFactory(factory.django.DjangoModelFactory):
    """An active case two months old with one pending follow-up.

    Traits: closed, paused, overdue (the follow-up is a week late), referred (with a referral).
    """

    class Meta:
        model = Case
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory, support=True)
    organisation = factory.LazyAttribute(lambda case: case.unit.organisation)
    participant = factory.SubFactory(ParticipantFactory, unit=factory.SelfAttribute("..unit"))
    coach = factory.SubFactory(UserFactory, coach=True, unit=factory.SelfAttribute("..unit"))
    status = CaseStatus.ACTIVE
    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=60))
    waiting_days = 14
    follow_up_interval_months = 3
    next_follow_up_on = factory.LazyAttribute(
        lambda case: add_months(case.start_date, case.follow_up_interval_months)
    )

    class Params:
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            closed_on=factory.LazyFunction(today),
            closure_reason=ClosureReason.WORK_UNSUBSIDISED,
            next_follow_up_on=None,
        )
        paused = factory.Trait(status=CaseStatus.PAUSED)
        overdue = factory.Trait(
            next_follow_up_on=factory.LazyFunction(lambda: today() - datetime.timedelta(days=7))
        )
        referred = factory.Trait(
            referral=factory.SubFactory(
                ReferralFactory,
                of_participant=True,
                accepted=True,
                participant=factory.SelfAttribute("..participant"),
                receiving_unit=factory.SelfAttribute("..unit"),
            )
        )

    @factory.post_generation
    def follow_up(case, create, extracted, **kwargs):  # noqa: N805
        """A pending follow-up at next_follow_up_on; pass follow_up=False for none."""
        if create and extracted is not False and case.next_follow_up_on:
            FollowUp.objects.create(case=case, due_on=case.next_follow_up_on)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    kind = GoalKind.WORK
    description = factory.Sequence(lambda n: f"Få ett arbete inom handeln ({n})")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    case = factory.SubFactory(CaseFactory)
    activity_type = factory.SubFactory(
        ActivityTypeFactory, organisation=factory.SelfAttribute("..case.organisation")
    )
    skr_category = factory.LazyAttribute(lambda activity: activity.activity_type.skr_category)
    responsible = ResponsibleParty.COACH
    starts_on = factory.LazyFunction(today)
    ends_on = factory.LazyAttribute(lambda activity: activity.starts_on + datetime.timedelta(30))
    extent = 20
    extent_unit = ExtentUnit.HOURS_PER_WEEK
    status = ActivityStatus.PLANNED

    class Params:
        done = factory.Trait(status=ActivityStatus.DONE)
        ongoing = factory.Trait(status=ActivityStatus.ONGOING)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A pending follow-up a month ahead.

    Traits: done (done on the day it was due by the coach, with its follow-up note signed that
    day).
    """

    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory, follow_up=False)
    due_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))

    class Params:
        done = factory.Trait(
            done_on=factory.SelfAttribute("due_on"),
            done_by=factory.SelfAttribute("case.coach"),
            note=factory.SubFactory(
                "lotsa.cases.journal.tests.factories.NoteFactory",
                case=factory.SelfAttribute("..case"),
                kind="follow_up",
                occurred_on=factory.SelfAttribute("..done_on"),
                signed_on_the_day=True,
            ),
        )


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A plan version written now, or at `written_at` (its timestamps moved there)."""

    class Meta:
        model = PlanVersion
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SelfAttribute("case.coach")
    summary = "Ändring"
    snapshot = factory.LazyFunction(lambda: {"goals": [], "activities": []})

    @factory.post_generation
    def written_at(version, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            backdate(version, extracted)
