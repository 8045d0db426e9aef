"""Writes to placements: each placement is also an activity in the participant's plan.

Creating or changing a placement goes through `lotsa.cases.services.activity_add` /
`activity_update`, so the plan gets a new version that records it, and the activity carries
the SKR category derived from kind and subsidy (`lotsa.work.skr`).
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.audit.updates import audited_update, require_known_fields
from lotsa.cases import services as case_services
from lotsa.cases.checks import require_work_on_case
from lotsa.cases.constants import ExtentUnit, ResponsibleParty
from lotsa.cases.effective_end import effective_end, ran_between_q
from lotsa.cases.models import ActivityType, Case
from lotsa.work import policy
from lotsa.work.constants import (
    FULL_TIME_HOURS,
    HISTORICAL_SUBSIDIES,
    MAX_GRANT_RATE,
    OPEN_PLACEMENT_STATUSES,
    OSA_SECTORS,
    PlacementKind,
    PlacementStatus,
    SubsidyType,
)
from lotsa.work.models import Employer, Placement, TrainingArena
from lotsa.work.skr import ACTIVITY_STATUS, skr_category

if TYPE_CHECKING:
    from lotsa.organisations.models import User

PLACEMENT_FIELDS = (
    "kind",
    "subsidy_type",
    "employer",
    "arena",
    "supervisor",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "tasks",
    "status",
    "monthly_salary_cost",
    "grant_rate",
)


def _decimal(value: Any, field: str, errors: dict[str, str], *, places: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        errors[field] = _("Ange ett tal.")
        return None
    if number != number.quantize(Decimal(places)):
        errors[field] = (
            _("Ange ett helt antal kronor.")
            if places == "1"
            else _("Ange talet med högst %(n)s decimaler.") % {"n": len(places) - 2}
        )
    return number


def _concurrent_employment_hours(
    case: Case, starts_on: date, ends_on: date | None, *, exclude: int | None
) -> Decimal:
    """The most hours a week the participant's other open employments add up to at any one time
    between `starts_on` and `ends_on`."""
    others = Placement.objects.filter(
        ran_between_q(starts_on, ends_on or date.max),
        case__participant_id=case.participant_id,
        kind=PlacementKind.EMPLOYMENT,
        status__in=OPEN_PLACEMENT_STATUSES,
    ).exclude(pk=exclude)
    spans = [
        (start, effective_end(end, closed_on), hours)
        for start, end, closed_on, hours in others.values_list(
            "starts_on", "ends_on", "case__closed_on", "hours_per_week"
        )
    ]
    points = {starts_on, *(max(start, starts_on) for start, _end, _hours in spans)}
    most = Decimal(0)
    for point in points:
        covering = [h for s, e, h in spans if s <= point and (e is None or e >= point)]
        load = sum(covering, Decimal(0))
        most = max(most, load)
    return most


def _placement_errors(
    case: Case, data: dict[str, Any], *, exclude: int | None, old_subsidy: str = ""
) -> dict[str, str]:
    """Check a placement's values as a whole; `data` is changed in place to cleaned values."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in PlacementKind.values:
        errors["kind"] = _("Välj typ av placering.")
    if kind == PlacementKind.EMPLOYMENT:
        subsidy = data.get("subsidy_type") or SubsidyType.NONE
        if subsidy not in SubsidyType.values:
            errors["subsidy_type"] = _("Välj typ av stöd.")
        elif subsidy in HISTORICAL_SUBSIDIES and subsidy != old_subsidy:
            errors["subsidy_type"] = _(
                "Extratjänster finns inte längre. Välj ett annat stöd för nya anställningar."
            )
        data["subsidy_type"] = subsidy
    else:
        data["subsidy_type"] = ""
    employer, arena = data.get("employer"), data.get("arena")
    if (employer is None) == (arena is None):
        errors["employer"] = _("Välj antingen en arbetsgivare eller en träningsarena.")
    elif employer is not None and (
        not isinstance(employer, Employer) or employer.organisation_id != case.organisation_id
    ):
        errors["employer"] = _("Välj en arbetsgivare i din egen organisation.")
    elif arena is not None and (
        not isinstance(arena, TrainingArena) or arena.organisation_id != case.organisation_id
    ):
        errors["arena"] = _("Välj en träningsarena i din egen organisation.")
    elif (
        data.get("subsidy_type") == SubsidyType.OSA
        and employer is not None
        and employer.sector not in OSA_SECTORS
    ):
        # Seed 001: "Personen anställs av Socialförvaltningen med placering inom kommunal
        # verksamhet" — OSA cannot be placed at a private, non-profit or other employer.
        errors["employer"] = _(
            "OSA är en anställning hos socialförvaltningen med placering i kommunal "
            "verksamhet. %(employer)s är %(sector)s; välj en kommunal arbetsgivare eller en av "
            "kommunens träningsarenor."
        ) % {"employer": employer.name, "sector": employer.get_sector_display().lower()}
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = _("Ange startdatum.")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Slutdatum kan inte vara före startdatum.")
    hours = _decimal(data.get("hours_per_week"), "hours_per_week", errors, places="0.1")
    if hours is None and "hours_per_week" not in errors:
        errors["hours_per_week"] = _("Ange hur många timmar i veckan.")
    elif hours is not None and "hours_per_week" not in errors:
        if hours <= 0:
            errors["hours_per_week"] = _("Ange fler än 0 timmar i veckan.")
        elif hours > FULL_TIME_HOURS:
            errors["hours_per_week"] = _("Högst %(max)s timmar i veckan (heltid).") % {
                "max": FULL_TIME_HOURS
            }
    data["hours_per_week"] = hours
    if data.get("status") not in PlacementStatus.values:
        errors["status"] = _("Välj status.")
    data["supervisor"] = (data.get("supervisor") or "").strip()
    data["tasks"] = (data.get("tasks") or "").strip()
    _cost_errors(data, errors)
    if (
        kind == PlacementKind.EMPLOYMENT
        and data.get("status") in OPEN_PLACEMENT_STATUSES
        and starts_on is not None
        and hours is not None
        and not errors
    ):
        others = _concurrent_employment_hours(case, starts_on, ends_on, exclude=exclude)
        if others + hours > FULL_TIME_HOURS:
            errors["hours_per_week"] = _(
                "Deltagaren har redan anställningar på %(others)s timmar i veckan under samma "
                "tid. Med %(hours)s timmar till blir det mer än heltid (%(max)s timmar)."
            ) % {"others": others, "hours": hours, "max": FULL_TIME_HOURS}
    return errors


