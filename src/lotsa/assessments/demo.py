"""Demo: Solvik's MOVE instrument and methods, mappings with income before and after, repeated
assessments and phases for about forty cases.

Open cases get their data through the services, as a coach would enter it. Closed cases are
history: the services refuse to write on a closed case, so their start and closure mappings are
written directly, dated when they would have been recorded.
"""

import datetime
import random
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.assessments import services
from lotsa.assessments.constants import (
    Answer,
    Education,
    Health,
    Housing,
    IncomeSource,
    MappingOccasion,
    Obstacle,
    SickCertificate,
    TimeWithoutWork,
    WorkHistory,
)
from lotsa.assessments.models import Mapping, Method, Module
from lotsa.cases.constants import CaseStatus, ClosureReason
from lotsa.cases.models import Case

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

ASSESSED_CASES = 40
IPS_UNIT = "Socialpsykiatri"
# Roughly Timrå's försörjningsstöd group (004 Bilaga 3): most live on social assistance.
INCOME_BEFORE = (
    (IncomeSource.SOCIAL_ASSISTANCE, 74),
    (IncomeSource.ACTIVITY_SUPPORT, 6),
    (IncomeSource.SICKNESS_BENEFIT, 4),
    (IncomeSource.SICKNESS_COMPENSATION, 3),
    (IncomeSource.UNEMPLOYMENT_INSURANCE, 3),
    (IncomeSource.SALARY, 2),
    (IncomeSource.UNKNOWN, 8),
)
INCOME_AFTER_CLOSURE = {
    ClosureReason.WORK_UNSUBSIDISED: IncomeSource.SALARY,
    ClosureReason.WORK_SUBSIDISED: IncomeSource.SALARY,
    ClosureReason.STUDIES: IncomeSource.STUDENT_FINANCE,
    ClosureReason.SUPPORT_ARBETSFORMEDLINGEN: IncomeSource.ACTIVITY_SUPPORT,
    ClosureReason.SUPPORT_FORSAKRINGSKASSAN: IncomeSource.SICKNESS_COMPENSATION,
    ClosureReason.SUPPORT_HEALTH_CARE: IncomeSource.SICKNESS_BENEFIT,
}


def _weighted(rng: random.Random, options: Any) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


# The demo's time without work follows the work history (no draw, so the rest of the demo's
# random sequence stays as it was).
TIME_BY_HISTORY = {
    WorkHistory.LONG_EMPLOYMENTS: TimeWithoutWork.MONTHS_12_TO_24,
    WorkHistory.SHORT_EMPLOYMENTS: TimeWithoutWork.OVER_24,
    WorkHistory.NEVER_WORKED: TimeWithoutWork.NEVER_WORKED,
    WorkHistory.WORKING_NOW: TimeWithoutWork.WORKING,
    WorkHistory.UNKNOWN: TimeWithoutWork.UNKNOWN,
}


def _start_answers(rng: random.Random) -> dict[str, Any]:
    obstacles = rng.sample(
        [
            Obstacle.MENTAL_ILL_HEALTH,
            Obstacle.PHYSICAL_ILL_HEALTH,
            Obstacle.LIMITED_SWEDISH,
            Obstacle.SOCIAL_PROBLEMS,
            Obstacle.NEUROPSYCHIATRIC,
        ],
        k=rng.choice((1, 1, 2)),
    )
    if rng.random() < 0.2:
        obstacles = [Obstacle.NOT_CLARIFIED]
    return {
        "occasion": MappingOccasion.START,
        "work_history": _weighted(
            rng,
            (
                (WorkHistory.LONG_EMPLOYMENTS, 21),
                (WorkHistory.SHORT_EMPLOYMENTS, 12),
                (WorkHistory.NEVER_WORKED, 20),
                (WorkHistory.WORKING_NOW, 6),
                (WorkHistory.UNKNOWN, 41),
            ),
        ),
        "registered_at_employment_service": _weighted(
            rng, ((Answer.YES, 42), (Answer.NO, 40), (Answer.UNKNOWN, 18))
        ),
        "has_unemployment_insurance": _weighted(
            rng, ((Answer.YES, 3), (Answer.NO, 80), (Answer.UNKNOWN, 17))
        ),
        "obstacles": obstacles,
        "education": _weighted(
            rng,
            (
                (Education.COMPULSORY_INCOMPLETE, 15),
                (Education.COMPULSORY, 30),
                (Education.UPPER_SECONDARY, 25),
                (Education.STUDYING_SFI, 13),
                (Education.STUDYING_ADULT, 5),
                (Education.UNKNOWN, 12),
            ),
        ),
        "health": _weighted(
            rng,
            (
                (Health.NO_ILL_HEALTH, 37),
                (Health.MENTAL, 17),
                (Health.PHYSICAL, 14),
                (Health.MENTAL_AND_PHYSICAL, 18),
                (Health.UNKNOWN, 13),
            ),
        ),
        "sick_certificate": _weighted(
            rng,
            (
                (SickCertificate.NONE, 54),
                (SickCertificate.PART_TIME, 8),
                (SickCertificate.FULL_TIME, 28),
                (SickCertificate.UNKNOWN, 10),
            ),
        ),
        "main_income_source": _weighted(rng, INCOME_BEFORE),
        "housing": _weighted(
            rng,
            (
                (Housing.OWN_TENANCY, 60),
                (Housing.SECOND_HAND, 18),
                (Housing.SOCIAL_CONTRACT, 8),
                (Housing.HOMELESS, 9),
                (Housing.ACUTELY_HOMELESS, 2),
                (Housing.UNKNOWN, 3),
            ),
        ),
        "children_at_home": _weighted(
            rng, ((Answer.YES, 37), (Answer.NO, 55), (Answer.UNKNOWN, 8))
        ),
    }


