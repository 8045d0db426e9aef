"""Reads for the participant's own pages: only ever the signed-in person's own data.

Every function starts from `own_participant(user)`, the participant linked to the signed-in
user; nothing here takes an id from the request that could name someone else.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.audit.naming import object_name
from lotsa.audit.services import audit_record
from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.models import Activity, Case, CoachHandover, OwnActivity
from lotsa.cases.queries import (
    ParticipantPlan,
    SharedPlan,
    build_participant_plan,
    build_shared_plan,
    latest_handover,
)
from lotsa.collaboration.models import Consent, CoordinationMeeting
from lotsa.collaboration.policy import can_revoke_consent
from lotsa.collaboration.queries import upcoming_meetings
from lotsa.messaging import queries as message_queries
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User
from lotsa.people.models import Participant
from lotsa.portal import policy
from lotsa.surveys.queries import open_invitations_for
from lotsa.work import queries as work_queries
from lotsa.work.models import Placement


def own_participant(user: User) -> Participant:
    """The participant the signed-in user is; PermissionDenied for anyone else."""
    if not policy.is_participant_user(user):
        raise PermissionDenied
    return user.participant_account.participant


@dataclass
class OwnPages:
    participant: Participant
    case: Case | None
    plan: ParticipantPlan | None
    meetings: list[Any] = field(default_factory=list)
    placements: list[Any] = field(default_factory=list)
    consents: list[Any] = field(default_factory=list)
    surveys: list[Any] = field(default_factory=list)
    handover: CoachHandover | None = None


def own_open_case(participant: Participant) -> Case | None:
    """The person's open case (the newest, should there be more than one)."""
    return (
        Case.objects.filter(participant=participant, status__in=OPEN_CASE_STATUSES)
        .select_related("coach", "unit", "participant")
        .order_by("-start_date", "-id")
        .first()
    )


@dataclass
class OwnPlan:
    participant: Participant
    case: Case | None
    shared: SharedPlan | None


def own_plan(user: User) -> OwnPlan:
    """The shared plan of the person's open case: the steps, their own activities, comments and
    read receipts; logged as the person's own look-up."""
    participant = own_participant(user)
    case = own_open_case(participant)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        participant=participant,
        summary=_("Deltagaren läste sin plan"),
    )
    return OwnPlan(
        participant=participant,
        case=case,
        shared=build_shared_plan(case) if case is not None else None,
    )


def own_step(user: User, *, kind: str, step_id: int) -> Activity | OwnActivity:
    """One step of the person's open case: a plan activity ("aktivitet") or one of their own
    activities ("egen"); 404 for anything else."""
    participant = own_participant(user)
    case = own_open_case(participant)
    if case is None:
        raise Http404
    model: type[Activity] | type[OwnActivity] = OwnActivity if kind == "egen" else Activity
    if kind not in ("egen", "aktivitet"):
        raise Http404
    step = model.objects.filter(pk=step_id, case=case).first()
    if step is None:
        raise Http404
    step.case = case
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=step,
        participant=participant,
        summary=_("Deltagaren läste ett steg i sin plan"),
    )
    return step


def own_message_threads(user: User, case: Case | None) -> list[Any]:
    """The person's threads with their state (subjects only; reading one is audited)."""
    if case is None or case.participant_id != own_participant(user).pk:
        return []
    return message_queries.own_threads(case)


def own_meeting(user: User, meeting_id: int) -> CoordinationMeeting:
    """One meeting of the person's open case, logged as their own look-up; 404 otherwise."""
    participant = own_participant(user)
    case = own_open_case(participant)
    if case is None:
        raise Http404
    meeting = message_queries.own_meeting(case, meeting_id)
    meeting.case = case
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=meeting,
        participant=participant,
        summary=_("Deltagaren läste om mötet %(date)s") % {"date": meeting.meets_on},
    )
    return meeting


def own_pages(user: User) -> OwnPages:
    """Everything "Mina sidor" shows, read in a fixed number of queries and logged as the
    person's own look-up."""
    participant = own_participant(user)
    case = own_open_case(participant)
    pages = OwnPages(
        participant=participant,
        case=case,
        plan=build_participant_plan(case) if case is not None else None,
        meetings=_meetings(participant),
        placements=_placements(participant),
        consents=_consents(participant, user),
        surveys=_surveys(participant),
        handover=latest_handover(case) if case is not None else None,
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        participant=participant,
        summary=_("Deltagaren läste sina egna sidor"),
    )
    return pages


def _meetings(participant: Participant) -> list[Any]:

    return upcoming_meetings(participant)


def _placements(participant: Participant) -> list[Any]:
    """The person's own placements and employments, newest first (read-only here)."""

    return list(
        Placement.objects.filter(case__participant=participant)
        .select_related("employer", "arena")
        .order_by("-starts_on", "-id")
    )


