"""Writes of partners, consents and coordination meetings: policy, transaction and audit."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_update, require_known_fields
from lotsa.cases import services as case_services
from lotsa.cases.constants import ResponsibleParty
from lotsa.cases.models import ActivityType, Case
from lotsa.collaboration import policy
from lotsa.collaboration.constants import ConsentForm, ConsentScope, MeetingKind, PartnerKind
from lotsa.collaboration.models import (
    Consent,
    CoordinationMeeting,
    MeetingAction,
    PartnerContact,
    PartnerOrganisation,
)
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral

PARTNER_FIELDS = ("name", "kind", "phone", "email", "is_active")


def _partner_errors(
    *, organisation_id: int, name: str, kind: str, exclude: int | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Ange partens namn.")
    elif (
        PartnerOrganisation.objects.filter(organisation_id=organisation_id, name__iexact=name)
        .exclude(pk=exclude)
        .exists()
    ):
        errors["name"] = _("Det finns redan en samverkanspart med det namnet.")
    if kind not in PartnerKind.values:
        errors["kind"] = _("Välj vilken typ av part det är.")
    return errors


def partner_create(
    *, actor: User, name: str, kind: str, phone: str = "", email: str = "", is_active: bool = True
) -> PartnerOrganisation:
    """Add a partner organisation to the register of the administrator's organisation."""
    if not policy.can_manage_partners(actor):
        raise PermissionDenied
    assert actor.organisation_id is not None  # noqa: S101 — the policy requires one
    name = name.strip()
    errors = _partner_errors(organisation_id=actor.organisation_id, name=name, kind=kind)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        partner = PartnerOrganisation.objects.create(
            organisation_id=actor.organisation_id,
            name=name,
            kind=kind,
            phone=phone.strip(),
            email=email.strip(),
            is_active=is_active,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=partner, summary=name)
    return partner


def partner_update(
    *, actor: User, partner: PartnerOrganisation, expected_version: int, **changes: Any
) -> PartnerOrganisation:
    """Change a partner's details; someone else's save in between is an EditConflictError."""
    require_known_fields(changes, PARTNER_FIELDS, what="partner")
    if not policy.can_manage_partners(actor) or partner.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    merged = {name: changes.get(name, getattr(partner, name)) for name in PARTNER_FIELDS}
    errors = _partner_errors(
        organisation_id=partner.organisation_id,
        name=merged["name"],
        kind=merged["kind"],
        exclude=partner.pk,
    )
    if errors:
        raise ValidationError(errors)
    return audited_update(
        actor=actor,
        instance=partner,
        changes=merged,
        allowed=PARTNER_FIELDS,
        expected_version=expected_version,
        summary=merged["name"],
    )


def partner_contact_add(
    *,
    actor: User,
    partner: PartnerOrganisation,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
) -> PartnerContact:
    """Add a contact person at a partner."""
    if not policy.can_manage_partners(actor) or partner.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Ange kontaktpersonens namn.")})
    with transaction.atomic():
        contact = PartnerContact.objects.create(
            partner=partner,
            name=name.strip(),
            title=title.strip(),
            phone=phone.strip(),
            email=email.strip(),
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=contact, summary=f"{partner}: {name}"
        )
    return contact


def partner_user_create(
    *, actor: User, contact: PartnerContact, username: str, password: str
) -> User:
    """Give a partner's contact person a partner user: no unit, sees only what was consented."""
    if (
        not policy.can_manage_partners(actor)
        or contact.partner.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied
    if contact.user_id is not None:
        raise ValidationError(_("Kontaktpersonen har redan en användare."))
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Ange ett användarnamn.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är upptaget.")})
    first_name, _space, last_name = contact.name.partition(" ")
    candidate = User(
        username=username, first_name=first_name, last_name=last_name, email=contact.email
    )
    try:
        validate_password(password, candidate)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            organisation_id=actor.organisation_id,
            unit=None,
            role=Role.PARTNER,
            first_name=first_name,
            last_name=last_name,
            email=contact.email,
            title=contact.title,
        )
        # Conditional, so two administrators at once cannot give one contact two users.
        if PartnerContact.objects.filter(pk=contact.pk, user__isnull=True).update(user=user) != 1:
            raise ValidationError(_("Kontaktpersonen har redan en användare."))
        contact.user = user
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=user,
            summary=_("Användare för %(contact)s, %(partner)s")
            % {"contact": contact.name, "partner": contact.partner.name},
        )
    return user


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


# Coordination meetings ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAction:
    """One action agreed at a meeting, to become a plan activity."""

    activity_type: ActivityType | None
    responsible: str
    starts_on: date | None
    description: str = ""
    ends_on: date | None = None


