"""Writes of partners, consents and coordination meetings: policy, transaction and audit."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.collaboration import policy
from lotsa.collaboration.constants import ConsentForm, ConsentScope
from lotsa.collaboration.models import Consent, PartnerOrganisation
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral


def _consent_errors(
    *,
    actor: User,
    participant: Participant,
    partners: Sequence[PartnerOrganisation],
    scopes: Sequence[str],
    given_on: date | None,
    form: str,
    valid_to: date | None,
    referral: Referral | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not partners:
        errors["partners"] = _("Välj minst en samverkanspart.")
    elif any(
        partner.organisation_id != participant.organisation_id or not partner.is_active
        for partner in partners
    ):
        errors["partners"] = _("Välj samverkansparter ur listan.")
    if not scopes:
        errors["scopes"] = _("Välj vad som får delas.")
    elif any(scope not in ConsentScope.values for scope in scopes):
        errors["scopes"] = _("Välj vad som får delas ur listan.")
    if given_on is None:
        errors["given_on"] = _("Ange när samtycket gavs.")
    elif given_on > timezone.localdate():
        errors["given_on"] = _("Ett samtycke kan inte vara givet i framtiden.")
    if form not in ConsentForm.values:
        errors["form"] = _("Välj skriftligt eller muntligt.")
    if valid_to is not None and given_on is not None and valid_to < given_on:
        errors["valid_to"] = _("Samtycket kan inte upphöra innan det börjar gälla (%(d)s).") % {
            "d": given_on.isoformat()
        }
    if referral is not None and referral.participant_id != participant.pk:
        errors["referral"] = _("Remissen gäller en annan person.")
    return errors


def consent_register(
    *,
    actor: User,
    participant: Participant,
    partners: Sequence[PartnerOrganisation],
    scopes: Sequence[str],
    given_on: date | None,
    form: str,
    valid_to: date | None = None,
    note: str = "",
    referral: Referral | None = None,
) -> Consent:
    """Record the consent the person gave: to which partners, what, in which form, how long."""
    if not policy.can_register_consent(actor, participant):
        raise PermissionDenied
    partners = list(partners)
    scopes = list(dict.fromkeys(scopes))
    errors = _consent_errors(
        actor=actor,
        participant=participant,
        partners=partners,
        scopes=scopes,
        given_on=given_on,
        form=form,
        valid_to=valid_to,
        referral=referral,
    )
    if errors:
        raise ValidationError(errors)
    assert given_on is not None  # noqa: S101 — checked above
    with transaction.atomic():
        consent = Consent.objects.create(
            organisation_id=participant.organisation_id,
            participant=participant,
            given_on=given_on,
            form=form,
            valid_to=valid_to,
            note=note.strip(),
            referral=referral,
            registered_by=actor,
            **{f"shares_{scope}": scope in scopes for scope in ConsentScope.values},
        )
        consent.partners.set(partners)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=consent,
            participant=participant,
            summary=_("Samtycke till %(partners)s: %(scopes)s")
            % {
                "partners": ", ".join(partner.name for partner in partners),
                "scopes": ", ".join(consent.scope_labels),
            },
            changes={
                "partners": [partner.pk for partner in partners],
                "scopes": consent.scopes,
                "given_on": given_on.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
                "form": form,
            },
        )
    return consent


def consent_revoke(*, actor: User, consent: Consent) -> Consent:
    """Withdraw a consent; from this moment nothing more is shown to its partners."""
    if not policy.can_revoke_consent(actor, consent):
        if consent.revoked_at is not None and policy.can_list_consents(actor, consent.participant):
            raise ValidationError(_("Samtycket är redan återkallat."))
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        # Conditional, so two withdrawals at once record only the first.
        updated = Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        if updated != 1:
            raise ValidationError(_("Samtycket är redan återkallat."))
        consent.revoked_at = now
        consent.revoked_by = actor
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=consent,
            participant=consent.participant,
            summary=_("Återkallade samtycke %(id)s") % {"id": consent.pk},
            changes={"revoked_at": [None, now.isoformat()]},
        )
    return consent
