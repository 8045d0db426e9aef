"""Reads of follow-ups after closure, filtered for the asking user."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from lotsa.cases.models import Case
from lotsa.cases.policy import visible_cases_q
from lotsa.outcomes import policy
from lotsa.outcomes.constants import DUE_WINDOW_DAYS
from lotsa.outcomes.models import OutcomeFollowUp, OutcomeSettings

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def _visible(actor: "User") -> QuerySet[OutcomeFollowUp]:
    if not policy.can_list_outcomes(actor):
        return OutcomeFollowUp.objects.none()
    cases = Case.objects.filter(visible_cases_q(actor), unit_id=actor.unit_id).values("pk")
    return OutcomeFollowUp.objects.filter(case_id__in=cases, case__status="closed")


def outcomes_due(
    actor: "User", *, until: date | None = None, mine_only: bool = False
) -> QuerySet[OutcomeFollowUp]:
    """Unrecorded follow-ups of the actor's unit due by `until` (today + 30 days), oldest first."""
    until = until or timezone.localdate() + timedelta(days=DUE_WINDOW_DAYS)
    follow_ups = _visible(actor).filter(status="", due_on__lte=until)
    if mine_only:
        follow_ups = follow_ups.filter(case__coach=actor)
    return follow_ups.select_related("case", "case__participant", "case__coach").order_by(
        "due_on", "pk"
    )


def outcome_get(actor: "User", follow_up_id: int) -> OutcomeFollowUp:
    """One follow-up the actor may record (404 otherwise)."""
    follow_up = (
        _visible(actor)
        .select_related("case", "case__participant", "case__coach")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None or not policy.can_record_outcome(actor, follow_up):
        raise Http404
    return follow_up


def outcome_settings_for(actor: "User") -> OutcomeSettings:
    """The actor's organisation's settings (unsaved defaults when none are stored)."""
    found = OutcomeSettings.objects.filter(organisation_id=actor.organisation_id).first()
    return found or OutcomeSettings(organisation_id=actor.organisation_id, version=0)
