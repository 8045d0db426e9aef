"""Culling (gallring) of personal records under SoL: which cases are due, and why.

The rule (docs/retention.md): a person's records are culled when `LOTSA_CULLING_YEARS` (five)
years have passed since the last entry in them — not while other records on the person are open
or have newer entries — and the culling must be finished by the end of the following year.
Records of people born on the 5th, 15th or 25th of a month are kept for research.

`culling_decision` is the rule, a pure function. `culling_plan` gathers the dates it needs for
every closed case and walks the rows a due case would take with it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.core.dates import add_months
from lotsa.decisions.constants import ApplicationStatus
from lotsa.decisions.models import Application
from lotsa.people.models import Participant
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.retention.constants import DEFAULT_CULLING_YEARS, RESEARCH_BIRTH_DAYS, CullingReason
from lotsa.retention.relations import (
    ModelType,
    Rows,
    collect_owned,
    foreign_rows,
    latest_values_per_root,
    lookup_paths,
    owned_relations,
)

# When an entry was made in each kind of record. Planned dates (a goal's target date, the next
# follow-up, an activity's end) are not entries. Goals and activities change only together with
# a new plan version, which carries the date. Models not named here count by their
# auto_now/auto_now_add timestamps (see `entry_date_fields`); `lotsa check` warns about a model
# under a case that has neither.
ENTRY_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "people.participant": (),  # correcting an address is not an entry in the person's records
    "cases.case": ("start_date", "closed_on", "last_contact_on", "created_at"),
    "cases.goal": (),
    "cases.activity": (),
    "cases.planversion": ("created_at",),
    "cases.followup": ("done_on",),
    "cases.casereopening": ("reopened_at",),
    # A read receipt is not an entry; the participant's own activities and comments are.
    "cases.planreading": (),
    # A message counts from when it was sent; who read a thread when is no entry of its own.
    "messaging.message": ("sent_at",),
    "messaging.threadreading": (),
    "messaging.notification": ("sent_at",),
    "journal.note": ("occurred_on", "signed_at", "created_at"),
    "referrals.referral": ("submitted_at", "decided_at"),
    # A decision counts from when it was made and, for a granted trial, until it ends: a
    # decision still in force is never due.
    "decisions.decision": ("decided_on", "valid_to", "created_at"),
    # A named survey answer counts from its month; an anonymous one has no person to cull.
    "surveys.response": ("month",),
    "surveys.answer": (),
    # A named answer waiting for publication (decision 0016) goes with its invitation.
    "surveys.pendingresponse": (),
    # A score is dated by its assessment; a phase period by when it started and ended.
    "assessments.score": (),
    "assessments.casephase": ("started_on", "ended_on"),
    # A monthly attendance report counts from when it was made and signed; its days go with it.
    "work.attendancereport": ("created_at", "signed_at"),
    "work.attendancereportday": (),
}


def culling_years() -> int:
    """Years from the last entry until records are culled (setting LOTSA_CULLING_YEARS)."""
    years = getattr(settings, "LOTSA_CULLING_YEARS", DEFAULT_CULLING_YEARS)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise ImproperlyConfigured(
            "LOTSA_CULLING_YEARS must be a whole number of years, 1 or more."
        )
    return years


# --- The rule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRecord:
    """What the rule needs to know about one case and the person's other records."""

    birth_date: datetime.date
    is_closed: bool
    last_entry: datetime.date
    person_last_entry: datetime.date | None = None  # latest entry in any of the person's records
    person_has_open_records: bool = False  # another case not closed, a referral awaiting decision


@dataclass(frozen=True)
class CullingDecision:
    reason: CullingReason
    last_entry: datetime.date  # the entry the time counts from
    due_on: datetime.date | None = None  # first day the records may be culled
    deadline: datetime.date | None = None  # culling must be done by this day

    @property
    def is_due(self) -> bool:
        return self.reason == CullingReason.DUE


