"""The filters other apps register on the caseload: a meeting today (collaboration), a decision
(decisions) or a placement (work) ending within 30 days — narrowed and counted like the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lotsa.cases.queries import my_caseload_counts, my_cases, unit_caseload_counts
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import MeetingFactory
from lotsa.decisions.models import Decision
from lotsa.decisions.tests.factories import build_city, grant, investigated
from lotsa.work import services as work_services
from lotsa.work.constants import PlacementKind, PlacementStatus
from lotsa.work.tests.factories import TrainingArenaFactory, catalogue_install

pytestmark = pytest.mark.django_db


def _counts(choices):
    return {choice.key: choice.count for choice in choices}


def test_a_meeting_today_and_a_placement_ending_within_30_days(django_assert_num_queries):
    today = timezone.localdate()
    meeting_today = CaseFactory()
    coach, unit = meeting_today.coach, meeting_today.unit
    MeetingFactory(case=meeting_today, meets_on=today)
    MeetingFactory(case=CaseFactory(unit=unit, coach=coach), meets_on=today + timedelta(days=1))
    catalogue_install(meeting_today.organisation)
    ending, later = CaseFactory(unit=unit, coach=coach), CaseFactory(unit=unit, coach=coach)
    for case, days in ((ending, 20), (later, 60)):
        work_services.placement_create(
            actor=coach,
            case=case,
            kind=PlacementKind.WORK_TRAINING,
            arena=TrainingArenaFactory(unit=unit),
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=days),
            hours_per_week="20",
            status=PlacementStatus.ONGOING,
        )
    assert list(my_cases(coach, chosen="mote-i-dag")) == [meeting_today]
    assert list(my_cases(coach, chosen="placering-slutar")) == [ending]
    with django_assert_num_queries(1):
        counts = _counts(my_caseload_counts(coach))
    assert counts["mote-i-dag"] == 1 and counts["placering-slutar"] == 1


def test_a_granted_decision_ending_within_30_days():
    city = build_city()
    today = timezone.localdate()
    start = today - timedelta(days=200)
    soon = grant(
        city,
        investigated(city, "lss", received_on=start),
        decided_on=start,
        valid_from=start,
        valid_to=today + timedelta(days=12),
        today=today,
    )
    case = CaseFactory(
        unit=city.support, coach=city.coach, participant=soon.participant, start_date=start
    )
    Decision.objects.filter(pk=soon.pk).update(case=case)
    CaseFactory(unit=city.support, coach=city.coach)  # no decision at all
    assert list(my_cases(city.coach, chosen="beslut-slutar")) == [case]
    assert _counts(my_caseload_counts(city.coach))["beslut-slutar"] == 1
    assert _counts(unit_caseload_counts(city.support_manager))["beslut-slutar"] == 1
