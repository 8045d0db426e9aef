"""Writes to cases: one function per use case, each with policy, transaction and audit."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import policy
from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case, FollowUp
from lotsa.core.dates import add_months
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.referrals.models import Referral


def case_open(*, actor: "User", referral: "Referral", coach: "User", start_date: date) -> Case:
    """Open a case for a referral with `coach` as owner; schedules the first follow-up.

    Called by referrals.services.referral_accept inside its transaction; the referral's own
    status is changed there.
    """
    unit = referral.receiving_unit
    if not policy.can_open_case(actor, unit.pk):
        raise PermissionDenied
    if coach.role != Role.COACH or coach.unit_id != unit.pk or not coach.is_active:
        raise ValidationError({"coach": _("Välj en arbetscoach på den mottagande enheten.")})
    referred_on = referral.submitted_at.date()
    if start_date < referred_on:
        raise ValidationError({"start_date": _("Startdatum kan inte vara före remissdatum.")})
    if Case.objects.filter(referral=referral).exists():
        raise ValidationError(_("Remissen har redan ett ärende."))
    interval = referral.guideline_version.follow_up_interval_months
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=referral.organisation_id,
            participant_id=referral.participant_id,
            referral=referral,
            unit=unit,
            coach=coach,
            status=CaseStatus.ACTIVE,
            start_date=start_date,
            waiting_days=(start_date - referred_on).days,
            follow_up_interval_months=interval,
            next_follow_up_on=add_months(start_date, interval),
        )
        FollowUp.objects.create(case=case, due_on=case.next_follow_up_on)
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=case, participant=referral.participant,
            summary=_("Öppnade ärende med %(coach)s som arbetscoach") % {"coach": coach},
        )
    return case
