"""Matching participants with open placement capacity, explained candidate by candidate.

Deliberately simple so a coach can check every suggestion: a candidate scores two points for
each job interest found in the employer's (or arena's) industry, name or description, and one
point when the workplace's address names a place the participant can travel to. Only
workplaces with a free place today are suggested. Each candidate carries the reasons, in
Swedish, that made it a candidate; hours and adaptations are shown for the coach to weigh.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.effective_end import runs_on_q
from lotsa.cases.models import Case
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.queries import participants_visible_to
from lotsa.work import queries
from lotsa.work.constants import OPEN_PLACEMENT_STATUSES
from lotsa.work.models import Employer, JobProfile, Placement

LIMIT = 25


@dataclass
class Candidate:
    subject: Any  # an Employer, a TrainingArena or a Participant
    kind: str = "employer"  # "employer", "arena" or "participant"
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _interest_reasons(interests: list[str], *texts: str) -> list[str]:
    haystack = " ".join(texts).lower()
    return [
        _("Intresset ”%(interest)s” passar") % {"interest": interest}
        for interest in interests
        if interest.lower() in haystack
    ]


def _travel_reason(areas: list[str], address: str) -> str | None:
    for area in areas:
        if area.lower() in address.lower():
            return _("Kan ta sig till %(area)s") % {"area": area}
    return None


def _score(candidate: Candidate, interests: list[str], travel: str | None) -> None:
    candidate.reasons.extend(interests)
    candidate.score += 2 * len(interests)
    if travel:
        candidate.reasons.append(travel)
        candidate.score += 1


def workplaces_for_participant(*, actor: User, profile: JobProfile) -> list[Candidate]:
    """Employers and arenas with a free place today, best match first."""
    today = timezone.localdate()
    employers = queries.occupancy(queries.employers_visible_to(actor=actor), today).filter(
        placement_capacity__gt=F("occupied")
    )
    arenas = queries.occupancy(queries.training_arenas_visible_to(actor=actor), today).filter(
        places__gt=F("occupied")
    )
    candidates = []
    for employer in employers:
        candidate = Candidate(employer)
        _score(
            candidate,
            _interest_reasons(profile.interest_list, employer.industry, employer.name),
            _travel_reason(profile.travel_list, employer.visiting_address),
        )
        candidates.append(candidate)
    for arena in arenas:
        candidate = Candidate(arena, kind="arena")
        _score(
            candidate,
            _interest_reasons(profile.interest_list, arena.name, arena.description),
            None,
        )
        candidates.append(candidate)
    for candidate in candidates:
        free = (
            candidate.subject.placement_capacity
            if isinstance(candidate.subject, Employer)
            else candidate.subject.places
        )
        free -= candidate.subject.occupied
        candidate.notes.append(_("%(n)s lediga platser") % {"n": free})
    ranked = [c for c in candidates if c.score > 0]
    ranked.sort(key=lambda c: (-c.score, c.subject.name))
    return ranked[:LIMIT]


def participants_for_employer(*, actor: User, employer: Employer) -> list[Candidate]:
    """Participants the actor may see, with an open case and a job profile, best match first."""
    open_cases = Case.objects.filter(status__in=OPEN_CASE_STATUSES).values("participant_id")
    people = (
        participants_visible_to(actor)
        .filter(pk__in=open_cases, job_profile__isnull=False)
        .select_related("job_profile")
        .order_by("last_name", "first_name", "pk")
    )
    today = timezone.localdate()
    busy = set(
        Placement.objects.filter(
            runs_on_q(today),
            case__participant__in=people,
            status__in=OPEN_PLACEMENT_STATUSES,
        ).values_list("case__participant_id", flat=True)
    )
    candidates = []
    for person in people:
        profile: JobProfile = person.job_profile
        candidate = Candidate(person, kind="participant")
        _score(
            candidate,
            _interest_reasons(profile.interest_list, employer.industry, employer.name),
            _travel_reason(profile.travel_list, employer.visiting_address),
        )
        if candidate.score == 0:
            continue
        if profile.hours_per_week:
            candidate.notes.append(
                _("Vill arbeta %(hours)s timmar i veckan") % {"hours": profile.hours_per_week}
            )
        if profile.adaptations:
            candidate.notes.append(_("Behöver: %(what)s") % {"what": profile.adaptations})
        if person.pk in busy:
            candidate.notes.append(_("Har redan en pågående placering"))
        candidates.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.subject.last_name, c.subject.first_name))
    return candidates[:LIMIT]


def profile_for(participant: Participant) -> JobProfile:
    try:
        return participant.job_profile
    except JobProfile.DoesNotExist:
        return JobProfile(participant=participant)