def _arena_bookings(
    arena: TrainingArena, starts_on: date, ends_on: date | None, *, exclude: int | None
) -> int:
    """The most open placements the arena has at any one time between `starts_on` and
    `ends_on` (the placement being changed left out), each until its effective end."""
    others = Placement.objects.filter(
        ran_between_q(starts_on, ends_on or date.max),
        arena=arena,
        status__in=OPEN_PLACEMENT_STATUSES,
    ).exclude(pk=exclude)
    spans = [
        (start, effective_end(end, closed_on))
        for start, end, closed_on in others.values_list("starts_on", "ends_on", "case__closed_on")
    ]
    points = {starts_on, *(max(start, starts_on) for start, _end in spans)}
    return max(
        (sum(1 for s, e in spans if s <= point and (e is None or e >= point)) for point in points),
        default=0,
    )


def _arena_place_errors(
    actor: "User",
    data: dict[str, Any],
    *,
    exclude: int | None,
    override_reason: str,
    was_overridden: bool = False,
) -> tuple[dict[str, str], bool]:
    """An arena's places are a limit. Returns (errors, whether this booking is past it): past
    the limit only a manager books, and only with a reason that is recorded and audited."""
    arena, starts_on = data.get("arena"), data.get("starts_on")
    if arena is None or starts_on is None or data.get("status") not in OPEN_PLACEMENT_STATUSES:
        return {}, False
    booked = _arena_bookings(arena, starts_on, data.get("ends_on"), exclude=exclude)
    if booked < arena.places:
        return {}, False
    if was_overridden and not override_reason:
        return {}, True  # already allowed past the places; the recorded reason stands
    full = _("%(arena)s har %(places)s platser och alla är bokade under perioden (%(booked)s).") % {
        "arena": arena.name,
        "places": arena.places,
        "booked": booked,
    }
    if not policy.can_book_past_arena_places(actor, arena):
        return {
            "arena": full + " " + _("Bara en enhetschef kan boka över platserna, med ett skäl.")
        }, True
    if not override_reason:
        return {
            "capacity_override_reason": full
            + " "
            + _("Skriv skälet till att arenan ändå bokas över sina platser.")
        }, True
    if len(override_reason) > 2000:
        return {"capacity_override_reason": _("Högst %(limit)d tecken.") % {"limit": 2000}}, True
    return {}, True


