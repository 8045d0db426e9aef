"""Reads of mappings, assessments and phases, filtered by what the asking user may see.

Case-level reads take a case the caller already opened through `cases.queries.case_get`; the
period reads for statistics start from `cases.queries.cases_visible_to(actor)`. Each function
loads what it returns in a fixed number of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.assessments import policy
from lotsa.assessments.constants import IncomeSource, Obstacle
from lotsa.assessments.models import (
    Area,
    Assessment,
    CasePhase,
    FidelityBand,
    FidelityReview,
    FidelityScale,
    FidelityScore,
    Instrument,
    Mapping,
    Method,
    Module,
    Phase,
    Score,
    Step,
)
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import ClosureReason
from lotsa.cases.models import Case
from lotsa.cases.queries import cases_visible_to
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerAccess
from lotsa.core.dates import add_months
from lotsa.core.statements import compiled_rows
from lotsa.organisations.models import Unit, User
from lotsa.people.policy import participant_relations

MAPPING_FIELDS = (
    "work_history",
    "time_without_work",
    "registered_at_employment_service",
    "has_unemployment_insurance",
    "obstacles",
    "education",
    "health",
    "sick_certificate",
    "psychiatric_contacts",
    "inpatient_days",
    "main_income_source",
    "housing",
    "children_at_home",
)

# Numbers (care use over 12 months); empty is "Okänt".
CARE_FIELDS = ("psychiatric_contacts", "inpatient_days")


def _round(value: float) -> float:
    """One decimal, halves up (so 5.25 shows as 5.3 everywhere, not 5.2 by banker's rounding)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# Mappings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingAnswer:
    label: str
    value: str


@dataclass(frozen=True)
class MappingChange:
    label: str
    before: str
    after: str


def _label(name: str) -> str:
    field = Mapping._meta.get_field(name)
    label = str(getattr(field, "verbose_name", name))
    # Only the first letter: capitalize() would write "arbetsförmedlingen" in lower case.
    return label[:1].upper() + label[1:]


def mapping_answers(mapping: Mapping) -> list[MappingAnswer]:
    """The mapping's answers in Swedish, in the order of the form."""
    answers = []
    for name in MAPPING_FIELDS:
        answers.append(MappingAnswer(_label(name), _display(mapping, name)))
    return answers


def _display(mapping: Mapping, name: str) -> str:
    if name == "obstacles":
        labels = dict(Obstacle.choices)
        return ", ".join(str(labels.get(value, value)) for value in mapping.obstacles)
    if name in CARE_FIELDS:
        value = getattr(mapping, name)
        return str(_("Okänt")) if value is None else str(value)
    if name == "time_without_work" and not mapping.time_without_work:
        return str(_("Inte registrerat"))
    return str(getattr(mapping, f"get_{name}_display")())


def mapping_changes(first: Mapping, latest: Mapping) -> list[MappingChange]:
    """What differs between the first mapping and the latest one."""
    if first.pk == latest.pk:
        return []
    return [
        MappingChange(
            _label(name),
            _display(first, name),
            _display(latest, name),
        )
        for name in MAPPING_FIELDS
        if getattr(first, name) != getattr(latest, name)
    ]


def mappings_for_case(case: Case) -> list[Mapping]:
    """Every mapping of a case the caller has opened, oldest first, in one query."""
    return list(case_mappings(case))


def case_mappings(case: Case) -> QuerySet[Mapping]:
    """`mappings_for_case` as a queryset (the case page reads it with its other lists)."""
    return (
        Mapping.objects.filter(case=case).select_related("recorded_by").order_by("mapped_on", "id")
    )


@dataclass(frozen=True)
class IncomeSourceChange:
    """First and latest main income source of one case, with the dates they were mapped."""

    first: str
    first_on: datetime.date
    latest: str
    latest_on: datetime.date
    mappings: int


def mappings_for_cases(case_ids: Iterable[int]) -> dict[int, IncomeSourceChange]:
    """First and latest main income source per case, in one query, for the statistics app.

    Returns ``{case_id: IncomeSourceChange(first, first_on, latest, latest_on, mappings)}``
    where ``first``/``latest`` are `IncomeSource` values (``"social_assistance"``, ``"salary"``,
    …, ``"unknown"``) of the earliest and the latest mapping by date (ties by creation order) and
    ``mappings`` is how many mappings the case has. Cases without a mapping are absent. With one
    mapping, first and latest are the same. The caller passes ids it has already filtered for
    the actor (e.g. from ``cases_visible_to``); this function does no visibility check of its own.
    """
    rows = (
        Mapping.objects.filter(case_id__in=list(case_ids))
        .order_by("case_id", "mapped_on", "id")
        .values_list("case_id", "mapped_on", "main_income_source")
    )
    grouped: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for case_id, mapped_on, source in rows:
        grouped[case_id].append((mapped_on, source))
    return {
        case_id: IncomeSourceChange(
            first=items[0][1],
            first_on=items[0][0],
            latest=items[-1][1],
            latest_on=items[-1][0],
            mappings=len(items),
        )
        for case_id, items in grouped.items()
    }


@dataclass(frozen=True)
class Situation:
    """What the socio-economic evaluation prices from one mapping."""

    income_source: str
    sick_certificate: str
    psychiatric_contacts: int | None  # None: not known
    inpatient_days: int | None


@dataclass(frozen=True)
class SituationChange:
    first: Situation
    latest: Situation
    mappings: int


def situations_for_cases(case_ids: Iterable[int]) -> dict[int, SituationChange]:
    """The first and the latest mapping's income source, sick-leave level and care use per case,
    in one query, for the statistics app (cases without a mapping are absent). As
    `mappings_for_cases`, the caller passes ids it has already filtered."""
    rows = (
        Mapping.objects.filter(case_id__in=list(case_ids))
        .order_by("case_id", "mapped_on", "id")
        .values_list(
            "case_id",
            "main_income_source",
            "sick_certificate",
            "psychiatric_contacts",
            "inpatient_days",
        )
    )
    grouped: dict[int, list[Situation]] = defaultdict(list)
    for case_id, source, sick, contacts, days in rows:
        grouped[case_id].append(Situation(source, sick, contacts, days))
    return {
        case_id: SituationChange(first=items[0], latest=items[-1], mappings=len(items))
        for case_id, items in grouped.items()
    }


def income_source_label(value: str) -> str:
    return str(dict(IncomeSource.choices).get(value, value))


# Instruments ----------------------------------------------------------------------------------


def instruments_visible_to(actor: User) -> QuerySet[Instrument]:
    """The instruments of the actor's organisation (administrators' list)."""
    if not policy.can_configure(actor):
        return Instrument.objects.none()
    return Instrument.objects.filter(organisation_id=actor.organisation_id).order_by(
        "name", "-version_number"
    )


def instrument_get(actor: User, instrument_id: int) -> Instrument:
    """An instrument of the actor's organisation, for an administrator (404 otherwise)."""
    return get_object_or_404(instruments_visible_to(actor), pk=instrument_id)


def instrument_structure(instrument: Instrument) -> list[Area]:
    """Areas with their modules and steps, in three queries."""
    return list(
        instrument.areas.prefetch_related("modules", "modules__steps").order_by("position", "id")
    )


def instrument_is_used(instrument: Instrument) -> bool:
    return instrument.assessments.exists()


def area_get(actor: User, area_id: int) -> Area:
    return get_object_or_404(
        Area.objects.select_related("instrument"),
        pk=area_id,
        instrument__in=instruments_visible_to(actor),
    )


def module_get(actor: User, module_id: int) -> Module:
    return get_object_or_404(
        Module.objects.select_related("area", "area__instrument"),
        pk=module_id,
        area__instrument__in=instruments_visible_to(actor),
    )


def active_instruments_for_case(case: Case) -> QuerySet[Instrument]:
    return Instrument.objects.filter(organisation_id=case.organisation_id, is_active=True)


# Assessments on one case ----------------------------------------------------------------------


@dataclass
class AreaRow:
    """One area's value at each assessment (mean of its scored modules) and the change."""

    name: str
    values: list[float | None]
    first: float | None = None
    latest: float | None = None

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return _round(self.latest - self.first)


@dataclass
class InstrumentProgress:
    instrument: Instrument
    dates: list[datetime.date]
    areas: list[AreaRow]
    chart: Any = None


@dataclass
class CaseProgress:
    instruments: list[InstrumentProgress] = field(default_factory=list)
    assessment_count: int = 0


def case_progress(case: Case) -> CaseProgress:
    """Step change per area over time for a case the caller has opened, in one query.

    An area's value at an assessment is the mean of the modules scored in it that time.
    """
    return progress_from_scores(list(case_scores(case)))


def case_scores(case: Case) -> QuerySet[Score]:
    """The scores `case_progress` is made of, as a queryset (for the case page's batch)."""
    return (
        Score.objects.filter(assessment__case=case)
        .select_related("assessment", "assessment__instrument", "module__area")
        .order_by("assessment__assessed_on", "assessment_id", "module__area__position")
    )


def progress_from_scores(scores: list[Score]) -> "CaseProgress":
    """`case_progress` from the rows of `case_scores`."""
    by_instrument: dict[int, dict[str, Any]] = {}
    for score in scores:
        assessment = score.assessment
        entry = by_instrument.setdefault(
            assessment.instrument_id,
            {"instrument": assessment.instrument, "assessments": {}, "areas": {}},
        )
        entry["assessments"].setdefault(assessment.pk, assessment.assessed_on)
        area = score.module.area
        entry["areas"].setdefault(area.pk, (area.position, area.name))
        cell = entry.setdefault("cells", defaultdict(list))
        cell[(area.pk, assessment.pk)].append(score.value)
    progress = CaseProgress()
    for entry in by_instrument.values():
        assessment_ids = list(entry["assessments"])
        rows = []
        for area_id, (_position, name) in sorted(entry["areas"].items(), key=lambda i: i[1]):
            values: list[float | None] = []
            for assessment_id in assessment_ids:
                cell = entry["cells"].get((area_id, assessment_id))
                values.append(_round(sum(cell) / len(cell)) if cell else None)
            present = [value for value in values if value is not None]
            rows.append(
                AreaRow(
                    name=name,
                    values=values,
                    first=present[0] if present else None,
                    latest=present[-1] if present else None,
                )
            )
        progress.instruments.append(
            InstrumentProgress(
                instrument=entry["instrument"],
                dates=list(entry["assessments"].values()),
                areas=rows,
            )
        )
        progress.assessment_count += len(assessment_ids)
    return progress


@dataclass(frozen=True)
class ReachedStep:
    area: str
    module: str
    step: int
    description: str
    reached_on: datetime.date


def reached_steps(case: Case) -> list[ReachedStep]:
    """The highest step reached in each module, with what the step means, in two queries.

    Only module names and step texts: nothing from notes, mappings or health.
    """
    best: dict[int, tuple[int, datetime.date, Module]] = {}
    scores = (
        Score.objects.filter(assessment__case=case)
        .select_related("module__area", "assessment")
        .order_by("assessment__assessed_on", "assessment_id")
    )
    for score in scores:
        current = best.get(score.module_id)
        if current is None or score.value > current[0]:
            best[score.module_id] = (score.value, score.assessment.assessed_on, score.module)
    texts = {
        (step.module_id, step.number): step.description
        for step in Step.objects.filter(
            Q(module_id__in=list(best)) & Q(number__in={value for value, _on, _m in best.values()})
        )
    }
    ordered = sorted(
        best.values(), key=lambda item: (item[2].area.position, item[2].position, item[2].pk)
    )
    return [
        ReachedStep(
            area=module.area.name,
            module=module.name,
            step=value,
            description=texts.get((module.pk, value), ""),
            reached_on=reached_on,
        )
        for value, reached_on, module in ordered
    ]


def certificate_steps(actor: User, case: Case) -> list[ReachedStep]:
    """The reached steps for the certificate; printing it is written to the audit log."""
    if not policy.can_print_certificate(actor, case):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=case,
        participant=case.participant,
        summary="Intyg om uppnådda steg",
    )
    return reached_steps(case)


