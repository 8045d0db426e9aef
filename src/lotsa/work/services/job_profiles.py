"""The participant's job interests and conditions, used by matching."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import require_known_fields
from lotsa.core.concurrency import EditConflictError, save_with_version
from lotsa.people.policy import can_view_participant
from lotsa.work import policy
from lotsa.work.constants import (
    FULL_TIME_HOURS,
)
from lotsa.work.models import JobProfile

if TYPE_CHECKING:
    from lotsa.organisations.models import User


JOB_PROFILE_FIELDS = ("interests", "hours_per_week", "travel_areas", "adaptations")


def job_profile_save(
    *, actor: "User", participant: Any, expected_version: int, **values: Any
) -> JobProfile:
    """Create or change the participant's job interests and conditions (optimistic locking)."""
    if not policy.can_match(actor) or not can_view_participant(actor, participant):
        raise PermissionDenied
    require_known_fields(values, JOB_PROFILE_FIELDS, what="job profile")
    hours = values.get("hours_per_week")
    if hours is not None and not 1 <= int(hours) <= FULL_TIME_HOURS:
        raise ValidationError(
            {"hours_per_week": _("Ange mellan 1 och %(max)s timmar.") % {"max": FULL_TIME_HOURS}}
        )
    for name in ("interests", "travel_areas", "adaptations"):
        values[name] = (values.get(name) or "").strip()
    with transaction.atomic():
        profile, created = JobProfile.objects.get_or_create(participant=participant)
        if created and expected_version != 0:
            raise EditConflictError(profile)
        for name, value in values.items():
            setattr(profile, name, value)
        save_with_version(profile, expected_version=expected_version, fields=list(values))
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=profile,
            participant=participant,
            summary=_("Yrkesintressen och förutsättningar"),
        )
    return profile