def _cost_errors(data: dict[str, Any], errors: dict[str, str]) -> None:
    """Salary cost and grant rate belong to employments; the rate is capped per subsidy."""
    if data.get("kind") != PlacementKind.EMPLOYMENT:
        data["monthly_salary_cost"] = data["grant_rate"] = None
        return
    cost = _decimal(data.get("monthly_salary_cost"), "monthly_salary_cost", errors, places="1")
    rate = _decimal(data.get("grant_rate"), "grant_rate", errors, places="0.01")
    subsidy = data["subsidy_type"]
    if cost is not None and "monthly_salary_cost" not in errors:
        if cost < 0:
            errors["monthly_salary_cost"] = _("Lönekostnaden kan inte vara negativ.")
        elif cost > Decimal("999999"):
            errors["monthly_salary_cost"] = _("Lönekostnaden är orimligt hög.")
    if rate is not None and "grant_rate" not in errors and subsidy in MAX_GRANT_RATE:
        maximum = MAX_GRANT_RATE[subsidy]
        if rate < 0:
            errors["grant_rate"] = _("Bidragsnivån kan inte vara negativ.")
        elif rate > maximum:
            errors["grant_rate"] = _(
                "Bidraget kan vara högst %(max)s %% av lönekostnaden för %(subsidy)s."
            ) % {"max": maximum, "subsidy": SubsidyType(subsidy).label}
    if subsidy == SubsidyType.OSA:
        if cost is None and "monthly_salary_cost" not in errors:
            errors["monthly_salary_cost"] = _("Ange lönekostnaden per månad för OSA.")
        if rate is None and "grant_rate" not in errors:
            errors["grant_rate"] = _("Ange bidragsnivån för OSA.")
    if rate is not None and cost is None and "monthly_salary_cost" not in errors:
        errors["monthly_salary_cost"] = _("Ange lönekostnaden som bidraget räknas på.")
    data["monthly_salary_cost"], data["grant_rate"] = cost, rate


def _activity_type(case: Case, kind: str, subsidy_type: str) -> ActivityType:
    """The catalogue item the plan activity uses: one in the derived SKR category."""
    category = skr_category(kind, subsidy_type)
    types = list(
        ActivityType.objects.filter(
            organisation_id=case.organisation_id, skr_category=category, is_active=True
        ).order_by("name", "pk")
    )
    if not types:
        raise ValidationError(
            {
                "kind": _(
                    "Aktivitetskatalogen saknar en aktivitet i SKR-kategori %(category)s. "
                    "Be en administratör lägga till en."
                )
                % {"category": int(category)}
            }
        )
    label = str(PlacementKind(kind).label).lower()
    for activity_type in types:
        if activity_type.name.lower() == label:
            return activity_type
    return types[0]


def _activity_values(data: dict[str, Any]) -> dict[str, Any]:
    workplace = data["employer"] or data["arena"]
    description = f"{workplace}"
    if data["tasks"]:
        description += f": {data['tasks']}"
    return {
        "responsible": ResponsibleParty.EMPLOYER if data["employer"] else ResponsibleParty.COACH,
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "extent": data["hours_per_week"],
        "extent_unit": ExtentUnit.HOURS_PER_WEEK,
        "status": ACTIVITY_STATUS[PlacementStatus(data["status"])],
        "description": description[:2000],
    }


def _plan_version(case: Case) -> int:
    return Case.objects.values_list("plan_version", flat=True).get(pk=case.pk)


def placement_create(
    *,
    actor: "User",
    case: Case,
    kind: str,
    starts_on: date | None,
    hours_per_week: Any,
    employer: Employer | None = None,
    arena: TrainingArena | None = None,
    subsidy_type: str = "",
    supervisor: str = "",
    ends_on: date | None = None,
    tasks: str = "",
    status: str = PlacementStatus.PLANNED,
    monthly_salary_cost: Any = None,
    grant_rate: Any = None,
    capacity_override_reason: str = "",
) -> Placement:
    """Start a placement for the case's participant and add it to the plan as an activity.

    At an arena whose places are all booked for the period, only a manager books, with
    `capacity_override_reason` (recorded on the placement and in the audit log)."""
    require_work_on_case(actor, case)
    data: dict[str, Any] = {
        "kind": kind,
        "subsidy_type": subsidy_type,
        "employer": employer,
        "arena": arena,
        "supervisor": supervisor,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours_per_week": hours_per_week,
        "tasks": tasks,
        "status": status,
        "monthly_salary_cost": monthly_salary_cost,
        "grant_rate": grant_rate,
    }
    errors = _placement_errors(case, data, exclude=None)
    override_reason = (capacity_override_reason or "").strip()
    past_places = False
    if not errors:
        place_errors, past_places = _arena_place_errors(
            actor, data, exclude=None, override_reason=override_reason
        )
        errors.update(place_errors)
    if errors:
        raise ValidationError(errors)
    activity_type = _activity_type(case, kind, data["subsidy_type"])
    with transaction.atomic():
        if past_places:
            _lock_arena(data["arena"])
        activity = case_services.activity_add(
            actor=actor,
            case=case,
            expected_plan_version=_plan_version(case),
            activity_type=activity_type,
            **_activity_values(data),
        )
        placement = Placement.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            activity=activity,
            created_by=actor,
            capacity_override_reason=override_reason if past_places else "",
            capacity_override_by=actor if past_places else None,
            **data,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=placement,
            participant=case.participant,
            summary=str(placement),
        )
        if past_places:
            _audit_override(actor, placement, override_reason)
    return placement


