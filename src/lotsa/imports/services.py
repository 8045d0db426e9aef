"""Bulk import of participants and cases: every row checked first, then all written at once.

One import is one transaction: a crash, a kill or a bad row leaves the database as it was, so
running the same file again is always safe. Rows that are already in the organisation come
back as row errors on a re-run instead of being written twice.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, audit_records, audit_rows
from lotsa.cases.constants import OPEN_CASE_STATUSES, CaseStatus
from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, ActivityType, Case, FollowUp, Goal, PlanVersion
from lotsa.cases.plan import activity_data, goal_data
from lotsa.core.dates import add_months
from lotsa.core.tablewriter import TableWriter, copy_available
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.imports import policy
from lotsa.imports.constants import ImportKind
from lotsa.imports.files import SourceRow
from lotsa.imports.rows import (
    CaseDraft,
    CaseLookup,
    CoachInfo,
    ParticipantDraft,
    ParticipantLookup,
    RowError,
    UnitInfo,
    cases_check,
    participants_check,
)
from lotsa.organisations.constants import Role
from lotsa.organisations.models import District, Unit, User
from lotsa.people.models import Participant

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation

BATCH_SIZE = 500
DEFAULT_FOLLOW_UP_INTERVAL_MONTHS = 3


class ImportRejectedError(ValidationError):
    """At least one row is wrong, so nothing was written; `row_errors` says where and why."""

    def __init__(self, row_errors: Sequence[RowError]) -> None:
        super().__init__([str(error) for error in row_errors], code="rows")
        self.row_errors = list(row_errors)


@dataclass(frozen=True)
class ImportResult:
    kind: ImportKind
    rows: int
    written: bool
    counts: dict[str, int] = field(default_factory=dict)


def _require_permission(actor: User | None, organisation: "Organisation") -> None:
    # actor None is the system itself (the command's --system); people always pass the check.
    if actor is not None and not policy.can_import(actor, organisation):
        raise PermissionDenied


def _import_audit(
    *, actor: User | None, kind: ImportKind, organisation: "Organisation", counts: dict[str, int]
) -> None:
    parts = ", ".join(f"{name} {count}" for name, count in counts.items())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=f"imports.{kind.value}",
        summary=_("Importerade %(kind)s till %(organisation)s: %(parts)s")
        % {"kind": kind.label, "organisation": organisation.name, "parts": parts},
        changes={"organisation_id": organisation.pk, **counts},
        organisation_id=organisation.pk,
    )


# Participants -----------------------------------------------------------------------------


def participant_lookup(organisation: "Organisation", *, today: date) -> ParticipantLookup:
    units = Unit.objects.filter(organisation=organisation, is_active=True)
    districts = District.objects.filter(organisation=organisation)
    return ParticipantLookup(
        today=today,
        units={name.lower(): pk for pk, name in units.values_list("pk", "name")},
        districts={name.lower(): pk for pk, name in districts.values_list("pk", "name")},
        existing_numbers=frozenset(
            Participant.objects.filter(organisation=organisation).values_list(
                "personal_number", flat=True
            )
        ),
    )


def import_participants(
    *,
    actor: User | None,
    organisation: "Organisation",
    rows: Sequence[SourceRow],
    dry_run: bool = False,
    before_write: Callable[[int], None] | None = None,
) -> ImportResult:
    """Register every person in `rows`, or none: ImportRejectedError lists every bad row.

    People already in the organisation are row errors; the import never changes anyone.
    With `dry_run` the rows are only checked. `before_write(count)` is called when every row
    has passed and writing begins.
    """
    _require_permission(actor, organisation)
    with transaction.atomic():
        lookup = participant_lookup(organisation, today=timezone.localdate())
        drafts, errors = participants_check(rows, lookup)
        if errors:
            raise ImportRejectedError(errors)
        counts = {"deltagare": len(drafts)}
        if dry_run:
            return ImportResult(ImportKind.PARTICIPANTS, len(rows), written=False, counts=counts)
        if before_write is not None:
            before_write(len(drafts))
        ids = _participants_write(actor=actor, organisation=organisation, drafts=drafts)
        audit_rows(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=Participant._meta.label_lower,
            items=[(pk, pk, organisation.pk) for pk in ids],
            summary=_("Registrerade deltagare (import)"),
        )
        _import_audit(
            actor=actor, kind=ImportKind.PARTICIPANTS, organisation=organisation, counts=counts
        )
    return ImportResult(ImportKind.PARTICIPANTS, len(rows), written=True, counts=counts)


_PARTICIPANT_COLUMNS = (
    "id",
    "organisation_id",
    "unit_id",
    "personal_number",
    "birth_date",
    "registered_by_id",
    "created_at",
    "updated_at",
    "first_name",
    "last_name",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "city",
    "district_id",
    "needs_interpreter",
    "language",
    "is_protected",
    "gender",
)


def _participants_write(
    *, actor: User | None, organisation: "Organisation", drafts: Sequence[ParticipantDraft]
) -> list[int]:
    """Insert the checked people; their ids in the order of `drafts`.

    On PostgreSQL the ids are taken from the table's sequence in one query and the rows go in
    by COPY (a tenth of bulk_create's time: no model instances, no per-value SQL parameters);
    elsewhere bulk_create. Both store the same values.
    """
    if not drafts:
        return []
    if not copy_available():
        people = Participant.objects.bulk_create(
            [
                Participant(
                    organisation=organisation,
                    unit_id=draft.unit_id,
                    personal_number=draft.personal_number,
                    birth_date=draft.birth_date,
                    registered_by=actor,
                    **draft.details,
                )
                for draft in drafts
            ],
            batch_size=BATCH_SIZE,
        )
        return [person.pk for person in people]
    with connection.cursor() as cursor:
        cursor.execute(  # one row holding every id: quicker to fetch than a row per id
            "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id')))"
            " FROM generate_series(1, %s)",
            [Participant._meta.db_table, len(drafts)],
        )
        ids = sorted(cursor.fetchone()[0])
    now = timezone.now()  # auto_now(_add): one moment for the whole import
    actor_id = actor.pk if actor is not None else None
    details_of = itemgetter(*_PARTICIPANT_COLUMNS[8:])
    rows = [
        (
            pk,
            organisation.pk,
            draft.unit_id,
            draft.personal_number,
            draft.birth_date,
            actor_id,
            now,
            now,
            *map(_plain, details_of(draft.details)),
        )
        for pk, draft in zip(ids, drafts, strict=True)
    ]
    TableWriter(Participant, _PARTICIPANT_COLUMNS, use_copy=True).write(rows)
    return ids


def _plain(value: Any) -> Any:
    """Choices members as their stored value (COPY adapts by Python type)."""
    return str(value) if isinstance(value, str) else value


# Cases ----------------------------------------------------------------------------------------


def _users_by_name(organisation: "Organisation") -> dict[str, CoachInfo]:
    users = {
        user.username: user
        for user in (
            CoachInfo(
                id=pk,
                username=username,
                unit_id=unit_id,
                is_coach=role == Role.COACH,
                is_active=is_active,
            )
            for pk, username, unit_id, role, is_active in User.objects.filter(
                organisation=organisation
            ).values_list("pk", "username", "unit_id", "role", "is_active")
        )
    }
    # Spreadsheets rarely keep the case of a username; accept any case where it is unambiguous.
    folded: dict[str, list[CoachInfo]] = {}
    for user in users.values():
        folded.setdefault(user.username.lower(), []).append(user)
    for name, same in folded.items():
        if len(same) == 1:
            users.setdefault(name, same[0])
    return users


def case_lookup(organisation: "Organisation", *, today: date) -> CaseLookup:
    cases = Case.objects.filter(organisation=organisation)
    return CaseLookup(
        today=today,
        participants=dict(
            Participant.objects.filter(organisation=organisation).values_list(
                "personal_number", "pk"
            )
        ),
        units={
            name.lower(): UnitInfo(id=pk, name=name, runs_support=runs_support)
            for pk, name, runs_support in Unit.objects.filter(
                organisation=organisation
            ).values_list("pk", "name", "runs_support")
        },
        users=_users_by_name(organisation),
        activity_types={
            " ".join(item.name.lower().split()): item
            for item in ActivityType.objects.filter(organisation=organisation)
        },
        existing_cases=frozenset(cases.values_list("participant_id", "unit_id", "start_date")),
        open_case_participants=frozenset(
            cases.filter(status__in=OPEN_CASE_STATUSES).values_list("participant_id", flat=True)
        ),
    )


def next_follow_up(start_date: date, interval_months: int, today: date) -> date:
    """The first follow-up on the case's own rhythm (start + n intervals) that is not past."""
    steps = 1
    due = add_months(start_date, interval_months)
    while due < today:
        steps += 1
        due = add_months(start_date, steps * interval_months)
    return due


def import_cases(
    *,
    actor: User | None,
    organisation: "Organisation",
    rows: Sequence[SourceRow],
    dry_run: bool = False,
    before_write: Callable[[int], None] | None = None,
) -> ImportResult:
    """Open every case in `rows` with its plan and note, or none (ImportRejectedError).

    Imported cases have no referral and no waiting time; open ones get their next follow-up.
    A case already present (same person, unit and start date) is a row error on a re-run.
    """
    _require_permission(actor, organisation)
    today = timezone.localdate()
    with transaction.atomic():
        drafts, errors = cases_check(rows, case_lookup(organisation, today=today))
        if errors:
            raise ImportRejectedError(errors)
        counts = {
            "ärenden": len(drafts),
            "mål": sum(1 for draft in drafts if draft.goal_text),
            "aktiviteter": sum(len(draft.activities) for draft in drafts),
            "anteckningar": sum(1 for draft in drafts if draft.note_text),
        }
        if dry_run:
            return ImportResult(ImportKind.CASES, len(rows), written=False, counts=counts)
        if before_write is not None:
            before_write(len(drafts))
        _cases_write(actor=actor, organisation=organisation, drafts=drafts, today=today)
        _import_audit(actor=actor, kind=ImportKind.CASES, organisation=organisation, counts=counts)
    return ImportResult(ImportKind.CASES, len(rows), written=True, counts=counts)


def _cases_write(
    *, actor: User | None, organisation: "Organisation", drafts: list[CaseDraft], today: date
) -> None:
    version = guideline_version_in_force(organisation_id=organisation.pk, on=today)
    interval = version.follow_up_interval_months if version else DEFAULT_FOLLOW_UP_INTERVAL_MONTHS
    cases = Case.objects.bulk_create(
        [
            Case(
                organisation=organisation,
                participant_id=draft.participant_id,
                referral=None,
                unit_id=draft.unit_id,
                coach_id=draft.coach_id,
                status=draft.status,
                start_date=draft.start_date,
                waiting_days=None,
                follow_up_interval_months=interval,
                next_follow_up_on=(
                    None
                    if draft.status == CaseStatus.CLOSED
                    else next_follow_up(draft.start_date, interval, today)
                ),
                closed_on=draft.closed_on,
                closure_reason=draft.closure_reason,
                plan_version=1 if draft.goal_text or draft.activities else 0,
            )
            for draft in drafts
        ],
        batch_size=BATCH_SIZE,
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(case=case, due_on=case.next_follow_up_on)
            for case in cases
            if case.next_follow_up_on is not None
        ],
        batch_size=BATCH_SIZE,
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(case=case, kind=draft.goal_kind, description=draft.goal_text)
            for case, draft in zip(cases, drafts, strict=True)
            if draft.goal_text
        ],
        batch_size=BATCH_SIZE,
    )
    activities = Activity.objects.bulk_create(
        [
            Activity(
                case=case,
                activity_type=item.activity_type,
                skr_category=item.activity_type.skr_category,
                responsible=item.responsible,
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                status=item.status,
            )
            for case, draft in zip(cases, drafts, strict=True)
            for item in draft.activities
        ],
        batch_size=BATCH_SIZE,
    )
    _plan_versions_write(actor=actor, cases=cases, goals=goals, activities=activities)
    _notes_write(cases=cases, drafts=drafts, today=today)
    summary = _("Importerade ärende med plan")
    audit_records(
        actor=actor,
        action=AuditAction.CREATE,
        items=[
            (case, Participant(pk=case.participant_id, organisation_id=organisation.pk))
            for case in cases
        ],
        summary=summary,
    )


