"""Reads of the audit log, for those allowed to review it."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lotsa.audit.models import AuditRecord
from lotsa.organisations.models import User
from lotsa.people import policy as people_policy
from lotsa.people.models import Participant


def participant_access_log(actor: User, participant: Participant) -> QuerySet[AuditRecord]:
    """Who has looked at or changed this person, newest first (managers only)."""
    if not people_policy.can_read_access_log(actor, participant):
        raise PermissionDenied
    return AuditRecord.objects.filter(participant=participant).select_related(
        "actor", "actor__unit"
    )
