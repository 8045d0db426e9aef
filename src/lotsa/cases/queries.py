"""Reads of cases and plans, already filtered by what the asking user may see.

Every function starts from `policy.visible_cases_q(actor)`, and loads what its page shows in a
fixed number of queries, however many cases, activities or notes there are.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import policy
from lotsa.cases.caseload import (
    NO_CONTACT_DAYS_DEFAULT,
    CaseloadChoice,
    CaseloadContext,
    caseload_aggregate_names,
    caseload_aggregates,
    caseload_choices,
    caseload_condition,
    caseload_filters,
)
from lotsa.cases.columns import annotate_case_list, case_list_columns
from lotsa.cases.constants import (
    OPEN_ACTIVITY_STATUSES,
    OPEN_CASE_STATUSES,
    RESPONSIBLE_IN_PLAIN_WORDS,
    ActivityStatus,
    Agreement,
    CaseListSort,
    CaseStatus,
    PlanSide,
    ResponsibleParty,
)
from lotsa.cases.journal import policy as journal_policy
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.queries import amendments_of, journal_page_notes
from lotsa.cases.models import (
    Activity,
    ActivityType,
    Case,
    CaseReopening,
    CoachHandover,
    FollowUp,
    Goal,
    OwnActivity,
    PlanReading,
    PlanVersion,
    SavedCaseFilter,
)
from lotsa.cases.plan import PlanChange, plan_changes
from lotsa.core.batch import Compiled, Reader, attach, compiled, read_one, read_together
from lotsa.core.statements import compiled_aggregate, compiled_rows
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User
from lotsa.people.policy import participant_relations

if TYPE_CHECKING:
    from django.utils.functional import Promise

SORT_ORDERS = {
    CaseListSort.NEXT_FOLLOW_UP: (F("next_follow_up_on").asc(nulls_last=True),),
    CaseListSort.LAST_CONTACT: (F("last_contact_on").asc(nulls_first=True),),
    CaseListSort.START_DATE: (F("start_date").asc(),),
    CaseListSort.NAME: (F("participant__last_name").asc(), F("participant__first_name").asc()),
}
PLAN_VERSIONS_ON_CASE_PAGE = 5
# The journal on the case page: the newest notes, older ones a page further.
NOTES_PER_PAGE = 10


def cases_visible_to(actor: User) -> QuerySet[Case]:
    """Every case `actor` may open."""
    return Case.objects.filter(policy.visible_cases_q(actor))


def _with_status(cases: QuerySet[Case], status: str | None) -> QuerySet[Case]:
    if status in CaseStatus.values:
        return cases.filter(status=status)
    return cases.filter(status__in=OPEN_CASE_STATUSES)


def _case_list(
    cases: QuerySet[Case],
    *,
    actor: User,
    status: str | None,
    overdue_only: bool,
    sort: str,
    chosen: str = "",
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT,
    today: date | None = None,
) -> QuerySet[Case]:
    today = today or timezone.localdate()
    cases = _with_status(cases, status)
    if chosen:
        condition = caseload_condition(
            chosen, CaseloadContext(actor=actor, today=today, no_contact_days=no_contact_days)
        )
        if condition is not None:
            cases = cases.filter(condition)
    if overdue_only:
        cases = cases.filter(next_follow_up_on__lt=today).exclude(status=CaseStatus.CLOSED)
    order = SORT_ORDERS.get(sort, SORT_ORDERS[CaseListSort.NEXT_FOLLOW_UP])  # type: ignore[call-overload]
    cases = annotate_case_list(cases, actor, today)
    return (
        cases.select_related("participant", "coach")
        .annotate(
            # A correlated count, not a join: a join to the activities made the statement
            # GROUP BY every selected column of the case, participant and coach.
            open_activity_count=Coalesce(
                Subquery(
                    Activity.objects.filter(case=OuterRef("pk"), status__in=OPEN_ACTIVITY_STATUSES)
                    .order_by()
                    .values("case")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            is_overdue=ExpressionWrapper(
                Q(next_follow_up_on__lt=today) & ~Q(status=CaseStatus.CLOSED),
                output_field=BooleanField(),
            ),
        )
        .order_by(*order, "participant__last_name", "participant__first_name", "pk")
    )


def _own_cases(actor: User) -> QuerySet[Case]:
    return cases_visible_to(actor).filter(coach=actor)


def _unit_cases(actor: User, coach_id: int | None) -> QuerySet[Case]:
    if not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    cases = cases_visible_to(actor).filter(unit_id=actor.unit_id)
    if coach_id:
        cases = cases.filter(coach_id=coach_id)
    return cases


def my_cases(
    actor: User,
    *,
    status: str | None = None,
    overdue_only: bool = False,
    sort: str = CaseListSort.NEXT_FOLLOW_UP,
    chosen: str = "",
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT,
    today: date | None = None,
) -> QuerySet[Case]:
    """ "Mina ärenden": the actor's own cases (open ones unless `status` says otherwise),
    narrowed to the caseload filter `chosen` (cases.caseload) when one is named.

    Each row carries `open_activity_count` and `is_overdue`, and what the registered columns
    annotate (cases.columns); participant and coach are joined.
    """
    return _case_list(
        _own_cases(actor),
        actor=actor,
        status=status,
        overdue_only=overdue_only,
        sort=sort,
        chosen=chosen,
        no_contact_days=no_contact_days,
        today=today,
    )


def unit_cases(
    actor: User,
    *,
    coach_id: int | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    sort: str = CaseListSort.NEXT_FOLLOW_UP,
    chosen: str = "",
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT,
    today: date | None = None,
) -> QuerySet[Case]:
    """The cases the manager's unit runs, optionally one coach's; same columns and filters as
    my_cases."""
    return _case_list(
        _unit_cases(actor, coach_id),
        actor=actor,
        status=status,
        overdue_only=overdue_only,
        sort=sort,
        chosen=chosen,
        no_contact_days=no_contact_days,
        today=today,
    )


def _list_key(actor: User, *values: Hashable) -> tuple[Hashable, ...]:
    """Everything the SQL of a case list or its counts depends on besides `values`: who asks
    (the visibility filter's inputs) and the registries that add conditions and columns."""
    return (
        actor.pk,
        actor.role,
        actor.unit_id,
        actor.organisation_id,
        bool(getattr(actor, "is_service_account", False)),
        caseload_filters.version,
        case_list_columns.version,
        participant_relations.version,
        *values,
    )


@dataclass(frozen=True)
class CaseListChoice:
    """What narrows and orders a case list: the filter form's values."""

    status: str | None = None
    overdue_only: bool = False
    sort: str = CaseListSort.NEXT_FOLLOW_UP
    chosen: str = ""
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT
    coach_id: int | None = None  # the unit's list only

    @property
    def counts_ride_along(self) -> bool:
        """The list holds exactly the cases the caseload counts count (no filter chosen, not
        only the overdue ones), so its statement can count them too (window counts)."""
        return not self.chosen and not self.overdue_only


_COUNT_PREFIX = "caseload_"


def case_list_slice(
    actor: User, scope: str, choice: CaseListChoice, start: int, stop: int
) -> list[Case]:
    """Rows `start:stop` of "Mina ärenden" (`scope` "mine", as `my_cases`) or of the unit's list
    ("unit", as `unit_cases`), each with the whole list's length as `list_length` (a window
    count in the same statement). The statement is compiled once per actor, day, choice and
    slice (lotsa.core.statements): building and compiling it was most of the list's time."""
    if scope == "unit" and not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    today = timezone.localdate()
    lister = unit_cases if scope == "unit" else my_cases
    extra = {"coach_id": choice.coach_id} if scope == "unit" else {}

    def build() -> QuerySet[Case]:
        cases = lister(
            actor,
            status=choice.status,
            overdue_only=choice.overdue_only,
            sort=choice.sort,
            chosen=choice.chosen,
            no_contact_days=choice.no_contact_days,
            today=today,
            **extra,  # type: ignore[arg-type]
        )
        cases = cases.annotate(list_length=Window(Count("pk")))
        if choice.counts_ride_along:
            context = CaseloadContext(
                actor=actor, today=today, no_contact_days=choice.no_contact_days
            )
            cases = cases.annotate(
                **{
                    f"{_COUNT_PREFIX}{name}": Window(count)
                    for name, count in caseload_aggregates(context).items()
                }
            )
        return cases[start:stop]

    return compiled_rows(Case, _list_key(actor, "list", scope, today, choice, start, stop), build)


def _counts(
    actor: User,
    scope: str,
    cases: Callable[[], QuerySet[Case]],
    context: CaseloadContext,
    *key: Hashable,
) -> list[CaseloadChoice]:
    if not len(caseload_filters):
        return []
    totals = compiled_aggregate(
        Case,
        _list_key(actor, "counts", scope, context.today, context.no_contact_days, *key),
        lambda: cases().order_by(),
        lambda: caseload_aggregates(context),
    )
    return caseload_choices(totals, context)


def _counts_on_rows(
    rows: list[Case] | None, no_contact_days: int, actor: User
) -> list[CaseloadChoice] | None:
    # The counts `case_list_slice` read in the list's statement, when it did.
    if not rows:
        return None
    first = rows[0]
    names = caseload_aggregate_names()
    if not all(hasattr(first, f"{_COUNT_PREFIX}{name}") for name in names):
        return None
    context = CaseloadContext(
        actor=actor, today=timezone.localdate(), no_contact_days=no_contact_days
    )
    totals = {name: getattr(first, f"{_COUNT_PREFIX}{name}") for name in names}
    return caseload_choices(totals, context)


def my_caseload_counts(
    actor: User,
    *,
    status: str | None = None,
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT,
    rows: list[Case] | None = None,
) -> list[CaseloadChoice]:
    """Every caseload filter with how many of the actor's own cases it holds; one query,
    compiled once per actor, day and choice — or none when `rows`, the list's page read by
    `case_list_slice` with no filter chosen, already carry the counts."""
    found = _counts_on_rows(rows, no_contact_days, actor)
    if found is not None:
        return found
    context = CaseloadContext(
        actor=actor, today=timezone.localdate(), no_contact_days=no_contact_days
    )
    return _counts(actor, "mine", lambda: _with_status(_own_cases(actor), status), context, status)


def unit_caseload_counts(
    actor: User,
    *,
    coach_id: int | None = None,
    status: str | None = None,
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT,
    rows: list[Case] | None = None,
) -> list[CaseloadChoice]:
    """The same counts over the manager's unit (or one of its coaches); one query, or none
    when `rows` carry them (as `my_caseload_counts`)."""
    if not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    found = _counts_on_rows(rows, no_contact_days, actor)
    if found is not None:
        return found
    context = CaseloadContext(
        actor=actor, today=timezone.localdate(), no_contact_days=no_contact_days
    )
    return _counts(
        actor,
        "unit",
        lambda: _with_status(_unit_cases(actor, coach_id), status),
        context,
        status,
        coach_id,
    )


def cases_to_reassign(actor: User) -> QuerySet[Case]:
    """The open cases of the manager's unit that the manager may move to another coach."""
    return _with_status(_unit_cases(actor, None), None).select_related("participant", "coach")


def saved_case_filters(actor: User, list_name: str) -> QuerySet[SavedCaseFilter]:
    """The actor's own saved views of one case list, by name."""
    return SavedCaseFilter.objects.filter(user=actor, list_name=list_name).order_by("name")


def saved_case_filter_get(actor: User, saved_id: int) -> SavedCaseFilter:
    """One of the actor's own saved views (404 for anyone else's)."""
    try:
        return SavedCaseFilter.objects.get(pk=saved_id, user=actor)
    except SavedCaseFilter.DoesNotExist as missing:
        raise Http404 from missing


def latest_handover(case: Case) -> CoachHandover | None:
    """The case's latest hand-over, for the participant's own page (the caller has checked that
    the reader is the case's participant); the note itself is for staff and is not loaded."""
    return (
        CoachHandover.objects.filter(case=case, coach_id=case.coach_id)
        .select_related("previous_coach")
        .defer("note")
        .order_by("-created_at", "-id")
        .first()
    )


def unit_coaches(actor: User) -> QuerySet[User]:
    """The coaches of the manager's unit, for the coach filter of the unit's case list."""
    if not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    return User.objects.filter(unit_id=actor.unit_id, role=Role.COACH).order_by(
        "first_name", "last_name", "pk"
    )


def case_get(actor: User, case_id: int, *, log: bool = True) -> Case:
    """One case `actor` may open (404 otherwise); the look-up is written to the audit log.

    Read as a compiled read (lotsa.core.batch): building the visibility filter and compiling
    the seven joins cost more than running them, and the statement is the same for every case
    the actor opens."""

    def build(pk: int) -> QuerySet[Case]:
        return (
            cases_visible_to(actor)
            .select_related(
                "participant",
                "participant__unit",
                "coach",
                "unit",
                "referral",
                "referral__referrer",
                "referral__referring_unit",
            )
            .filter(pk=pk)
        )

    found = read_together(
        {"case": compiled(Case, case_page_key(actor, "case_get"), build, case_id)}
    )
    if not found["case"]:
        raise Http404
    case: Case = found["case"][0]
    policy.remember_visible(actor, case)
    if log:
        audit_record(actor=actor, action=AuditAction.VIEW, obj=case, participant=case.participant)
    return case


def goal_get(actor: User, case: Case, goal_id: int) -> Goal:
    """A goal of a case `actor` may open (404 otherwise)."""
    try:
        return Goal.objects.get(pk=goal_id, case=case, case__in=cases_visible_to(actor))
    except Goal.DoesNotExist as missing:
        raise Http404 from missing


def activity_get(actor: User, case: Case, activity_id: int) -> Activity:
    """An activity of a case `actor` may open (404 otherwise)."""
    try:
        return Activity.objects.select_related("activity_type").get(
            pk=activity_id, case=case, case__in=cases_visible_to(actor)
        )
    except Activity.DoesNotExist as missing:
        raise Http404 from missing


def follow_up_get(actor: User, case: Case, follow_up_id: int) -> FollowUp:
    try:
        return FollowUp.objects.get(pk=follow_up_id, case=case, case__in=cases_visible_to(actor))
    except FollowUp.DoesNotExist as missing:
        raise Http404 from missing


@dataclass
class Plan:
    goals: list[Goal]
    activities: list[Activity]
    latest_version: PlanVersion | None = None


def plan_get(actor: User, case: Case) -> Plan:
    """The plan as it is now, with its latest version (who changed it last); three queries."""
    if not policy.can_view_case(actor, case):
        raise Http404
    return Plan(
        goals=list(Goal.objects.filter(case=case).order_by("id")),
        activities=list(
            Activity.objects.filter(case=case)
            .select_related("activity_type")
            .order_by("starts_on", "id")
        ),
        latest_version=PlanVersion.objects.filter(case=case)
        .select_related("author")
        .order_by("-number")
        .first(),
    )


@dataclass
class CasePage:
    """Everything the case page shows besides the case row itself."""

    goals: list[Goal]
    activities: list[Activity]
    notes: list[Note]
    follow_ups: list[FollowUp]
    plan_versions: list[PlanVersion]
    reopenings: list[CaseReopening]
    can_read_notes: bool
    handovers: list[CoachHandover] = field(default_factory=list)
    journal_text: str = ""
    journal_page: int = 1
    has_older_notes: bool = False

    @property
    def pending_follow_up(self) -> FollowUp | None:
        return next((item for item in self.follow_ups if item.done_on is None), None)


def case_page_data(
    actor: User, case: Case, *, journal_text: str = "", journal_page: int = 1
) -> CasePage:
    """Plan, journal, follow-ups, latest plan versions, reopenings and hand-overs of a case
    `actor` opened; the journal one page of `NOTES_PER_PAGE`, optionally searched. One query
    (`case_page_reads` on its own)."""
    return read_one(
        case_page_reads(actor, case, journal_text=journal_text, journal_page=journal_page)
    )


def case_page_key(actor: User, *shape: Hashable) -> tuple[Hashable, ...]:
    """What a case page read kept by `lotsa.core.batch.compiled` depends on besides the
    case's ids: who asks (the visibility filters' inputs), the registry those filters read,
    the day (delegations and consents are dated), and `shape`: what the policy let the actor
    see, which the reader asked with the real case."""
    return (
        actor.pk,
        actor.role,
        actor.unit_id,
        actor.organisation_id,
        bool(getattr(actor, "is_service_account", False)),
        participant_relations.version,
        timezone.localdate(),
        *shape,
    )


def case_stand_in(case_id: int, participant_id: int = 0, organisation_id: int = 0) -> Case:
    """A case with only the ids a kept read's `build` was given (lotsa.core.batch.compiled),
    for query functions that take a case: nothing else of the real case can reach the SQL."""
    return Case(pk=case_id, participant_id=participant_id, organisation_id=organisation_id)


def case_page_reads(
    actor: User, case: Case, *, journal_text: str = "", journal_page: int = 1
) -> Reader[CasePage]:
    """`case_page_data` as a reader (`lotsa.core.batch`): one round, every list at once, so
    the case page reads them in the same statement as its panels. Each read is compiled once
    per actor and shape (`compiled`), the case's id a parameter."""
    can_read_notes = journal_policy.can_read_notes(actor, case)
    if not can_read_notes and not policy.can_view_case(actor, case):
        raise Http404
    journal_page = min(max(1, journal_page), 100_000)  # an address typed by hand stays a page
    offset = (journal_page - 1) * NOTES_PER_PAGE
    text = journal_text.strip()
    key = case_page_key(actor, "cases")

    def page_notes(case_id: int) -> QuerySet[Note]:
        notes = journal_page_notes(actor, case_stand_in(case_id), text=text)
        return notes[offset : offset + NOTES_PER_PAGE + 1]

    reads: dict[str, QuerySet[Any] | Compiled] = {
        "goals": compiled(
            Goal,
            (*key, "goals"),
            lambda case_id: Goal.objects.filter(case_id=case_id).order_by("id"),
            case.pk,
        ),
        "activities": compiled(
            Activity,
            (*key, "activities"),
            lambda case_id: (
                Activity.objects.filter(case_id=case_id)
                .select_related("activity_type")
                .order_by("starts_on", "id")
            ),
            case.pk,
        ),
        "follow_ups": compiled(
            FollowUp,
            (*key, "follow_ups"),
            lambda case_id: (
                FollowUp.objects.filter(case_id=case_id)
                .select_related("done_by")
                .order_by("due_on", "id")
            ),
            case.pk,
        ),
        "plan_versions": compiled(
            PlanVersion,
            (*key, "plan_versions"),
            lambda case_id: (
                PlanVersion.objects.filter(case_id=case_id)
                .select_related("author")
                .defer("snapshot")
                .order_by("-number")[:PLAN_VERSIONS_ON_CASE_PAGE]
            ),
            case.pk,
        ),
        "reopenings": compiled(
            CaseReopening,
            (*key, "reopenings"),
            lambda case_id: (
                CaseReopening.objects.filter(case_id=case_id)
                .select_related("reopened_by")
                .order_by("-reopened_at")
            ),
            case.pk,
        ),
        "handovers": compiled(
            CoachHandover,
            (*key, "handovers"),
            lambda case_id: (
                CoachHandover.objects.filter(case_id=case_id)
                .select_related("previous_coach", "coach", "handed_over_by")
                .order_by("-created_at", "-id")
            ),
            case.pk,
        ),
    }
    if can_read_notes:
        journal = (*key, "journal", text, journal_page)
        reads["notes"] = compiled(Note, (*journal, "notes"), page_notes, case.pk)
        reads["amendments"] = compiled(
            Note,
            (*journal, "amendments"),
            lambda case_id: amendments_of(page_notes(case_id)),
            case.pk,
        )
    if actor.unit_id is not None and not User.unit.is_cached(actor):
        # The layout's header shows it.
        reads["unit"] = compiled(
            Unit, (*key, "unit"), lambda: Unit.objects.filter(pk=actor.unit_id)
        )
    rows = yield reads
    if rows.get("unit"):
        actor.unit = rows["unit"][0]
    notes: list[Note] = rows.get("notes", [])
    attach(notes, "amendments", rows.get("amendments", []), key="amends_id")
    return CasePage(
        goals=rows["goals"],
        activities=rows["activities"],
        notes=notes[:NOTES_PER_PAGE],
        follow_ups=rows["follow_ups"],
        plan_versions=rows["plan_versions"],
        reopenings=rows["reopenings"],
        can_read_notes=can_read_notes,
        handovers=rows["handovers"],
        journal_text=text,
        journal_page=journal_page,
        has_older_notes=len(notes) > NOTES_PER_PAGE,
    )


@dataclass
class PlanHistoryEntry:
    version: PlanVersion
    changes: list[PlanChange]


def plan_history(actor: User, case: Case) -> list[PlanHistoryEntry]:
    """Every plan version, newest first, each with what changed since the one before."""
    if not policy.can_view_case(actor, case):
        raise Http404
    versions = list(
        PlanVersion.objects.filter(case=case).select_related("author").order_by("number")
    )
    entries: list[PlanHistoryEntry] = []
    previous: dict[str, object] | None = None
    for version in versions:
        entries.append(PlanHistoryEntry(version, plan_changes(previous, version.snapshot)))
        previous = version.snapshot
    entries.reverse()
    return entries


@dataclass
class ResponsibleGroup:
    label: "str | Promise"
    activities: list[Activity] = field(default_factory=list)


@dataclass
class ParticipantPlan:
    """ "Din plan": what the participant reads and takes home."""

    case: Case
    goals: list[Goal]
    next_steps: list[Activity]
    who_does_what: list[ResponsibleGroup]
    next_meeting: date | None
    own_activities: list[OwnActivity] = field(default_factory=list)


def participant_plan(actor: User, case: Case) -> ParticipantPlan:
    """The plan in the participant's words: goals, next steps in date order, who does what."""
    if not policy.can_read_participant_plan(actor, case):
        raise Http404
    return build_participant_plan(case)


def build_participant_plan(case: Case) -> ParticipantPlan:
    """The participant's plan of `case`; the caller has checked that the reader may see it
    (staff through `participant_plan`, the participant themself through lotsa.portal)."""
    goals = list(Goal.objects.filter(case=case).order_by("is_achieved", "id"))
    next_steps = list(
        Activity.objects.filter(case=case, status__in=OPEN_ACTIVITY_STATUSES)
        .select_related("activity_type")
        .order_by("starts_on", "id")
    )
    groups: OrderedDict[str, ResponsibleGroup] = OrderedDict(
        (party, ResponsibleGroup(RESPONSIBLE_IN_PLAIN_WORDS[ResponsibleParty(party)]))
        for party in ResponsibleParty.values
    )
    for activity in next_steps:
        groups[activity.responsible].activities.append(activity)
    return ParticipantPlan(
        case=case,
        goals=goals,
        next_steps=next_steps,
        who_does_what=[group for group in groups.values() if group.activities],
        own_activities=own_activities_in_plan(case),
        # A follow-up that is already late is not a date to give the participant.
        next_meeting=(
            case.next_follow_up_on
            if not case.is_closed
            and case.next_follow_up_on
            and case.next_follow_up_on >= timezone.localdate()
            else None
        ),
    )


def own_activities_in_plan(case: Case) -> list[OwnActivity]:
    """The participant's own activities that are part of the plan as others read it — agreed
    ones and proposals the coach has not answered, not declined or cancelled ones — agreed
    first, newest first (one query). The caller has checked that the reader may see the plan."""
    return list(
        OwnActivity.objects.filter(case=case)
        .exclude(agreement=Agreement.DECLINED)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by(
            ExpressionWrapper(Q(agreement=Agreement.AGREED), output_field=BooleanField()).desc(),
            "-created_at",
            "-id",
        )
    )


@dataclass(frozen=True)
class ReadReceipt:
    """Whether one side has read the plan as the other side last left it."""

    read_at: "date | None"
    read_version: int
    has_read_latest: bool


@dataclass
class SharedPlan:
    """The steps both the participant and the coach write in: the plan's activities, the
    participant's own activities, the comments on each, and each side's read receipt."""

    case: Case
    activities: list[Activity]
    own_activities: list[OwnActivity]
    receipts: dict[str, ReadReceipt]

    @property
    def proposals(self) -> list[OwnActivity]:
        return [own for own in self.own_activities if own.agreement == Agreement.PROPOSED]

    @property
    def participant_receipt(self) -> ReadReceipt:
        """Has the participant read what the coach changed?"""
        return self.receipts[PlanSide.PARTICIPANT]

    @property
    def coach_receipt(self) -> ReadReceipt:
        """Has the coach read what the participant changed?"""
        return self.receipts[PlanSide.COACH]


def build_shared_plan(case: Case) -> SharedPlan:
    """The shared plan of `case` in one query; the caller has checked that the reader may
    see it (staff through `shared_plan`, the participant themself through lotsa.portal)."""
    return read_one(shared_plan_reads(case))


def shared_plan_reads(case: Case, key: tuple[Hashable, ...] = ()) -> Reader[SharedPlan]:
    """`build_shared_plan` as a reader (`lotsa.core.batch`): one round, each read compiled
    once per `key` (besides the case's id, these reads depend on nothing)."""
    key = (*key, "shared_plan")
    rows = yield {
        "activities": compiled(
            Activity,
            (*key, "activities"),
            lambda case_id: (
                Activity.objects.filter(case_id=case_id)
                .exclude(status="cancelled")
                .select_related("activity_type")
                .annotate(comment_count=Count("comments"))
                .order_by("starts_on", "id")
            ),
            case.pk,
        ),
        "own_activities": compiled(
            OwnActivity,
            (*key, "own_activities"),
            lambda case_id: (
                OwnActivity.objects.filter(case_id=case_id)
                .annotate(comment_count=Count("comments"))
                .order_by("-created_at", "-id")
            ),
            case.pk,
        ),
        "readings": compiled(
            PlanReading,
            (*key, "readings"),
            lambda case_id: PlanReading.objects.filter(case_id=case_id),
            case.pk,
        ),
        "latest": compiled(
            PlanVersion,
            (*key, "latest"),
            lambda case_id: (
                PlanVersion.objects.filter(case_id=case_id)
                .values_list("author_side")
                .annotate(latest=Max("number"))
                .values_list("author_side", "latest")
                .order_by()
            ),
            case.pk,
        ),
    }
    readings = {reading.side: reading for reading in rows["readings"]}
    latest = dict(rows["latest"])
    receipts: dict[str, ReadReceipt] = {}
    for side, other in (
        (PlanSide.PARTICIPANT, PlanSide.COACH),
        (PlanSide.COACH, PlanSide.PARTICIPANT),
    ):
        reading = readings.get(side)
        read_version = reading.plan_version if reading else 0
        receipts[side] = ReadReceipt(
            read_at=reading.read_at if reading else None,
            read_version=read_version,
            has_read_latest=reading is not None and read_version >= latest.get(other, 0),
        )
    return SharedPlan(
        case=case,
        activities=rows["activities"],
        own_activities=rows["own_activities"],
        receipts=receipts,
    )


def shared_plan(actor: User, case: Case) -> SharedPlan:
    """The shared plan for staff who may see the case."""
    return read_one(shared_plan_reads_for(actor, case))


def shared_plan_reads_for(actor: User, case: Case) -> Reader[SharedPlan]:
    """`shared_plan` as a reader (the case page's panel)."""
    if not policy.can_view_case(actor, case):
        raise Http404
    return shared_plan_reads(case)


def own_activity_get(actor: User, case: Case, own_activity_id: int) -> OwnActivity:
    """One own activity of a case `actor` may see, or 404."""
    if not policy.can_view_case(actor, case):
        raise Http404
    try:
        return OwnActivity.objects.select_related("case").get(pk=own_activity_id, case=case)
    except OwnActivity.DoesNotExist as missing:
        raise Http404 from missing


def activity_types_for_case(case: Case, *, including: int | None = None) -> QuerySet[ActivityType]:
    """The catalogue a plan may use: the case organisation's active items (and one kept item)."""
    condition = Q(is_active=True)
    if including is not None:
        condition |= Q(pk=including)
    return ActivityType.objects.filter(condition, organisation_id=case.organisation_id).order_by(
        "name"
    )


def activity_catalogue(actor: User) -> QuerySet[ActivityType]:
    """The administrator's organisation's catalogue, with how many plan activities use each."""
    if not policy.can_manage_catalogue(actor):
        raise PermissionDenied
    return (
        ActivityType.objects.filter(organisation_id=actor.organisation_id)
        .annotate(usage=Count("activities"))
        .order_by("skr_category", "name")
    )


def activity_type_get(actor: User, activity_type_id: int) -> ActivityType:
    if not policy.can_manage_catalogue(actor):
        raise PermissionDenied
    try:
        return ActivityType.objects.get(pk=activity_type_id, organisation_id=actor.organisation_id)
    except ActivityType.DoesNotExist as missing:
        raise Http404 from missing