def _plan_versions_write(
    *, actor: User | None, cases: list[Case], goals: list[Goal], activities: list[Activity]
) -> None:
    """Version 1 of each imported plan, so the plan history starts with what was imported."""
    plans: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for goal in goals:
        plans.setdefault(goal.case_id, {"goals": [], "activities": []})["goals"].append(
            goal_data(goal)
        )
    for activity in activities:
        plans.setdefault(activity.case_id, {"goals": [], "activities": []})["activities"].append(
            activity_data(activity)
        )
    summary = _("Planen importerad från tidigare system")
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                case=case,
                number=1,
                author_id=actor.pk if actor is not None else case.coach_id,
                summary=summary,
                snapshot=plans[case.pk],
            )
            for case in cases
            if case.pk in plans
        ],
        batch_size=BATCH_SIZE,
    )


def _notes_write(*, cases: list[Case], drafts: list[CaseDraft], today: date) -> None:
    """The historical note, signed by the case's coach, dated when the case closed or today."""
    now = timezone.now()
    heading = _("Överförd från tidigare system vid import %(date)s.") % {"date": today.isoformat()}
    Note.objects.bulk_create(
        [
            Note(
                case=case,
                author_id=case.coach_id,
                kind=NoteKind.OTHER,
                occurred_on=draft.closed_on or today,
                text=f"{heading}\n\n{draft.note_text}",
                status=NoteStatus.SIGNED,
                signed_at=now,
            )
            for case, draft in zip(cases, drafts, strict=True)
            if draft.note_text
        ],
        batch_size=BATCH_SIZE,
    )
