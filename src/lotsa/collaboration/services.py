"""Writes of partners, consents and coordination meetings: policy, transaction and audit."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create, audited_update, require_known_fields
from lotsa.cases import services as case_services
from lotsa.cases.constants import ResponsibleParty
from lotsa.cases.models import ActivityType, Case
from lotsa.collaboration import events, policy
from lotsa.collaboration.constants import (
    ConsentForm,
    ConsentScope,
    ConsentSource,
    MeetingKind,
    PartnerKind,
)
from lotsa.collaboration.models import (
    Consent,
    CoordinationMeeting,
    MeetingAction,
    PartnerContact,
    PartnerOrganisation,
)
from lotsa.collaboration.queries import consents_in_force, in_force_q
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User
from lotsa.organisations.services import invitation_link_public, user_invite
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.referrals.constants import ReferralSource
from lotsa.referrals.models import Referral
from lotsa.referrals.services import referral_from_outside

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
    partner = PartnerOrganisation(
        organisation_id=actor.organisation_id,
        name=name,
        kind=kind,
        phone=phone.strip(),
        email=email.strip(),
        is_active=is_active,
    )
    return audited_create(actor=actor, instance=partner, summary=name)


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
    contact = PartnerContact(
        partner=partner,
        name=name.strip(),
        title=title.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    return audited_create(actor=actor, instance=contact, summary=f"{partner}: {name}")


def partner_user_create(
    *,
    actor: User,
    contact: PartnerContact,
    username: str,
    link_for: Callable[[str], str] = invitation_link_public,
) -> User:
    """Give a partner's contact person a partner user: no unit, sees only what was consented.

    As for staff, the administrator never knows the password: the account has none until the
    person sets their own through the invitation e-mailed to the contact's address."""
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
    if not contact.email:
        raise ValidationError(
            _("Kontaktpersonen har ingen e-postadress dit inbjudan med länken kan skickas.")
        )
    first_name, _space, last_name = contact.name.partition(" ")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=None,
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
        user_invite(actor=actor, user=user, link_for=link_for)
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
        errors["form"] = _("Välj hur samtycket gavs: skriftligt, muntligt eller digitalt.")
    if valid_to is not None and given_on is not None and valid_to < given_on:
        errors["valid_to"] = _("Samtycket kan inte upphöra innan det börjar gälla (%(d)s).") % {
            "d": given_on.isoformat()
        }
    if referral is not None and referral.participant_id != participant.pk:
        errors["referral"] = _("Remissen gäller en annan person.")
    if not errors:
        assert given_on is not None  # noqa: S101 — checked above
        same = _same_consent_in_force(participant, partners, scopes, given_on)
        if same is not None:
            errors[NON_FIELD_ERRORS] = _(
                "Samtycket finns redan (%(source)s, givet %(d)s). Registrera ett nytt bara om "
                "personen har gett ett nytt samtycke."
            ) % {"source": same.get_source_display().lower(), "d": given_on.isoformat()}
    return errors


def _same_consent_in_force(
    participant: Participant,
    partners: Sequence[PartnerOrganisation],
    scopes: Sequence[str],
    given_on: date,
) -> Consent | None:
    """A consent in force, given the same day, that already covers these partners and scopes.

    Registering it again is what a stale page does (the referral's consent was carried over
    while the coach had the form open), so it is refused rather than doubled.
    """
    wanted_partners, wanted_scopes = {p.pk for p in partners}, set(scopes)
    candidates = Consent.objects.filter(
        in_force_q(timezone.now()), participant=participant, given_on=given_on
    ).prefetch_related("partners")
    for candidate in candidates:
        covered = {partner.pk for partner in candidate.partners.all()}
        if wanted_partners <= covered and wanted_scopes <= set(candidate.scopes):
            return candidate
    return None