@dataclass(frozen=True)
class OwnConsent:
    pk: int
    partner_name: str
    scope_label: str
    given_on: date
    valid_to: date | None
    revoked_on: date | None
    can_revoke: bool

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


def _consents(participant: Participant, user: User) -> list[OwnConsent]:
    """The person's consents, newest first, each saying whether they may withdraw it."""

    consents = (
        Consent.objects.filter(participant=participant)
        .prefetch_related("partners")
        .order_by("-given_on", "-id")
    )
    return [
        OwnConsent(
            pk=consent.pk,
            # A party named on the referral with no partner organisation still shows by kind.
            partner_name=", ".join(
                [partner.name for partner in consent.partners.all()]
                + consent.unmatched_party_labels
            ),
            scope_label=", ".join(consent.scope_labels) or _("ingenting delas"),
            given_on=consent.given_on,
            valid_to=consent.valid_to,
            revoked_on=timezone.localdate(consent.revoked_at) if consent.revoked_at else None,
            can_revoke=can_revoke_consent(user, consent),
        )
        for consent in consents
    ]


def _surveys(participant: Participant) -> list[Any]:

    return open_invitations_for(participant)


ACCESS_LOG_PAGE_SIZE = 25
# What the person is told someone did with their data; the audit record's own summary is not
# shown, since it may quote search words or other people (decision 0021).
ACCESS_VERBS = {
    AuditAction.VIEW: gettext_lazy("Läste"),
    AuditAction.SEARCH: gettext_lazy("Sökte fram"),
    AuditAction.EXPORT: gettext_lazy("Tog ut"),
    AuditAction.CREATE: gettext_lazy("Skrev in"),
    AuditAction.UPDATE: gettext_lazy("Ändrade"),
    AuditAction.DELETE: gettext_lazy("Tog bort"),
}


@dataclass(frozen=True)
class AccessEntry:
    """One look at or change of the person's data, by role and unit, never by name."""

    at: Any
    who: str  # "Arbetscoach" / "Enhetschef" …, or the partner organisation's name
    where: str  # the staff member's unit; empty for a partner
    is_partner: bool
    verb: str
    what: str


def own_access_log(user: User, *, page: str | int | None) -> Page[AccessEntry]:
    """Who — by role and unit, or partner organisation — read or changed the signed-in person's
    data and when, newest first, one page at a time in a constant number of queries; the
    person's own visits and the system's work are left out (decision 0021)."""
    participant = own_participant(user)
    records = (
        AuditRecord.objects.filter(
            participant=participant, actor__isnull=False, action__in=list(ACCESS_VERBS)
        )
        .exclude(actor__role=Role.PARTICIPANT)
        .select_related("actor__unit", "actor__partner_contact__partner")
        .order_by("-at", "-id")
    )
    found = Paginator(records, ACCESS_LOG_PAGE_SIZE).get_page(page)
    entries = [_access_entry(record) for record in found.object_list]
    result: Page[AccessEntry] = Page(entries, found.number, found.paginator)  # type: ignore[arg-type]
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        participant=participant,
        summary=_("Deltagaren läste vem som har tittat på hens uppgifter"),
    )
    return result


def _access_entry(record: AuditRecord) -> AccessEntry:
    actor = record.actor
    assert actor is not None  # filtered above
    contact = getattr(actor, "partner_contact", None) if actor.role == Role.PARTNER else None
    if contact is not None:
        who, where = contact.partner.name, ""
    else:
        who, where = actor.get_role_display(), actor.unit.name if actor.unit else ""
    return AccessEntry(
        at=record.at,
        who=who,
        where=where,
        is_partner=contact is not None,
        verb=str(ACCESS_VERBS.get(AuditAction(record.action), record.get_action_display())),
        what=object_name(record.object_type),
    )


def units_taking_applications() -> Any:
    """The units a person may apply to on the public form: active, running the support."""
    return (
        Unit.objects.filter(runs_support=True, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


# The monthly attendance report (work) ---------------------------------------------------------


def own_attendance_reports(user: User) -> list[Any]:
    """The person's own monthly attendance reports, newest month first."""
    return work_queries.own_attendance_reports(own_participant(user))


def own_attendance_report(user: User, report_id: int) -> Any:
    """One of the person's own monthly reports, logged as their own look-up; 404 otherwise."""
    participant = own_participant(user)
    report = work_queries.own_attendance_report(participant, report_id)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=report,
        participant=participant,
        summary=_("Deltagaren läste sin närvaro för %(month)s")
        % {"month": f"{report.month:%Y-%m}"},
    )
    return report