@dataclass
class PartnerProgress:
    """Mappings and step change as a partner with consent to assessments reads them."""

    mapping_count: int
    first_mapping: Mapping | None
    latest_mapping: Mapping | None
    latest_answers: list[MappingAnswer]
    mapping_changes: list[MappingChange]
    progress: CaseProgress


def partner_progress(access: PartnerAccess) -> PartnerProgress:
    """The case's latest mapping, what changed since the first, and step change per area.

    For the partner view: `access` carries consents in force to assessments, checked by
    collaboration at this moment. Two queries; who recorded what is not shown.
    """
    if access.scope != ConsentScope.ASSESSMENTS or not access.consent_ids:
        raise PermissionDenied
    mappings = list(Mapping.objects.filter(case=access.case).order_by("mapped_on", "id"))
    first, latest = (mappings[0], mappings[-1]) if mappings else (None, None)
    return PartnerProgress(
        mapping_count=len(mappings),
        first_mapping=first,
        latest_mapping=latest,
        latest_answers=mapping_answers(latest) if latest else [],
        mapping_changes=mapping_changes(first, latest) if first and latest else [],
        progress=case_progress(access.case),
    )


def assessments_for_case(case: Case) -> list[Assessment]:
    return list(
        Assessment.objects.filter(case=case)
        .select_related("instrument", "recorded_by")
        .order_by("assessed_on", "id")
    )


