"""Reads of partners, consents and meetings, filtered by what the asking user may see."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import policy as case_policy
from lotsa.cases import queries as case_queries
from lotsa.cases.caseload import CaseloadContext
from lotsa.cases.constants import (
    OPEN_ACTIVITY_STATUSES,
    OPEN_CASE_STATUSES,
    CaseStatus,
    ResponsibleParty,
)
from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, Case, Goal, OwnActivity
from lotsa.cases.queries import ResponsibleGroup, own_activities_in_plan
from lotsa.collaboration import policy
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.models import (
    Consent,
    CoordinationMeeting,
    MeetingAction,
    PartnerContact,
    PartnerOrganisation,
)
from lotsa.collaboration.sections import PartnerAccess, PartnerSection, sections_for
from lotsa.core.batch import Reader, attach, compiled
from lotsa.organisations.models import Unit, User
from lotsa.people.models import Participant


def in_force_q(at: datetime, *, prefix: str = "") -> Q:
    """A filter on Consent (or through `prefix` on a relation): consents in force at `at`."""
    day = timezone.localdate(at)
    return (
        Q(
            **{f"{prefix}given_on__lte": day},
        )
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day}))
        & (Q(**{f"{prefix}revoked_at__isnull": True}) | Q(**{f"{prefix}revoked_at__gt": at}))
    )


def shares_something_q(*, prefix: str = "") -> Q:
    """A filter on Consent: it shares at least one scope (a scopeless referral consent does not)."""
    condition = Q()
    for scope in ConsentScope.values:
        condition |= Q(**{f"{prefix}shares_{scope}": True})
    return condition


def consents_in_force(
    participant: Participant | int,
    partner: PartnerOrganisation | int,
    scope: str | None = None,
    at: datetime | None = None,
) -> QuerySet[Consent]:
    """The person's consents to `partner` in force at `at` (now), covering `scope` if given."""
    if scope is not None and scope not in ConsentScope.values:
        raise ValueError(f"Unknown consent scope: {scope}")
    condition = in_force_q(at or timezone.now())
    if scope is not None:
        condition &= Q(**{f"shares_{scope}": True})
    return (
        Consent.objects.filter(condition, participant=participant, partners=partner)
        .distinct()
        .order_by("-given_on", "-id")
    )


def consents_for_participant(actor: User, participant: Participant) -> list[Consent]:
    """Every consent of the person, newest first, with its partners (for staff who keep them)."""
    if not policy.can_list_consents(actor, participant):
        raise Http404
    return list(
        Consent.objects.filter(participant=participant)
        .select_related("registered_by", "revoked_by")
        .prefetch_related("partners")
        .order_by("-given_on", "-id")
    )


def consent_ids_in_force(participant: Participant) -> set[int]:
    """Which of the person's consents are in force now (to any partner)."""
    return set(
        Consent.objects.filter(in_force_q(timezone.now()), participant=participant).values_list(
            "pk", flat=True
        )
    )


def consent_get(actor: User, consent_id: int) -> Consent:
    """A consent of a person whose consents `actor` keeps (404 otherwise)."""
    consent = get_object_or_404(
        Consent.objects.select_related("participant"),
        pk=consent_id,
        organisation_id=actor.organisation_id,
    )
    # The staff pages; the person themself revokes through their own pages (lotsa.portal).
    if not policy.can_list_consents(actor, consent.participant):
        raise Http404
    return consent


@dataclass(frozen=True)
class PartnerVisibility:
    """What a partner will and will not see of a person under a consent, in plain Swedish."""

    is_protected: bool
    will_see: list[str]
    will_not_see: list[str]

    @property
    def text(self) -> str:
        if self.is_protected:
            return _(
                "Personen har skyddad identitet. Samverkansparten ser ingenting om personen i "
                "Lotsa: inte %(not_seen)s. Samtycket är registrerat, men uppgifterna får bara "
                "lämnas till parten på annat säkert sätt."
            ) % {"not_seen": ", ".join(self.will_not_see)}
        return _("Samverkansparten ser: %(seen)s. Inte: %(not_seen)s.") % {
            "seen": ", ".join(self.will_see),
            "not_seen": ", ".join(self.will_not_see),
        }