def _meeting_errors(
    *,
    case: Case,
    kind: str,
    meets_on: date | None,
    parties: Sequence[str],
    partners: Sequence[PartnerOrganisation],
    lead_party: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Välj vilken sorts möte det är.")
    if meets_on is None:
        errors["meets_on"] = _("Ange mötets datum.")
    if any(party not in ResponsibleParty.values for party in parties):
        errors["parties"] = _("Välj parter ur listan.")
    if any(partner.organisation_id != case.organisation_id for partner in partners):
        errors["partners"] = _("Välj samverkansparter ur listan.")
    if lead_party and lead_party not in ResponsibleParty.values:
        errors["lead_party"] = _("Välj huvudansvarig ur listan.")
    return errors


def _outcome_errors(
    *, meets_on: date | None, agreed: str, actions: Sequence[AgreedAction]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if meets_on is not None and meets_on > timezone.localdate() and (agreed.strip() or actions):
        errors["agreed"] = _(
            "Ett möte som inte har hållits än har inga överenskommelser. "
            "Registrera dem efter mötet."
        )
    return errors


def _add_actions(
    *,
    actor: User,
    meeting: CoordinationMeeting,
    expected_plan_version: int,
    actions: Sequence[AgreedAction],
) -> None:
    """Each agreed action into the plan through the plan's own service, version by version.

    A refused action names its row: ValidationError keys are `actions-<n>-<field>`.
    """
    case = meeting.case
    expected = expected_plan_version
    for index, action in enumerate(actions):
        try:
            activity = case_services.activity_add(
                actor=actor,
                case=case,
                expected_plan_version=expected,
                activity_type=action.activity_type,
                starts_on=action.starts_on,
                responsible=action.responsible,
                ends_on=action.ends_on,
                description=action.description,
            )
        except EditConflictError:
            raise
        except ValidationError as error:
            raise ValidationError(
                {
                    f"actions-{index}-{field}": messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        expected = case.plan_version
        MeetingAction.objects.create(
            meeting=meeting,
            activity=activity,
            description=action.description or activity.activity_type.name,
            responsible=activity.responsible,
        )


def meeting_record(
    *,
    actor: User,
    case: Case,
    expected_plan_version: int,
    kind: str,
    meets_on: date | None,
    starts_at: time | None = None,
    place: str = "",
    parties: Sequence[str] = (),
    partners: Sequence[PartnerOrganisation] = (),
    attendees: str = "",
    lead_party: str = "",
    agreed: str = "",
    actions: Sequence[AgreedAction] = (),
) -> CoordinationMeeting:
    """Record a meeting on a case; agreed actions become plan activities in one transaction.

    A meeting ahead is only booked (it shows as upcoming); its outcome is recorded after it.
    """
    if not policy.can_record_meeting(actor, case):
        raise PermissionDenied
    partners = list(partners)
    errors = _meeting_errors(
        case=case,
        kind=kind,
        meets_on=meets_on,
        parties=parties,
        partners=partners,
        lead_party=lead_party,
    )
    errors.update(_outcome_errors(meets_on=meets_on, agreed=agreed, actions=actions))
    if errors:
        raise ValidationError(errors)
    assert meets_on is not None  # noqa: S101 — checked above
    held = meets_on <= timezone.localdate()
    with transaction.atomic():
        meeting = CoordinationMeeting.objects.create(
            case=case,
            kind=kind,
            meets_on=meets_on,
            starts_at=starts_at,
            place=place.strip(),
            parties=list(dict.fromkeys(parties)),
            attendees=attendees.strip(),
            lead_party=lead_party,
            agreed=agreed.strip(),
            outcome_recorded_at=timezone.now() if held else None,
            registered_by=actor,
        )
        meeting.partners.set(partners)
        _add_actions(
            actor=actor,
            meeting=meeting,
            expected_plan_version=expected_plan_version,
            actions=actions,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=meeting,
            participant=case.participant,
            summary=_("%(kind)s %(date)s, %(count)s överenskomna åtgärder")
            % {
                "kind": meeting.get_kind_display(),
                "date": meets_on.isoformat(),
                "count": len(actions),
            },
        )
    return meeting


def meeting_record_outcome(
    *,
    actor: User,
    meeting: CoordinationMeeting,
    expected_plan_version: int,
    parties: Sequence[str] = (),
    partners: Sequence[PartnerOrganisation] = (),
    attendees: str = "",
    lead_party: str = "",
    agreed: str = "",
    actions: Sequence[AgreedAction] = (),
) -> CoordinationMeeting:
    """After a booked meeting: who came and what was agreed; actions go into the plan."""
    case = meeting.case
    if not policy.can_record_meeting(actor, case):
        raise PermissionDenied
    if meeting.meets_on > timezone.localdate():
        raise ValidationError(
            {"agreed": _("Mötet har inte hållits än. Registrera utfallet efter mötet.")}
        )
    partners = list(partners)
    errors = _meeting_errors(
        case=case,
        kind=meeting.kind,
        meets_on=meeting.meets_on,
        parties=parties,
        partners=partners,
        lead_party=lead_party,
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        # Conditional, so two people recording the same outcome at once cannot both succeed.
        claimed = CoordinationMeeting.objects.filter(
            pk=meeting.pk, outcome_recorded_at__isnull=True
        ).update(
            outcome_recorded_at=now,
            parties=list(dict.fromkeys(parties)),
            attendees=attendees.strip(),
            lead_party=lead_party,
            agreed=agreed.strip(),
        )
        if claimed != 1:
            raise ValidationError(_("Mötets utfall är redan registrerat."))
        meeting.refresh_from_db()
        meeting.partners.set(partners)
        _add_actions(
            actor=actor,
            meeting=meeting,
            expected_plan_version=expected_plan_version,
            actions=actions,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=meeting,
            participant=case.participant,
            summary=_("Utfall av %(kind)s %(date)s, %(count)s överenskomna åtgärder")
            % {
                "kind": meeting.get_kind_display(),
                "date": meeting.meets_on.isoformat(),
                "count": len(actions),
            },
        )
    return meeting