# Phases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhasePeriod:
    phase: Phase
    started_on: datetime.date
    ended_on: datetime.date | None
    days: int

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


def phases_for_case(case: Case, *, today: datetime.date | None = None) -> list[PhasePeriod]:
    """The phases a case has been in, oldest first, with days in each (to today if current)."""
    return phase_periods(list(case_phases(case)), today=today)


def case_phases(case: Case) -> QuerySet[CasePhase]:
    """The rows of `phases_for_case`, as a queryset (for the case page's batch)."""
    return (
        CasePhase.objects.filter(case=case)
        .select_related("phase", "phase__method")
        .order_by("started_on", "id")
    )


def phase_periods(
    periods: list[CasePhase], *, today: datetime.date | None = None
) -> list[PhasePeriod]:
    """`phases_for_case` from the rows of `case_phases`."""
    today = today or timezone.localdate()
    return [
        PhasePeriod(
            phase=period.phase,
            started_on=period.started_on,
            ended_on=period.ended_on,
            days=((period.ended_on or today) - period.started_on).days,
        )
        for period in periods
    ]


def phases_to_choose(case: Case) -> QuerySet[Phase]:
    return (
        Phase.objects.filter(method__organisation_id=case.organisation_id, method__is_active=True)
        .select_related("method")
        .order_by("method__name", "position")
    )