def _takes_more_of_the_arena(placement: Placement, data: dict[str, Any]) -> bool:
    """Whether a change books a seat the placement did not hold: another arena, reopened, or
    a longer period. Other changes (hours, tasks, ending it) never meet the limit."""
    arena = data.get("arena")
    if arena is None:
        return False
    if placement.arena_id != arena.pk or placement.status not in OPEN_PLACEMENT_STATUSES:
        return True
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is not None and starts_on < placement.starts_on:
        return True
    if placement.ends_on is None:
        return False
    return ends_on is None or ends_on > placement.ends_on


def _lock_arena(arena: TrainingArena) -> None:
    """Serialise bookings past an arena's places (two managers at once see the same count)."""
    TrainingArena.objects.select_for_update().filter(pk=arena.pk).first()


def _audit_override(actor: "User", placement: Placement, reason: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        participant=placement.case.participant,
        summary=_("Bokade %(arena)s över dess %(places)s platser: %(reason)s")
        % {
            "arena": placement.arena,
            "places": placement.arena.places if placement.arena else 0,
            "reason": reason,
        },
        changes={"capacity_override_reason": reason},
    )


def placement_update(
    *,
    actor: "User",
    placement: Placement,
    expected_version: int,
    capacity_override_reason: str = "",
    **changes: Any,
) -> Placement:
    """Change a placement and its plan activity; EditConflictError if someone saved first.
    Moving it onto a full arena (or its dates into a full period) is a booking past the
    places, as in placement_create."""
    require_known_fields(changes, PLACEMENT_FIELDS, what="placement")
    case = placement.case
    require_work_on_case(actor, case)
    data = {name: changes.get(name, getattr(placement, name)) for name in PLACEMENT_FIELDS}
    errors = _placement_errors(case, data, exclude=placement.pk, old_subsidy=placement.subsidy_type)
    override_reason = (capacity_override_reason or "").strip()
    past_places = False
    if not errors and _takes_more_of_the_arena(placement, data):
        place_errors, past_places = _arena_place_errors(
            actor,
            data,
            exclude=placement.pk,
            override_reason=override_reason,
            was_overridden=bool(placement.capacity_override_reason)
            and placement.arena_id == getattr(data["arena"], "pk", None),
        )
        errors.update(place_errors)
    if errors:
        raise ValidationError(errors)
    activity_type = _activity_type(case, data["kind"], data["subsidy_type"])
    new_override = past_places and bool(override_reason)
    with transaction.atomic():
        if new_override:
            _lock_arena(data["arena"])
        written = dict(data)
        if new_override:
            written["capacity_override_reason"] = override_reason
            written["capacity_override_by"] = actor
        audited_update(
            actor=actor,
            instance=placement,
            changes=written,
            allowed=(*PLACEMENT_FIELDS, "capacity_override_reason", "capacity_override_by"),
            expected_version=expected_version,
            summary=str,
            participant=case.participant,
        )
        values = _activity_values(data)
        activity = placement.activity
        if activity is None:  # taken out of the plan by hand: the placement puts it back
            activity = case_services.activity_add(
                actor=actor,
                case=case,
                expected_plan_version=_plan_version(case),
                activity_type=activity_type,
                **values,
            )
            placement.activity = activity
            placement.save(update_fields=["activity"])
        else:
            if activity.activity_type.skr_category != activity_type.skr_category:
                values["activity_type"] = activity_type
            case_services.activity_update(
                actor=actor,
                activity=activity,
                expected_plan_version=_plan_version(case),
                **values,
            )
        if new_override:
            _audit_override(actor, placement, override_reason)
    return placement