def partner_visibility(participant: Participant, scopes: Sequence[str]) -> PartnerVisibility:
    """What a consent covering `scopes` lets a partner see of `participant` (never a
    protected person: the partner view does not show them at all)."""
    identity = _("namn och födelsedatum")
    never = _("personnummer, adress och kontaktuppgifter")
    chosen = [str(ConsentScope(s).label).lower() for s in ConsentScope.values if s in scopes]
    others = [str(ConsentScope(s).label).lower() for s in ConsentScope.values if s not in scopes]
    if participant.is_protected:
        return PartnerVisibility(
            is_protected=True,
            will_see=[],
            will_not_see=[identity, *chosen, *others, never],
        )
    return PartnerVisibility(
        is_protected=False, will_see=[identity, *chosen], will_not_see=[*others, never]
    )


def partners_visible_to(actor: User, *, active_only: bool = False) -> QuerySet[PartnerOrganisation]:
    """The partner register of the actor's organisation."""
    if not policy.can_read_partners(actor):
        return PartnerOrganisation.objects.none()
    partners = PartnerOrganisation.objects.filter(organisation_id=actor.organisation_id)
    if active_only:
        partners = partners.filter(is_active=True)
    return partners.order_by("name")


def partner_get(actor: User, partner_id: int) -> PartnerOrganisation:
    """A partner of the actor's organisation's register (active or not), for its managers; 404
    otherwise."""
    if not policy.can_manage_partners(actor):
        raise Http404
    return get_object_or_404(
        PartnerOrganisation, pk=partner_id, organisation_id=actor.organisation_id
    )


def partner_contact_get(actor: User, contact_id: int) -> PartnerContact:
    """A contact person at one of the organisation's partners, for its managers; 404 otherwise."""
    if not policy.can_manage_partners(actor):
        raise Http404
    return get_object_or_404(
        PartnerContact.objects.select_related("partner"),
        pk=contact_id,
        partner__organisation_id=actor.organisation_id,
    )


# Coordination meetings ------------------------------------------------------------------------


def meetings_for_case(actor: User, case: Case) -> list[CoordinationMeeting]:
    """The case's meetings, newest first, with partners and agreed actions (three queries)."""
    if not case_policy.can_view_case(actor, case):
        raise Http404
    return list(
        CoordinationMeeting.objects.filter(case=case)
        .prefetch_related("partners", _actions_prefetch())
        .order_by("-meets_on", "-id")
    )


def case_meetings_reads(actor: User, case: Case) -> Reader[list[CoordinationMeeting]]:
    """`meetings_for_case` as a reader (`lotsa.core.batch`): one round, the partners and the
    agreed actions read beside the meetings, each compiled once (their SQL depends on the
    case's id only; the policy is asked here)."""
    if not case_policy.can_view_case(actor, case):
        raise Http404
    through = CoordinationMeeting.partners.through
    key = ("collaboration", "case_meetings")
    rows = yield {
        "meetings": compiled(CoordinationMeeting, (*key, "meetings"), _case_meetings, case.pk),
        "partners": compiled(
            through,
            (*key, "partners"),
            lambda case_id: (
                through.objects.filter(coordinationmeeting__in=_case_meetings(case_id).values("pk"))
                .select_related("partnerorganisation")
                .order_by("partnerorganisation__name", "pk")
            ),
            case.pk,
        ),
        "actions": compiled(
            MeetingAction,
            (*key, "actions"),
            lambda case_id: _actions_prefetch().queryset.filter(  # type: ignore[union-attr]
                meeting__in=_case_meetings(case_id).values("pk")
            ),
            case.pk,
        ),
    }
    found = rows["meetings"]
    attach(
        found,
        "partners",
        rows["partners"],
        key="coordinationmeeting_id",
        value="partnerorganisation",
    )
    attach(found, "actions", rows["actions"], key="meeting_id")
    return found


def _case_meetings(case_id: int) -> QuerySet[CoordinationMeeting]:
    return CoordinationMeeting.objects.filter(case_id=case_id).order_by("-meets_on", "-id")


def consents_in_force_reads(participant_id: int) -> Reader[list[Consent]]:
    """The person's consents in force now, newest first, with their partners (one round); the
    caller has asked `policy.can_list_case_consents`."""
    consents = Consent.objects.filter(
        in_force_q(timezone.now()), participant_id=participant_id
    ).order_by("-given_on", "-id")
    rows = yield {
        "consents": consents,
        "partners": Consent.partners.through.objects.filter(consent__in=consents.values("pk"))
        .select_related("partnerorganisation")
        .order_by("partnerorganisation__name", "pk"),
    }
    attach(
        rows["consents"],
        "partners",
        rows["partners"],
        key="consent_id",
        value="partnerorganisation",
    )
    return rows["consents"]