def methods_visible_to(actor: User) -> QuerySet[Method]:
    if not policy.can_configure(actor):
        return Method.objects.none()
    return Method.objects.filter(organisation_id=actor.organisation_id).prefetch_related("phases")


def method_get(actor: User, method_id: int) -> Method:
    return get_object_or_404(methods_visible_to(actor), pk=method_id)


# Period reads for the statistics app -----------------------------------------------------------


@dataclass(frozen=True)
class AreaStepChange:
    """Step change in one area of one instrument, over the cases assessed at least twice."""

    instrument: str
    area: str
    position: int
    cases: int
    first_mean: float
    latest_mean: float
    improved: int
    unchanged: int
    worsened: int

    @property
    def change(self) -> float:
        return _round(self.latest_mean - self.first_mean)


def step_change_by_area(
    actor: User, start: datetime.date, end: datetime.date
) -> list[AreaStepChange]:
    """First vs latest score per area, over the cases `actor` may see, in one query.

    Only assessments dated `start`–`end` (inclusive) count. For each case, an area's first and
    latest value are the mean of its scored modules at the first and at the latest assessment
    in the period that scored the area; a case counts for an area when two or more of its
    assessments scored it. Instrument versions are grouped by instrument name and areas by
    name, so a new version of MOVE continues the same rows. Returns one row per instrument and
    area (ordered by instrument name and area position) with the number of cases, the mean
    first and latest values (one decimal), and how many cases went up, stayed or went down.
    """
    return step_change_by_area_periods(actor, [(start, end)])[0]


