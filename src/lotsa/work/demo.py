"""Demo: placements of every kind for Solvik's open cases, several OSA employments with costs,
a week of attendance at one of Timrå's arenas, and job interests for some participants.

Everything goes through the services, as a coach would enter it. Only open cases of the support
unit are used, so the case's own coach may write on each of them; each placement has a case of
its own, and the demo history keeps OPEN_CASES_USED of them open whatever day it is told from.
"""

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.work import services
from lotsa.work.constants import (
    OSA_SECTORS,
    AttendanceStatus,
    PlacementKind,
    PlacementStatus,
    SubsidyType,
)
from lotsa.work.models import Employer, Placement, TrainingArena

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

UNIT = "Arbetsmarknadsenheten"
WEEK_ARENA = "Möbelprojekt"
# (kind, subsidy, monthly salary cost, grant rate); employments last, OSA first among them.
EMPLOYMENTS = (
    (SubsidyType.OSA, 27500, 80),
    (SubsidyType.OSA, 29800, 80),
    (SubsidyType.OSA, 26400, 75),
    (SubsidyType.OSA, 31200, 80),
    (SubsidyType.WAGE_SUBSIDY, 30500, 80),
    (SubsidyType.NEW_START, 28000, 50),
    (SubsidyType.INTRODUCTION, 27000, 70),
    (SubsidyType.DEVELOPMENT, 25500, 80),
    (SubsidyType.SECURITY, 26900, 80),
    (SubsidyType.SPECIAL_SUPPORT, 27800, 80),
    (SubsidyType.SUMMER_JOB, 9800, None),
    (SubsidyType.NONE, None, None),
)
ARENA_WEEK_PLACEMENTS = 5
INTERNSHIPS = 3
# The arena week, the internships, one ended arena placement and the employments.
OPEN_CASES_USED = ARENA_WEEK_PLACEMENTS + INTERNSHIPS + 1 + len(EMPLOYMENTS)
TASKS = {
    PlacementKind.INTERNSHIP: "Plock och pack, inventering",
    PlacementKind.WORK_TRAINING: "Renovering av möbler med handledare",
    PlacementKind.WORK_ASSESSMENT: "Bedömning av arbetsförmåga i olika moment",
    PlacementKind.EMPLOYMENT: "Ordinarie arbetsuppgifter med introduktion",
}
INTERESTS = (
    ("Lager och logistik\nFordon", "Solvik", "Behöver skriftliga instruktioner."),
    ("Vård och omsorg", "Solvik", ""),
    ("Livsmedel\nHotell och restaurang", "Solvik\nTimrå", "Kortare pass i början."),
    ("Handel\nMöbler", "Solvik", ""),
    ("Park och gata", "Solvik", "Kan inte lyfta tungt."),
    ("Service\nTvätt", "", ""),
    ("Bygg", "Solvik", ""),
    ("Café\nLivsmedel", "Timrå", "Hörselkåpor i bullriga miljöer."),
)


def _start(today: date, rng: random.Random, *, days_back: int) -> date:
    """A start some time back; every other one mid-month, to show proration."""
    start = today - timedelta(days=days_back + rng.randint(0, 20))
    return start.replace(day=16) if rng.random() < 0.5 else start.replace(day=1)