def culling_decision(record: CaseRecord, *, today: datetime.date, years: int) -> CullingDecision:
    """Whether the case's records are due for culling on `today`, and why (or why not)."""
    last_entry = max(record.last_entry, record.person_last_entry or record.last_entry)
    if record.birth_date.day in RESEARCH_BIRTH_DAYS:
        return CullingDecision(CullingReason.KEPT_FOR_RESEARCH, last_entry)
    if not record.is_closed:
        return CullingDecision(CullingReason.CASE_OPEN, last_entry)
    if record.person_has_open_records:
        return CullingDecision(CullingReason.OTHER_RECORDS_OPEN, last_entry)
    due_on = add_months(last_entry, 12 * years)
    if today < add_months(record.last_entry, 12 * years):
        return CullingDecision(CullingReason.TOO_RECENT, last_entry, due_on)
    if today < due_on:
        return CullingDecision(CullingReason.OTHER_RECORDS_RECENT, last_entry, due_on)
    deadline = datetime.date(due_on.year + 1, 12, 31)
    return CullingDecision(CullingReason.DUE, last_entry, due_on, deadline)


# --- Gathering the facts ----------------------------------------------------------------------


def entry_date_fields(model: ModelType) -> tuple[str, ...]:
    """The fields that say when an entry of `model` was made."""
    named = ENTRY_DATE_FIELDS.get(model._meta.label_lower)
    if named is not None:
        return named
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    )


def _last_entries(root: ModelType) -> dict[Any, datetime.date]:
    fields = {model: entry_date_fields(model) for model in lookup_paths(root)}
    return {
        key: max(_as_date(value) for value in values)
        for key, values in latest_values_per_root(root, fields).items()
    }


def _as_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


@dataclass(frozen=True)
class CaseReview:
    case_id: int
    participant_id: int
    organisation_id: int
    last_entry: datetime.date  # the case's own
    decision: CullingDecision


@dataclass(frozen=True)
class PersonReview:
    """A person who never had a case (or whose every case is gone): only referrals that did
    not become one, applications, decisions and personal records are kept about them."""

    participant_id: int
    organisation_id: int
    decision: CullingDecision


@dataclass
class CullingPlan:
    today: datetime.date
    years: int
    reviews: list[CaseReview] = field(default_factory=list)
    # The rows each due person's cases take with them, per participant id.
    rows: dict[int, Rows] = field(default_factory=dict)
    people: list[PersonReview] = field(default_factory=list)

    @property
    def due(self) -> list[CaseReview]:
        return [review for review in self.reviews if review.decision.is_due]

    @property
    def due_people(self) -> list[PersonReview]:
        return [review for review in self.people if review.decision.is_due]

    @property
    def kept_reasons(self) -> list[str]:
        """Why each case or person without a case stays, one reason per kept review."""
        decisions = [review.decision for review in self.reviews]
        decisions += [review.decision for review in self.people]
        return [str(decision.reason) for decision in decisions if not decision.is_due]


def culling_plan(*, today: datetime.date, years: int) -> CullingPlan:
    """Every closed case with its decision on `today`, and the rows the due ones take along."""
    closed = list(
        Case.objects.filter(status=CaseStatus.CLOSED)
        .order_by("pk")
        .values_list("pk", "participant_id", "organisation_id", "participant__birth_date")
    )
    people = {participant_id for _pk, participant_id, _org, _born in closed}
    case_last = _last_entries(Case)
    person_last = _last_entries(Participant)
    open_people = set(
        Case.objects.filter(participant_id__in=people)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("participant_id", flat=True)
    ) | _people_with_open_requests(people)
    plan = CullingPlan(today=today, years=years)
    for case_id, participant_id, organisation_id, birth_date in closed:
        record = CaseRecord(
            birth_date=birth_date,
            is_closed=True,
            last_entry=case_last[case_id],
            person_last_entry=person_last.get(participant_id),
            person_has_open_records=participant_id in open_people,
        )
        plan.reviews.append(
            CaseReview(
                case_id=case_id,
                participant_id=participant_id,
                organisation_id=organisation_id,
                last_entry=case_last[case_id],
                decision=culling_decision(record, today=today, years=years),
            )
        )
    _walk_due_cases(plan)
    _review_people_without_cases(plan, person_last)
    return plan


def _people_with_open_requests(people: set[int] | None) -> set[int]:
    """People with a referral awaiting a decision or an application under investigation
    (`None`: everyone)."""
    referrals = Referral.objects.filter(status=ReferralStatus.SUBMITTED)
    applications = Application.objects.filter(status=ApplicationStatus.OPEN)
    if people is not None:
        referrals = referrals.filter(participant_id__in=people)
        applications = applications.filter(participant_id__in=people)
    return set(referrals.values_list("participant_id", flat=True)) | set(
        applications.values_list("participant_id", flat=True)
    )