def step_change_by_area_periods(
    actor: User, periods: Sequence[tuple[datetime.date, datetime.date]]
) -> list[list[AreaStepChange]]:
    """`step_change_by_area` for several periods (start, end) at once, in one query: the
    scores of every period are read together and split by assessment date."""

    def build() -> QuerySet[Any]:
        dated = Q()
        for start, end in periods:
            dated |= Q(assessment__assessed_on__gte=start, assessment__assessed_on__lte=end)
        return (
            Score.objects.filter(dated, assessment__case__in=cases_visible_to(actor))
            .order_by("assessment__assessed_on", "assessment_id")
            .values_list(
                "assessment__assessed_on",
                "assessment__case_id",
                "assessment_id",
                "assessment__instrument__name",
                "module__area__name",
                "module__area__position",
                "value",
            )
        )

    # Compiled once per reader (what the visibility filter depends on) and periods: the board
    # report asks the same for every unit on every report.
    statement = (
        "step change by area",
        actor.pk,
        actor.role,
        actor.unit_id,
        actor.organisation_id,
        bool(getattr(actor, "is_service_account", False)),
        participant_relations.version,
        tuple(periods),
    )
    rows = compiled_rows(Score, statement, build)
    # per period: (instrument, area) -> case -> assessment -> [values], in assessment order
    cells: list[dict[tuple[str, str], dict[int, dict[int, list[int]]]]] = [
        defaultdict(lambda: defaultdict(dict)) for _period in periods
    ]
    positions: list[dict[tuple[str, str], int]] = [{} for _period in periods]
    for assessed_on, case_id, assessment_id, instrument, area, position, value in rows:
        key = (instrument, area)
        for index, (start, end) in enumerate(periods):
            if start <= assessed_on <= end:
                positions[index].setdefault(key, position)
                cells[index][key][case_id].setdefault(assessment_id, []).append(value)
    return [
        _step_changes(found, in_period) for found, in_period in zip(cells, positions, strict=True)
    ]


def _step_changes(
    cells: dict[tuple[str, str], dict[int, dict[int, list[int]]]],
    positions: dict[tuple[str, str], int],
) -> list[AreaStepChange]:
    result = []
    for key, per_case in cells.items():
        firsts, latests = [], []
        improved = unchanged = worsened = 0
        for per_assessment in per_case.values():
            if len(per_assessment) < 2:
                continue
            ordered = list(per_assessment.values())
            first = sum(ordered[0]) / len(ordered[0])
            latest = sum(ordered[-1]) / len(ordered[-1])
            firsts.append(first)
            latests.append(latest)
            improved += latest > first
            unchanged += latest == first
            worsened += latest < first
        if not firsts:
            continue
        result.append(
            AreaStepChange(
                instrument=key[0],
                area=key[1],
                position=positions[key],
                cases=len(firsts),
                first_mean=_round(sum(firsts) / len(firsts)),
                latest_mean=_round(sum(latests) / len(latests)),
                improved=improved,
                unchanged=unchanged,
                worsened=worsened,
            )
        )
    return sorted(result, key=lambda row: (row.instrument, row.position, row.area))


@dataclass(frozen=True)
class PhaseDuration:
    """Time cases spent in one phase of one method within a period."""

    method: str
    phase: str
    position: int
    cases: int
    total_days: int
    mean_days: float
    median_days: float


def phase_durations(actor: User, start: datetime.date, end: datetime.date) -> list[PhaseDuration]:
    """Days spent in each phase within `start`–`end`, over the cases `actor` may see, one query.

    A phase period counts with the days it overlaps the period (an open period runs to `end`
    or today, whichever is earlier; a period ending on day D does not include D, because the
    next phase starts that day). `cases` is the number of distinct cases with any such days.
    Phases nobody was in are absent. Ordered by method name and phase position.
    """
    stop = min(end + datetime.timedelta(days=1), timezone.localdate() + datetime.timedelta(days=1))
    rows = CasePhase.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start),
        case__in=cases_visible_to(actor),
        started_on__lte=end,
    ).values_list(
        "case_id",
        "phase__method__name",
        "phase__name",
        "phase__position",
        "started_on",
        "ended_on",
    )
    per_phase: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    positions: dict[tuple[str, str], int] = {}
    for case_id, method, phase, position, started_on, ended_on in rows:
        begin = max(started_on, start)
        finish = min(ended_on or stop, stop)
        days = (finish - begin).days
        if days <= 0:
            continue
        key = (method, phase)
        positions[key] = position
        per_phase[key][case_id] += days
    result = []
    for key, per_case in per_phase.items():
        days_list = list(per_case.values())
        result.append(
            PhaseDuration(
                method=key[0],
                phase=key[1],
                position=positions[key],
                cases=len(days_list),
                total_days=sum(days_list),
                mean_days=_round(sum(days_list) / len(days_list)),
                median_days=float(median(days_list)),
            )
        )
    return sorted(result, key=lambda row: (row.method, row.position))