# Closure: a closed case runs no placement -------------------------------------------------------


def placements_end_at_closure(*, actor: "User | None", case: Case, closed_on: date) -> int:
    """End every placement of `case` that runs past `closed_on`; how many were changed.

    Runs inside case_close's transaction (the `case_closed` hook), after cases has ended the
    plan activities by the same rule: a placement that had begun ends on the closure date
    ("Avslutad"), so its arena seat is free and its subsidy cost stops; one that was due to start
    later is "Avbruten". Nothing is asked of the actor: the closing page already asked.
    """
    running = Placement.objects.filter(case=case).filter(
        Q(status__in=OPEN_PLACEMENT_STATUSES) | Q(ends_on__isnull=True) | Q(ends_on__gt=closed_on)
    )
    changed = 0
    for placement in running.select_related("employer", "arena", "activity"):
        before = {"ends_on": placement.ends_on, "status": placement.status}
        if placement.starts_on > closed_on:
            if placement.status in OPEN_PLACEMENT_STATUSES:
                placement.status = PlacementStatus.CANCELLED
        else:
            if placement.ends_on is None or placement.ends_on > closed_on:
                placement.ends_on = closed_on
            if placement.status in OPEN_PLACEMENT_STATUSES:
                placement.status = PlacementStatus.ENDED
        after = {"ends_on": placement.ends_on, "status": placement.status}
        if after == before:
            continue
        Placement.objects.filter(pk=placement.pk).update(
            version=F("version") + 1, updated_at=timezone.now(), **after
        )
        handed_over = placement.activity.handed_over_to if placement.activity else ""
        if placement.status == PlacementStatus.CANCELLED:
            summary = _("%(placement)s avbruten när ärendet avslutades %(on)s")
        elif handed_over:
            summary = _("%(placement)s överlämnad när ärendet avslutades %(on)s")
        else:
            summary = _("%(placement)s avslutad när ärendet avslutades %(on)s")
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=placement,
            participant=case.participant,
            summary=summary % {"placement": placement, "on": closed_on.isoformat()},
            changes=diff_fields(before, after),
        )
        changed += 1
    return changed


def placement_follow_activity_end(*, actor: "User", activity: Any, ends_on: date) -> None:
    """Keep a closed case's placement in step with its plan activity's corrected end."""
    placement = Placement.objects.filter(activity=activity).first()
    if placement is None or placement.ends_on == ends_on:
        return
    before = placement.ends_on
    Placement.objects.filter(pk=placement.pk).update(
        ends_on=ends_on, version=F("version") + 1, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        participant=activity.case.participant,
        summary=_("Rättat slutdatum efter avslut: %(placement)s") % {"placement": placement},
        changes=diff_fields({"ends_on": before}, {"ends_on": ends_on}),
    )


def placement_end_correct(
    *, actor: "User", placement: Placement, expected_version: int, ends_on: date | None
) -> Placement:
    """Correct when a placement of a closed case ended (its plan activity follows); audited.

    The only change a placement of a closed case takes: the end lies between its start and
    the case's closure. EditConflictError if someone saved the placement first.
    """
    case = placement.case
    if not policy.can_correct_placement_end(actor, placement):
        if not case.is_closed and policy.can_change_placement(actor, placement):
            raise ValidationError(_("Ärendet är öppet. Ändra placeringen i stället."), code="open")
        raise PermissionDenied
    errors: dict[str, str] = {}
    if ends_on is None:
        errors["ends_on"] = _("Ange slutdatum.")
    elif ends_on < placement.starts_on:
        errors["ends_on"] = _("Slutdatum kan inte vara före startdatum (%(d)s).") % {
            "d": placement.starts_on.isoformat()
        }
    elif case.closed_on is not None and ends_on > case.closed_on:
        errors["ends_on"] = _(
            "Slutdatum kan inte vara efter ärendets avslut (%(d)s). Ett avslutat ärende har "
            "inget som pågår."
        ) % {"d": case.closed_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        audited_update(
            actor=actor,
            instance=placement,
            changes={"ends_on": ends_on},
            allowed=("ends_on",),
            expected_version=expected_version,
            summary=_("Rättat slutdatum efter avslut: %(placement)s") % {"placement": placement},
            participant=case.participant,
        )
        if placement.activity is not None:
            case_services.activity_end_correct(
                actor=actor,
                activity=placement.activity,
                expected_plan_version=_plan_version(case),
                ends_on=ends_on,
            )
    return placement