def _review_people_without_cases(plan: CullingPlan, person_last: dict[Any, datetime.date]) -> None:
    """People with no case at all go on the same rule: the period from the last entry in any
    record about them (a referral returned, an application, a decision, a consent …), or from
    their registration when nothing was ever entered; not while a request is open."""
    without_case = list(
        Participant.objects.filter(cases__isnull=True)
        .order_by("pk")
        .values_list("pk", "organisation_id", "birth_date", "created_at")
    )
    open_people = _people_with_open_requests(None)
    for participant_id, organisation_id, birth_date, created_at in without_case:
        last = person_last.get(participant_id) or _as_date(created_at)
        record = CaseRecord(
            birth_date=birth_date,
            is_closed=True,
            last_entry=last,
            person_has_open_records=participant_id in open_people,
        )
        decision = culling_decision(record, today=plan.today, years=plan.years)
        if decision.is_due and foreign_rows(
            person_rows(participant_id), {Participant: {participant_id}}
        ):
            decision = CullingDecision(CullingReason.LINKED_TO_KEPT_RECORDS, last)
        plan.people.append(PersonReview(participant_id, organisation_id, decision))


def person_rows(participant_id: int) -> Rows:
    """Every row that belongs to the person outside a case — referrals that never became one,
    applications and their decisions, personal records — without the person's row itself and
    the sign-in account the service strips instead (`KEPT_BY_SERVICE`)."""
    kept = frozenset(apps.get_model(label) for label in KEPT_BY_SERVICE)
    rows = collect_owned(Participant, {participant_id}, stop=kept)
    return {model: pks for model, pks in rows.items() if model not in kept | {Participant} and pks}


def _walk_due_cases(plan: CullingPlan) -> None:
    """Collect what each due person's cases take along; keep them if that reaches others' rows."""
    due_by_person: dict[int, set[int]] = defaultdict(set)
    for review in plan.due:
        due_by_person[review.participant_id].add(review.case_id)
    linked = set()
    for participant_id, case_ids in due_by_person.items():
        rows = collect_owned(Case, case_ids)
        allowed: dict[ModelType, set[Any]] = {Participant: {participant_id}, Case: case_ids}
        if foreign_rows(rows, allowed):
            linked.add(participant_id)
        else:
            plan.rows[participant_id] = rows
    if linked:
        plan.reviews = [
            _keep_linked(review) if review.participant_id in linked else review
            for review in plan.reviews
        ]


def _keep_linked(review: CaseReview) -> CaseReview:
    if not review.decision.is_due:
        return review
    decision = CullingDecision(CullingReason.LINKED_TO_KEPT_RECORDS, review.decision.last_entry)
    return CaseReview(
        review.case_id, review.participant_id, review.organisation_id, review.last_entry, decision
    )


# Records about the person kept outside any case: they go with the person when the person's
# last case is culled and nothing else is kept about them (a decision, an application or a
# referral keeps the person, and these with them). Their entry dates already count in the
# person's last entry (`_last_entries(Participant)`), so none is newer than the culled cases.
# The participant's account for their own pages is handled by the service (kept for the log).
PERSONAL_RECORDS = (
    "collaboration.consent",
    "work.jobprofile",
    "surveys.invitation",
    "surveys.response",
    "portal.signincode",
)
KEPT_BY_SERVICE = ("portal.participantaccount",)


def personal_record_models() -> list[ModelType]:
    return [apps.get_model(label) for label in PERSONAL_RECORDS]


def only_personal_records_left(participant_id: int) -> bool:
    """Whether nothing but personal records (and the portal account) still points at the person."""
    allowed = {*PERSONAL_RECORDS, *KEPT_BY_SERVICE}
    for relation in owned_relations(Participant):
        if relation.related_model._meta.label_lower in allowed:
            continue
        lookup = {relation.field.attname: participant_id}
        if relation.related_model._base_manager.filter(**lookup).exists():
            return False
    return True


def models_without_entry_dates() -> list[str]:
    """Models under a case that have no field saying when an entry was made (for `lotsa check`)."""
    return [
        model._meta.label
        for model in lookup_paths(Case)
        if not entry_date_fields(model) and model._meta.label_lower not in ENTRY_DATE_FIELDS
    ]