def _consent_create(
    *,
    actor: User | None,
    participant: Participant,
    partners: Sequence[PartnerOrganisation],
    scopes: Sequence[str],
    given_on: date,
    form: str,
    valid_to: date | None,
    note: str,
    source: str,
    registered_by: User,
    referral: Referral | None = None,
    meeting: CoordinationMeeting | None = None,
    named_parties: Sequence[str] = (),
    summary: str = "",
) -> Consent:
    """The one way a consent record is made: the row, its audit record and consent_given.

    Call inside the caller's transaction.atomic(), after its policy check and validation.
    """
    consent = Consent.objects.create(
        organisation_id=participant.organisation_id,
        participant=participant,
        given_on=given_on,
        form=form,
        valid_to=valid_to,
        note=note.strip(),
        referral=referral,
        meeting=meeting,
        source=source,
        named_parties=list(named_parties),
        registered_by=registered_by,
        **{f"shares_{scope}": scope in scopes for scope in ConsentScope.values},
    )
    consent.partners.set(partners)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        participant=participant,
        organisation_id=participant.organisation_id,
        summary=summary
        or _("Samtycke till %(partners)s: %(scopes)s")
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
            "source": source,
            **({"named_parties": list(named_parties)} if named_parties else {}),
        },
    )
    events.consent_given.announce(Consent, consent=consent, actor=actor, on=given_on)
    return consent


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
    meeting: CoordinationMeeting | None = None,
) -> Consent:
    """Record the consent the person gave: to which partners, what, in which form, how long.

    Staff register it on the person's consent page, or while recording the coordination
    `meeting` where it was given. A consent identical to one in force is refused.
    """
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
        return _consent_create(
            actor=actor,
            participant=participant,
            partners=partners,
            scopes=scopes,
            given_on=given_on,
            form=form,
            valid_to=valid_to,
            note=note,
            referral=referral,
            meeting=meeting,
            source=ConsentSource.MEETING if meeting is not None else ConsentSource.STAFF,
            registered_by=actor,
        )


def _partners_for_parties(
    organisation_id: int, parties: Sequence[str]
) -> tuple[list[PartnerOrganisation], list[str]]:
    """The partner organisation each named kind of party means, and the kinds that mean none.

    A kind matches when exactly one active partner organisation of the organisation is of that
    kind; none, or several (which one did the person mean?), leaves the kind unmatched.
    """
    by_kind: dict[str, list[PartnerOrganisation]] = {}
    for partner in PartnerOrganisation.objects.filter(
        organisation_id=organisation_id, is_active=True, kind__in=list(parties)
    ).order_by("name", "pk"):
        by_kind.setdefault(partner.kind, []).append(partner)
    matched, unmatched = [], []
    for kind in dict.fromkeys(parties):
        candidates = by_kind.get(kind, [])
        if len(candidates) == 1:
            matched.append(candidates[0])
        else:
            unmatched.append(kind)
    return matched, unmatched


def consent_register_from_referral(*, actor: User | None, case: Case) -> Consent | None:
    """The consent noted on the case's referral becomes a consent record as the case opens.

    Runs inside the case-opening transaction (a hook on cases.events.case_opened). The
    referral's parties map onto the partner register: a party with no (or no single) partner
    organisation stays on the record as named and is said plainly on the case and in the
    audit record — never dropped. A referral from before it asked for the scope carries over
    without scope and shares nothing. Returns None when the referral noted no consent.
    """
    referral = case.referral
    # A referral from outside (own application, partner) has no referrer and notes no consent.
    if referral is None or not referral.consent_parties or referral.referrer is None:
        return None
    referrer = referral.referrer
    if not policy.can_carry_over_referral_consent(actor, case):
        raise PermissionDenied
    existing = Consent.objects.filter(referral=referral, source=ConsentSource.REFERRAL).first()
    if existing is not None:
        return existing
    parties = [party for party in referral.consent_parties if party in PartnerKind.values]
    scopes = [scope for scope in ConsentScope.values if scope in referral.consent_scopes]
    partners, unmatched = _partners_for_parties(referral.organisation_id, parties)
    labels = dict(PartnerKind.choices)
    lines = [_("Från remiss %(id)s.") % {"id": referral.pk}]
    if unmatched:
        lines.append(
            _(
                "Ingen samverkanspart i registret motsvarar %(parties)s, så ingenting delas med "
                "dem förrän ett samtycke till en registrerad part finns."
            )
            % {"parties": ", ".join(str(labels[kind]) for kind in unmatched)}
        )
    if not scopes:
        lines.append(_("Remissen angav inte vad som får delas, så ingenting delas med samtycket."))
    given_on = referral.consent_given_on or timezone.localdate(referral.submitted_at)
    return _consent_create(
        actor=actor,
        participant=referral.participant,
        partners=partners,
        scopes=scopes,
        given_on=given_on,
        form=referral.consent_form,
        valid_to=None,
        note=" ".join(str(line) for line in lines),
        referral=referral,
        source=ConsentSource.REFERRAL,
        named_parties=parties,
        registered_by=referrer,
        summary=_("Samtycke från remiss %(id)s till %(parties)s: %(scopes)s")
        % {
            "id": referral.pk,
            "parties": ", ".join(str(labels[kind]) for kind in parties),
            "scopes": ", ".join(str(ConsentScope(scope).label) for scope in scopes) or "–",
        },
    )


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
        events.consent_revoked.announce(
            Consent, consent=consent, actor=actor, on=timezone.localdate(now)
        )
    return consent


