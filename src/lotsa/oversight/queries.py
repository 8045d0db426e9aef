"""Reads of the audit log, for those allowed to review it (managers, for their own unit)."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.audit.naming import object_name
from lotsa.cases.models import Case
from lotsa.collaboration.models import CoordinationMeeting
from lotsa.decisions.models import Application, Decision
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.people import policy as people_policy
from lotsa.people.models import Participant
from lotsa.referrals.constants import ReferralStatus
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
    """Views by the unit's members of people they have no working relation to, in one query.

    A working relation is a case they coach (for a manager: any case of their unit, which they
    answer for), a referral they made or decided or that waits in their unit's intake queue, a
    person they registered, an application they handle, a decision they made, or a
    coordination meeting they registered. Belonging to the viewer's own unit is not one: looking
    at a colleague's participant without a reason is what the monthly review follows up.
    """
    if not can_review_unit_log(actor):
        raise PermissionDenied

    person = OuterRef("participant_id")
    viewer = OuterRef("actor_id")
    viewer_unit = OuterRef("actor__unit_id")
    coaches_case = Case.objects.filter(participant_id=person, coach_id=viewer)
    units_case = Case.objects.filter(participant_id=person, unit_id=viewer_unit)
    own_referral = Referral.objects.filter(participant_id=person).filter(
        Q(referrer_id=viewer)
        | Q(decided_by_id=viewer)
        | Q(receiving_unit_id=viewer_unit, status=ReferralStatus.SUBMITTED)
    )
    own_application = Application.objects.filter(participant_id=person, referrer_id=viewer)
    own_decision = Decision.objects.filter(participant_id=person, decided_by_id=viewer)
    own_meeting = CoordinationMeeting.objects.filter(
        case__participant_id=person, registered_by_id=viewer
    )
    return (
        AuditRecord.objects.filter(
            _period(start, end),
            action=AuditAction.VIEW,
            actor__unit_id=actor.unit_id,
            participant__isnull=False,
        )
        .exclude(participant__registered_by_id=F("actor_id"))
        .exclude(Exists(coaches_case))
        .exclude(Exists(units_case) & Q(actor__role=Role.MANAGER))
        .exclude(Exists(own_referral))
        .exclude(Exists(own_application))
        .exclude(Exists(own_decision))
        .exclude(Exists(own_meeting))
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


def what_was_read(record: AuditRecord) -> str:
    """The record's object in Swedish, followed by its summary when it has one."""
    name = object_name(record.object_type)
    return f"{name}: {record.summary}" if record.summary else name