def build_demo(context: "DemoContext") -> list[str]:
    rng, today = context.rng, context.today
    municipality = context.world["municipality"]
    employers = list(Employer.objects.filter(organisation=municipality).order_by("name"))
    arenas = {a.name: a for a in TrainingArena.objects.filter(organisation=municipality)}
    cases = list(
        Case.objects.filter(organisation=municipality, unit__name=UNIT, status=CaseStatus.ACTIVE)
        .select_related("participant", "coach", "unit")
        .order_by("pk")
    )
    if not employers or WEEK_ARENA not in arenas or len(cases) < 10:
        return []
    week_arena = arenas[WEEK_ARENA]
    others = [arena for name, arena in sorted(arenas.items()) if name != WEEK_ARENA]
    queue = iter(cases)
    made: list[Placement] = []

    def place(kind: str, **values: object) -> Placement | None:
        case = next(queue, None)
        if case is None:
            return None
        placement = services.placement_create(
            actor=case.coach,
            case=case,
            kind=kind,
            tasks=TASKS[PlacementKind(kind)],
            **values,  # type: ignore[arg-type]
        )
        made.append(placement)
        return placement

    # A full week at Möbelprojekt: five people in arbetsträning, one of them from Wednesday.
    monday = today - timedelta(days=today.weekday() + 7)
    at_arena = []
    for index in range(ARENA_WEEK_PLACEMENTS):
        starts = monday + timedelta(days=2) if index == 4 else monday - timedelta(days=30 + index)
        placement = place(
            PlacementKind.WORK_TRAINING if index % 2 == 0 else PlacementKind.WORK_ASSESSMENT,
            arena=week_arena,
            supervisor="Handledare på Möbelprojekt",
            starts_on=starts,
            hours_per_week=rng.choice(("20", "25", "30")),
            status=PlacementStatus.ONGOING,
        )
        if placement:
            at_arena.append(placement)
    for index in range(INTERNSHIPS):
        place(
            PlacementKind.INTERNSHIP,
            employer=employers[index % len(employers)],
            supervisor="Kontaktperson på arbetsplatsen",
            starts_on=_start(today, rng, days_back=40),
            ends_on=today + timedelta(days=60),
            hours_per_week="20",
            status=PlacementStatus.ONGOING,
        )
    place(
        PlacementKind.WORK_TRAINING,
        arena=others[0],
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=80),
        hours_per_week="15",
        status=PlacementStatus.ENDED,
    )
    # OSA is placed in municipal operations (seed 001); other employments anywhere.
    municipal = [employer for employer in employers if employer.sector in OSA_SECTORS]
    for index, (subsidy, cost, rate) in enumerate(EMPLOYMENTS):
        ended = index == 2  # one OSA employment that ended mid-month
        if subsidy == SubsidyType.OSA and not municipal:
            continue
        where = municipal if subsidy == SubsidyType.OSA else employers
        place(
            PlacementKind.EMPLOYMENT,
            subsidy_type=subsidy,
            employer=where[(index + 2) % len(where)],
            supervisor="Närmaste chef",
            starts_on=_start(today, rng, days_back=60 + 25 * index),
            ends_on=(today - timedelta(days=45)).replace(day=15) if ended else None,
            hours_per_week=rng.choice(("30", "35", "40")),
            status=PlacementStatus.ENDED if ended else PlacementStatus.ONGOING,
            monthly_salary_cost=cost,
            grant_rate=rate,
        )
    if at_arena:
        coach = at_arena[0].case.coach
        ours = [
            p for p in at_arena if p.case.coach_id == coach.pk or p.case.unit_id == coach.unit_id
        ]
        entries = []
        for placement in ours:
            for day in services.week_days(monday):
                if day < placement.starts_on:
                    continue
                status = rng.choices(
                    (
                        AttendanceStatus.PRESENT,
                        AttendanceStatus.SICK,
                        AttendanceStatus.LEAVE,
                        AttendanceStatus.UNEXPLAINED,
                    ),
                    weights=(80, 10, 5, 5),
                )[0]
                entries.append((placement, day, status))
        services.attendance_record_week(actor=coach, arena=week_arena, entries=entries)
    reports = _attendance_reports(today, [placement.case for placement in made[:3]])
    profiles = 0
    for case, (interests, travel, adaptations) in zip(
        cases[-len(INTERESTS) :], INTERESTS, strict=False
    ):
        services.job_profile_save(
            actor=case.coach,
            participant=case.participant,
            expected_version=0,
            interests=interests,
            hours_per_week=rng.choice((20, 30, 40)),
            travel_areas=travel,
            adaptations=adaptations,
        )
        profiles += 1
    osa = sum(1 for p in made if p.subsidy_type == SubsidyType.OSA)
    return [
        f"Placeringar: {len(made)} (varav {osa} OSA-anställningar med kostnader), "
        f"närvaro en vecka på {WEEK_ARENA}, yrkesintressen för {profiles} deltagare, "
        f"{reports} närvarorapporter för förra månaden att granska"
    ]


def _attendance_reports(today: date, cases: list[Case]) -> int:
    """Last month's attendance report, as drafts for the coach to review, for a few cases that
    were running then (docs/attendance.md)."""
    last = today.replace(day=1) - timedelta(days=1)
    made = 0
    for case in cases:
        try:
            services.attendance_report_create(
                actor=case.coach, case=case, start=last.replace(day=1), end=last
            )
        except ValidationError:
            continue  # the case started this month: nothing to report yet
        made += 1
    return made