# Fidelity reviews -------------------------------------------------------------------------------

OUTCOME_WINDOW_MONTHS = 12
WORK = (ClosureReason.WORK_UNSUBSIDISED, ClosureReason.WORK_SUBSIDISED)


@dataclass(frozen=True)
class UnitOutcomes:
    """The unit's cases closed in the twelve months up to a review."""

    since: datetime.date
    until: datetime.date
    closed: int
    to_work: int

    @property
    def share_to_work(self) -> int | None:
        return round(100 * self.to_work / self.closed) if self.closed else None


@dataclass(frozen=True)
class FidelityResult:
    review: FidelityReview
    total: int
    band: FidelityBand | None
    outcomes: UnitOutcomes | None = None


def _band(bands: Iterable[FidelityBand], total: int) -> FidelityBand | None:
    return next((band for band in bands if band.lowest <= total <= band.highest), None)


def fidelity_scales() -> list[FidelityScale]:
    """The scales new reviews may use, with their items and bands."""
    return list(FidelityScale.objects.filter(is_active=True).prefetch_related("items", "bands"))


def fidelity_unit_get(actor: User, unit_id: int) -> Unit:
    """The unit, if `actor` may read its fidelity reviews (404 for another organisation's)."""
    unit = Unit.objects.filter(pk=unit_id, organisation_id=actor.organisation_id).first()
    if unit is None:
        raise Http404
    if not policy.can_view_fidelity(actor, unit):
        raise PermissionDenied
    return unit


def fidelity_history(actor: User, unit: Unit) -> list[FidelityResult]:
    """Every review of `unit`, newest first, each with its total, band and the unit's closed
    cases (and how many to work) in the twelve months before it; three queries in all."""
    if not policy.can_view_fidelity(actor, unit):
        raise PermissionDenied
    reviews = list(
        FidelityReview.objects.filter(unit=unit)
        .select_related("scale", "recorded_by")
        .annotate(total=Sum("scores__score"))
        .order_by("-reviewed_on", "-id")
    )
    if not reviews:
        return []
    bands: dict[int, list[FidelityBand]] = defaultdict(list)
    for band in FidelityBand.objects.filter(scale__in={review.scale_id for review in reviews}):
        bands[band.scale_id].append(band)
    windows = {
        review.pk: (add_months(review.reviewed_on, -OUTCOME_WINDOW_MONTHS), review.reviewed_on)
        for review in reviews
    }
    counts: dict[str, Count] = {}
    for pk, (since, until) in windows.items():
        # since < closed_on <= until: consecutive yearly reviews never count a closure twice.
        closed = Q(closed_on__gt=since, closed_on__lte=until)
        counts[f"closed_{pk}"] = Count("pk", filter=closed)
        counts[f"work_{pk}"] = Count("pk", filter=closed & Q(closure_reason__in=WORK))
    # The unit's own cases, counted only: the reader is staff of the unit, who work with them.
    totals = Case.objects.filter(unit=unit).aggregate(**counts)
    return [
        FidelityResult(
            review=review,
            total=review.total or 0,  # type: ignore[attr-defined]
            band=_band(bands[review.scale_id], review.total or 0),  # type: ignore[attr-defined]
            outcomes=UnitOutcomes(
                since=windows[review.pk][0],
                until=windows[review.pk][1],
                closed=totals[f"closed_{review.pk}"],
                to_work=totals[f"work_{review.pk}"],
            ),
        )
        for review in reviews
    ]


def fidelity_review_get(actor: User, review_id: int) -> tuple[FidelityResult, list[FidelityScore]]:
    """One review with its scores in item order, for its unit's staff."""
    review = (
        FidelityReview.objects.filter(pk=review_id, unit__organisation_id=actor.organisation_id)
        .select_related("unit", "scale", "recorded_by")
        .first()
    )
    if review is None:
        raise Http404
    if not policy.can_view_fidelity(actor, review.unit):
        raise PermissionDenied
    scores = list(review.scores.select_related("item").order_by("item__number"))
    total = sum(score.score for score in scores)
    return FidelityResult(review, total, _band(review.scale.bands.all(), total)), scores
