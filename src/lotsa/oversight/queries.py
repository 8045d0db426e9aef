"""Reads of the audit log, for those allowed to review it (managers, for their own unit)."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.cases.models import Case
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.people import policy as people_policy
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral


def participant_access_log(actor: User, participant: Participant) -> QuerySet[AuditRecord]:
    """Who has looked at or changed this person, newest first (managers only)."""
    if not people_policy.can_read_access_log(actor, participant):
        raise PermissionDenied
    return AuditRecord.objects.filter(participant=participant).select_related(
        "actor", "actor__unit"
    )


def can_review_unit_log(actor: User) -> bool:
    return actor.is_authenticated and actor.role == Role.MANAGER and actor.unit_id is not None


def _period(start: date, end: date) -> Q:
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return Q(at__gte=since, at__lt=until)


def unit_members_activity(actor: User, *, start: date, end: date) -> QuerySet[User]:
    """Each member of the manager's unit with how many people they looked at in the period."""
    if not can_review_unit_log(actor):
        raise PermissionDenied
    records = AuditRecord.objects.filter(
        _period(start, end),
        actor=OuterRef("pk"),
        action=AuditAction.VIEW,
        participant__isnull=False,
    )
    return (
        User.objects.filter(unit_id=actor.unit_id)
        .annotate(
            view_count=_subquery_count(records),
            people_count=_subquery_count(records, distinct_participants=True),
        )
        .order_by("last_name", "first_name")
    )


def _subquery_count(
    records: QuerySet[AuditRecord], *, distinct_participants: bool = False
) -> Coalesce:
    field = "participant" if distinct_participants else "pk"
    counted = (
        records.order_by()
        .values("actor")
        .annotate(n=Count(field, distinct=distinct_participants))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def user_access_log(actor: User, user: User, *, start: date, end: date) -> QuerySet[AuditRecord]:
    """Everything one member of the manager's unit did in the period, newest first."""
    if not can_review_unit_log(actor) or user.unit_id != actor.unit_id:
        raise PermissionDenied
    return AuditRecord.objects.filter(_period(start, end), actor=user).select_related("actor")


def lookups_outside_own_work(actor: User, *, start: date, end: date) -> QuerySet[AuditRecord]:
    """Views by the unit's members of people who are neither in their unit nor in their work.

    "Their work" means a case they coach, a case their unit runs, or a referral they made or
    their unit received. These are the look-ups a manager follows up in the monthly review.
    """
    if not can_review_unit_log(actor):
        raise PermissionDenied

    person = OuterRef("participant_id")
    viewer_unit = OuterRef("actor__unit_id")
    own_case = Case.objects.filter(participant_id=person).filter(
        Q(coach_id=OuterRef("actor_id")) | Q(unit_id=viewer_unit)
    )
    own_referral = Referral.objects.filter(participant_id=person).filter(
        Q(referrer_id=OuterRef("actor_id")) | Q(receiving_unit_id=viewer_unit)
    )
    return (
        AuditRecord.objects.filter(
            _period(start, end),
            action=AuditAction.VIEW,
            actor__unit_id=actor.unit_id,
            participant__isnull=False,
        )
        .exclude(participant__unit_id=F("actor__unit_id"))
        .exclude(Exists(own_case))
        .exclude(Exists(own_referral))
        .select_related("actor")
    )


def security_events(actor: User, *, start: date, end: date) -> QuerySet[AuditRecord]:
    """Security events concerning the manager's unit in the period (a service account created
    to act in it, or revoked), newest first."""
    if not can_review_unit_log(actor):
        raise PermissionDenied
    return AuditRecord.objects.filter(
        _period(start, end),
        organisation_id=actor.organisation_id,
        action=AuditAction.SECURITY,
        changes__unit_id=actor.unit_id,
    ).select_related("actor")