def _follow_up_answers(rng: random.Random, before: dict[str, Any]) -> dict[str, Any]:
    after = dict(before, occasion=MappingOccasion.FOLLOW_UP)
    # A follow-up clears up some unknowns and moves some people off social assistance.
    for field in ("work_history", "registered_at_employment_service", "education", "health"):
        if after[field] == "unknown" and rng.random() < 0.6:
            after[field] = _start_answers(rng)[field]
    if after["obstacles"] == [Obstacle.NOT_CLARIFIED] and rng.random() < 0.7:
        after["obstacles"] = [rng.choice([Obstacle.MENTAL_ILL_HEALTH, Obstacle.LIMITED_SWEDISH])]
    if after["main_income_source"] == IncomeSource.SOCIAL_ASSISTANCE and rng.random() < 0.25:
        after["main_income_source"] = rng.choice(
            [IncomeSource.ACTIVITY_SUPPORT, IncomeSource.SALARY]
        )
    if after["registered_at_employment_service"] != Answer.YES and rng.random() < 0.5:
        after["registered_at_employment_service"] = Answer.YES
    return after


def _closure_answers(rng: random.Random, before: dict[str, Any], case: Case) -> dict[str, Any]:
    after = dict(_follow_up_answers(rng, before), occasion=MappingOccasion.CLOSURE)
    income = INCOME_AFTER_CLOSURE.get(case.closure_reason)  # type: ignore[call-overload]
    if income is not None:
        after["main_income_source"] = income
    if income == IncomeSource.SALARY:
        after["work_history"] = WorkHistory.WORKING_NOW
    return after


def _care_use(case: Case, answers: dict[str, Any], *, after: bool) -> dict[str, Any]:
    """Care use over the last 12 months for people with mental ill-health (a separate random
    stream per case, so the rest of the demo stays as it was); less of it after the support."""
    if answers["health"] not in (Health.MENTAL, Health.MENTAL_AND_PHYSICAL):
        return {"psychiatric_contacts": 0, "inpatient_days": 0}
    rng = random.Random(f"care-{case.pk}")  # noqa: S311 - synthetic demo data
    contacts, days = rng.randint(2, 14), rng.choice((0, 0, 0, 3, 7, 12))
    if after:
        contacts, days = contacts // 2, days // 3
    return {"psychiatric_contacts": contacts, "inpatient_days": days}


def _map_cases(context: "DemoContext", cases: list[Case]) -> int:
    rng, today = context.rng, context.today
    count = 0
    for case in cases:
        before = _start_answers(rng)
        before["time_without_work"] = TIME_BY_HISTORY[before["work_history"]]
        if case.status == CaseStatus.CLOSED:
            assert case.closed_on is not None  # noqa: S101 — closed cases have a date
            after = _closure_answers(rng, before, case)
            for on, answers, later in (
                (case.start_date, before, False),
                (case.closed_on, after, True),
            ):
                Mapping.objects.create(
                    case=case,
                    mapped_on=on,
                    recorded_by=case.coach,
                    **answers,
                    **_care_use(case, answers, after=later),
                )
                count += 1
            continue
        dates = [case.start_date]
        follow_up = case.start_date + datetime.timedelta(days=120)
        if follow_up <= today:
            dates.append(follow_up)
        answers = before
        for on in dates:
            try:
                services.mapping_record(
                    actor=case.coach,
                    case=case,
                    mapped_on=on,
                    **answers,
                    **_care_use(case, answers, after=on != case.start_date),
                )
            except (PermissionDenied, ValidationError):
                break
            count += 1
            answers = _follow_up_answers(rng, answers)
    return count