def consents_mark_expired(*, today: date | None = None) -> int:
    """Announce consent_expired once for each consent whose last day has passed.

    Scheduled work (`lotsa expire_consents`, daily). Sharing never waits for it: in force is
    computed from the dates at each read. Each consent is claimed with a conditional update,
    so two runs at once announce it once. Returns how many were marked.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    due = Consent.objects.filter(
        valid_to__lt=today, revoked_at__isnull=True, expiry_recorded_at__isnull=True
    ).select_related("participant")
    marked = 0
    for consent in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Consent.objects.filter(pk=consent.pk, expiry_recorded_at__isnull=True).update(
                expiry_recorded_at=now
            )
            if claimed != 1:
                continue
            consent.expiry_recorded_at = now
            assert consent.valid_to is not None  # noqa: S101 — filtered above
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=consent,
                participant=consent.participant,
                organisation_id=consent.organisation_id,
                summary=_("Samtycke %(id)s gick ut %(d)s")
                % {"id": consent.pk, "d": consent.valid_to.isoformat()},
            )
            events.consent_expired.announce(
                Consent, consent=consent, actor=None, on=consent.valid_to + timedelta(days=1)
            )
            marked += 1
    return marked


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


# Where a refusal of the consent given at a meeting lands on the meeting form.
MEETING_CONSENT_FIELDS = {
    "partners": "partners",
    "scopes": "consent_scopes",
    "form": "consent_form",
    "given_on": "meets_on",
}


def _meeting_consent_errors(
    *, meets_on: date | None, consent_scopes: Sequence[str], consent_form: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if consent_form and not consent_scopes:
        errors["consent_scopes"] = _("Välj vad samtycket omfattar.")
    elif consent_scopes and meets_on is not None and meets_on > timezone.localdate():
        errors["consent_scopes"] = _(
            "Ett samtycke som ges på mötet registreras när mötet har hållits."
        )
    return errors


def _register_meeting_consent(
    *,
    actor: User,
    meeting: CoordinationMeeting,
    partners: Sequence[PartnerOrganisation],
    scopes: Sequence[str],
    form: str,
) -> Consent | None:
    """The consent given at the meeting, to the partners who took part: one consent record."""
    if not scopes:
        return None
    try:
        return consent_register(
            actor=actor,
            participant=meeting.case.participant,
            partners=partners,
            scopes=scopes,
            given_on=meeting.meets_on,
            form=form,
            meeting=meeting,
            note=_("Gavs vid %(kind)s %(date)s.")
            % {"kind": meeting.get_kind_display(), "date": meeting.meets_on.isoformat()},
        )
    except ValidationError as error:
        raise ValidationError(
            {
                MEETING_CONSENT_FIELDS.get(field, "consent_scopes"): messages
                for field, messages in error.message_dict.items()
            }
        ) from error


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
    consent_scopes: Sequence[str] = (),
    consent_form: str = "",
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
    errors.update(
        _meeting_consent_errors(
            meets_on=meets_on, consent_scopes=consent_scopes, consent_form=consent_form
        )
    )
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
        _meeting_outcome_save(
            actor=actor,
            meeting=meeting,
            partners=partners,
            consent_scopes=consent_scopes,
            consent_form=consent_form,
            expected_plan_version=expected_plan_version,
            actions=actions,
            action=AuditAction.CREATE,
            summary=_("%(kind)s %(date)s, %(count)s överenskomna åtgärder"),
        )
    return meeting


def _meeting_outcome_save(
    *,
    actor: User,
    meeting: CoordinationMeeting,
    partners: Sequence[PartnerOrganisation],
    consent_scopes: Sequence[str],
    consent_form: str,
    expected_plan_version: int,
    actions: Sequence[AgreedAction],
    action: AuditAction,
    summary: str,
) -> None:
    """Who came, the consent given at the meeting and the agreed actions (into the plan), audited
    with `summary` (of the meeting's kind, date and count of actions)."""
    meeting.partners.set(partners)
    _register_meeting_consent(
        actor=actor, meeting=meeting, partners=partners, scopes=consent_scopes, form=consent_form
    )
    _add_actions(
        actor=actor, meeting=meeting, expected_plan_version=expected_plan_version, actions=actions
    )
    audit_record(
        actor=actor,
        action=action,
        obj=meeting,
        participant=meeting.case.participant,
        summary=summary
        % {
            "kind": meeting.get_kind_display(),
            "date": meeting.meets_on.isoformat(),
            "count": len(actions),
        },
    )


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
    consent_scopes: Sequence[str] = (),
    consent_form: str = "",
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
    errors.update(
        _meeting_consent_errors(
            meets_on=meeting.meets_on, consent_scopes=consent_scopes, consent_form=consent_form
        )
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
        _meeting_outcome_save(
            actor=actor,
            meeting=meeting,
            partners=partners,
            consent_scopes=consent_scopes,
            consent_form=consent_form,
            expected_plan_version=expected_plan_version,
            actions=actions,
            action=AuditAction.UPDATE,
            summary=_("Utfall av %(kind)s %(date)s, %(count)s överenskomna åtgärder"),
        )
    return meeting


def partner_referral_submit(
    *, actor: User, personal_number: str, receiving_unit: Unit, reason: str, goal: str = ""
) -> Referral | None:
    """A partner's contact person refers someone to the support through their partner account.

    Only for a person whose consent to that partner is in force; otherwise nothing is saved and
    the answer is the same whether the person is unknown or did not consent to this partner.
    The referral enters the intake queue as "Samverkanspart: <name>" (referrals'
    `referral_from_outside`); None when one was already waiting, which the page answers alike.
    """
    partner = policy.partner_of(actor)
    if partner is None:
        raise PermissionDenied
    if receiving_unit.organisation_id != partner.organisation_id:
        raise ValidationError({"receiving_unit": _("Välj en verksamhet ur listan.")})
    try:
        number = parse_personnummer(personal_number)
    except PersonnummerError as error:
        raise ValidationError({"personal_number": str(error)}) from error
    participant = Participant.objects.filter(
        organisation_id=partner.organisation_id, personal_number=number.canonical
    ).first()
    if participant is None or not consents_in_force(participant, partner).exists():
        raise ValidationError(
            {
                "personal_number": _(
                    "Personen har inget samtycke till %(partner)s hos oss, så du kan inte "
                    "remittera hen härifrån. Inget har sparats. Personen kan ansöka själv på "
                    "”Ansök om stöd”."
                )
                % {"partner": partner.name}
            }
        )
    return referral_from_outside(
        participant=participant,
        receiving_unit=receiving_unit,
        source=ReferralSource.PARTNER,
        source_name=partner.name,
        reason=reason,
        goal=goal,
        actor=actor,
    )