def _actions_prefetch() -> Prefetch:
    return Prefetch(
        "actions",
        queryset=MeetingAction.objects.select_related("activity", "activity__activity_type"),
    )


def meeting_get(actor: User, meeting_id: int) -> CoordinationMeeting:
    """A meeting on a case `actor` may open (404 otherwise); the look-up is audited."""
    meeting = get_object_or_404(
        CoordinationMeeting.objects.select_related(
            "case", "case__participant", "registered_by"
        ).prefetch_related("partners", _actions_prefetch()),
        pk=meeting_id,
        case__in=case_queries.cases_visible_to(actor),
    )
    audit_record(
        actor=actor, action=AuditAction.VIEW, obj=meeting, participant=meeting.case.participant
    )
    return meeting


def upcoming_meetings(participant: Participant | int) -> list[CoordinationMeeting]:
    """Meetings from today on about the person's cases, soonest first (for their own pages)."""
    return list(
        CoordinationMeeting.objects.filter(
            case__participant=participant, meets_on__gte=timezone.localdate()
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .prefetch_related("partners")
        .order_by("meets_on", "starts_at", "id")
    )


# What a partner user sees ---------------------------------------------------------------------


def _partner_or_404(actor: User) -> PartnerOrganisation:
    partner = policy.partner_of(actor)
    if partner is None:
        raise PermissionDenied
    return partner


def partner_people(actor: User) -> QuerySet[Participant]:
    """The people with a consent in force to the actor's partner; never protected people."""
    partner = _partner_or_404(actor)
    in_force = Consent.objects.filter(
        in_force_q(timezone.now()),
        shares_something_q(),
        partners=partner,
        organisation_id=partner.organisation_id,
    )
    return (
        Participant.objects.filter(
            organisation_id=partner.organisation_id,
            is_protected=False,
            pk__in=in_force.values("participant_id"),
        )
        .only("pk", "first_name", "last_name", "birth_date")
        .order_by("last_name", "first_name", "pk")
    )


def partner_people_audit(actor: User, people: list[Participant]) -> None:
    """The list a partner saw, with the consents it relied on, into the audit trail."""
    partner = _partner_or_404(actor)
    consents = (
        Consent.objects.filter(
            in_force_q(timezone.now()),
            shares_something_q(),
            partners=partner,
            participant_id__in=[person.pk for person in people],
        )
        .order_by("participant_id", "pk")
        .values_list("participant_id", "pk")
    )
    relied_on: dict[str, list[int]] = {}
    for participant_id, consent_id in consents:
        relied_on.setdefault(str(participant_id), []).append(consent_id)
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type="collaboration.consent",
        summary=_("%(partner)s: lista med %(count)s personer med samtycke")
        % {"partner": partner.name, "count": len(people)},
        changes={"consents_by_participant": relied_on},
    )


def _current_case(participant: Participant, organisation_id: int) -> Case | None:
    """The person's open case, or else the one closed last."""
    cases = Case.objects.filter(participant=participant, organisation_id=organisation_id)
    return (
        cases.filter(status__in=OPEN_CASE_STATUSES).order_by("-start_date", "-id").first()
        or cases.order_by("-closed_on", "-id").first()
    )


def _require_scope(access: PartnerAccess, scope: str) -> None:
    """A partner read serves the one scope its consents were checked for, and no other."""
    if access.scope != scope or not access.consent_ids:
        raise PermissionDenied


@dataclass
class PartnerPlan:
    goals: list[Goal]
    next_steps: list[Activity]
    who_does_what: list[ResponsibleGroup]
    agreed_actions: list[MeetingAction]
    own_activities: list[OwnActivity]


def partner_plan(access: PartnerAccess) -> PartnerPlan:
    """Goals, next steps by who does what, agreed actions and the participant's own activities
    in the plan (four queries)."""
    _require_scope(access, ConsentScope.PLAN)
    case = access.case
    goals = list(Goal.objects.filter(case=case).order_by("is_achieved", "id"))
    next_steps = list(
        Activity.objects.filter(case=case, status__in=OPEN_ACTIVITY_STATUSES)
        .select_related("activity_type")
        .order_by("starts_on", "id")
    )
    groups: dict[str, ResponsibleGroup] = {
        party: ResponsibleGroup(ResponsibleParty(party).label) for party in ResponsibleParty.values
    }
    for activity in next_steps:
        groups[activity.responsible].activities.append(activity)
    agreed_actions = list(
        MeetingAction.objects.filter(meeting__case=case)
        .select_related("meeting", "activity", "activity__activity_type")
        .order_by("-meeting__meets_on", "id")
    )
    return PartnerPlan(
        goals=goals,
        next_steps=next_steps,
        who_does_what=[group for group in groups.values() if group.activities],
        agreed_actions=agreed_actions,
        own_activities=own_activities_in_plan(case),
    )