def _assess_cases(context: "DemoContext", cases: list[Case], instrument: Any) -> int:
    rng, today = context.rng, context.today
    modules = list(Module.objects.filter(area__instrument=instrument).order_by("area", "position"))
    count = 0
    for case in cases:
        chosen = rng.sample(modules, k=rng.randint(4, 7))
        levels = {module.pk: rng.randint(1, 5) for module in chosen}
        on = case.start_date + datetime.timedelta(days=rng.randint(7, 21))
        for _number in range(rng.randint(2, 4)):
            if on > today:
                break
            try:
                services.assessment_record(
                    actor=case.coach,
                    case=case,
                    instrument=instrument,
                    assessed_on=on,
                    scores=levels,
                )
            except (PermissionDenied, ValidationError):
                break
            count += 1
            levels = {
                pk: max(1, min(10, value + rng.choice((-1, 0, 1, 1, 2, 2, 3))))
                for pk, value in levels.items()
            }
            on += datetime.timedelta(days=rng.randint(45, 90))
    return count


def _phase_cases(context: "DemoContext", cases: list[Case], methods: dict[str, Method]) -> int:
    rng, today = context.rng, context.today
    count = 0
    for case in cases:
        method = methods["IPS" if case.unit.name == IPS_UNIT else "Supported Employment"]
        phases = list(method.phases.order_by("position"))
        on = case.start_date
        for phase in phases:
            if on > today:
                break
            try:
                services.case_phase_set(actor=case.coach, case=case, phase=phase, started_on=on)
            except (PermissionDenied, ValidationError):
                break
            count += 1
            on += datetime.timedelta(days=rng.randint(20, 75))
    return count


def build_demo(context: "DemoContext") -> list[str]:
    admin = context.staff["admin"]
    organisation = admin.organisation
    assert organisation is not None  # noqa: S101 — the demo administrator has one
    instrument = services.instrument_install(actor=admin, organisation=organisation)
    services.default_methods_install(actor=admin, organisation=organisation)
    methods = {method.name: method for method in Method.objects.filter(organisation=organisation)}
    cases = list(
        Case.objects.filter(organisation=organisation)
        .select_related("participant", "coach", "unit")
        .order_by("id")
    )
    mapped = _map_cases(context, cases[:160])
    today = context.today
    long_enough = [
        case
        for case in cases
        if case.status != CaseStatus.CLOSED
        and case.start_date <= today - datetime.timedelta(days=90)
        and case.coach.unit_id == case.unit_id
    ][:ASSESSED_CASES]
    assessments = _assess_cases(context, long_enough, instrument)
    phases = _phase_cases(context, long_enough, methods)
    reviews = _fidelity_reviews(context)
    return [
        f"Bedömningar: {instrument} med {instrument.areas.count()} områden; "
        f"metoderna {', '.join(sorted(methods))}",
        f"Kartläggningar: {mapped}; skattningar: {assessments} i {len(long_enough)} ärenden; "
        f"fasbyten: {phases}",
        f"Metodtrohet: {reviews} IPS-granskningar av {IPS_UNIT} (manager2)",
    ]


# Totals of the IPS unit's yearly reviews, oldest first: fair, then good, then nearly exemplary.
FIDELITY_TOTALS = (86, 104, 113)


def _fidelity_reviews(context: "DemoContext") -> int:
    """IPS_UNIT's manager records a yearly IPS fidelity review, the oldest two years ago."""
    manager = context.staff["manager2"]
    unit = manager.unit
    assert unit is not None and unit.name == IPS_UNIT  # noqa: S101 — the demo's IPS manager
    scale = services.fidelity_scale_install()
    items = list(scale.items.all())
    for years_ago, total in zip((2, 1, 0), FIDELITY_TOTALS, strict=True):
        # The total spread evenly over the items.
        base, extra = divmod(total, len(items))
        scores = {
            item.number: base + (1 if index < extra else 0) for index, item in enumerate(items)
        }
        services.fidelity_review_record(
            actor=manager,
            unit=unit,
            scale=scale,
            reviewed_on=context.today - datetime.timedelta(days=365 * years_ago + 20),
            scores=scores,
            reviewers="Två granskare från regionens IPS-nätverk",
        )
    return len(FIDELITY_TOTALS)