def partner_notes(access: PartnerAccess) -> list[Note]:
    """The case's signed notes, newest first (one query); drafts never leave the unit."""
    _require_scope(access, ConsentScope.NOTES)
    return list(
        Note.objects.filter(case=access.case, status=NoteStatus.SIGNED).order_by(
            "-occurred_on", "-id"
        )
    )


@dataclass
class PartnerMeetings:
    held: list[CoordinationMeeting]
    coming: list[CoordinationMeeting]


def partner_meetings(access: PartnerAccess) -> PartnerMeetings:
    """The case's coordination meetings, held and coming, with parties and agreed actions."""
    _require_scope(access, ConsentScope.MEETINGS)
    today = timezone.localdate(access.checked_at)
    meetings = list(
        CoordinationMeeting.objects.filter(case=access.case)
        .prefetch_related("partners", _actions_prefetch())
        .order_by("meets_on", "starts_at", "id")
    )
    return PartnerMeetings(
        held=[m for m in reversed(meetings) if m.meets_on < today],
        coming=[m for m in meetings if m.meets_on >= today],
    )


@dataclass
class PartnerPersonView:
    """What a partner may see of one person: only the scopes consented to it, right now."""

    participant: Participant
    partner: PartnerOrganisation
    consents: list[Consent]
    scopes: list[str]
    case: Case | None = None
    sections: list[PartnerSection] = field(default_factory=list)

    @property
    def scope_labels(self) -> list[str]:
        return [str(ConsentScope(scope).label) for scope in self.scopes]


def partner_person(actor: User, participant_id: int) -> PartnerPersonView:
    """One person as the actor's partner may see them, checked against consent at this moment.

    Without a consent in force that shares something (or for a protected person) the answer is
    404 and the refusal is audited; with one, each consented scope's registered section is
    read (`lotsa.collaboration.sections`) and the audit record names the consents relied on.
    """
    partner = _partner_or_404(actor)
    now = timezone.now()
    participant = (
        Participant.objects.filter(
            pk=participant_id, organisation_id=partner.organisation_id, is_protected=False
        )
        .only("pk", "first_name", "last_name", "birth_date", "organisation_id")
        .first()
    )
    consents = (
        [consent for consent in consents_in_force(participant, partner, at=now) if consent.scopes]
        if participant is not None
        else []
    )
    if not consents:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            object_type="people.participant",
            participant=participant,
            summary=_("Nekad: inget samtycke i kraft till %(partner)s för person %(id)s")
            % {"partner": partner.name, "id": participant_id},
            changes={"participant_id": participant_id, "denied": True},
        )
        raise Http404
    assert participant is not None  # noqa: S101 — consents exist only for a person
    scopes = [s for s in ConsentScope.values if any(s in c.scopes for c in consents)]
    view = PartnerPersonView(
        participant=participant, partner=partner, consents=consents, scopes=scopes
    )
    view.case = _current_case(participant, partner.organisation_id)
    if view.case is not None:
        view.sections = sections_for(
            partner=partner,
            participant=participant,
            case=view.case,
            consents=consents,
            checked_at=now,
        )
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=consents[0],
        participant=participant,
        summary=_("%(partner)s läste %(scopes)s med stöd av samtycke %(consents)s")
        % {
            "partner": partner.name,
            "scopes": ", ".join(scopes),
            "consents": ", ".join(str(c.pk) for c in consents),
        },
        changes={"consents": [c.pk for c in consents], "scopes": scopes},
    )
    return view


def units_for_partner_referral(actor: User) -> QuerySet[Unit]:
    """The units of the partner's municipality a partner user may refer to."""
    partner = policy.partner_of(actor)
    if partner is None:
        return Unit.objects.none()
    return Unit.objects.filter(
        organisation_id=partner.organisation_id, runs_support=True, is_active=True
    ).order_by("name")


def meets_today_q(context: CaseloadContext) -> Q:
    """The caseload filter "Möte i dag": cases with a coordination meeting today."""
    return Q(pk__in=CoordinationMeeting.objects.filter(meets_on=context.today).values("case_id"))
