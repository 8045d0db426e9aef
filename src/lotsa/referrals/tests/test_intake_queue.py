"""The manager's intake queue: young people first, then the longest wait; constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.queries import intake_queue
from lotsa.referrals.tests.factories import ReferralFactory

NOW = timezone.now()


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def waiting(world, *, days: int, **traits):
    return ReferralFactory(
        referrer=world["referrer"],
        receiving_unit=world["support_unit"],
        submitted_at=days_ago(days),
        **traits,
    )


def test_priority_first_then_the_oldest(world):
    newest = waiting(world, days=1)
    oldest = waiting(world, days=30)
    young_new = waiting(world, days=2, priority=True)
    young_old = waiting(world, days=20, priority=True)
    middle = waiting(world, days=10)

    assert list(intake_queue(world["manager"])) == [young_old, young_new, oldest, middle, newest]


def test_only_waiting_referrals_to_the_managers_unit(world):
    waiting_one = waiting(world, days=3)
    waiting(world, days=4, returned=True)
    waiting(world, days=5, withdrawn=True)
    ReferralFactory(referrer=world["referrer"], receiving_unit=world["other_support_unit"])

    assert list(intake_queue(world["manager"])) == [waiting_one]


@pytest.mark.parametrize("actor", ["referrer", "coach", "admin"])
def test_only_managers_have_a_queue(world, actor):
    waiting(world, days=3)
    assert not intake_queue(world[actor]).exists()


def test_queue_page_shows_priority_eligibility_waiting_days_and_target_groups(client, world):
    young = waiting(world, days=12, priority=True, needs_assessment=True)
    client.force_login(world["manager"])

    response = client.get(reverse("referrals:queue"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{young.participant.last_name}, {young.participant.first_name}" in html
    assert reverse("referrals:decide", args=[young.pk]) in html
    assert "Prioriterad, under 29" in html
    assert 'badge--needs_assessment">Kräver individuell bedömning' in html
    assert '<td class="num">12</td>' in html
    assert "Försörjningsstöd" in html


def fill_queue(world, count: int) -> None:
    for number in range(count):
        ReferralFactory(
            referrer=world["referrer"],
            receiving_unit=world["support_unit"],
            participant=ParticipantFactory(unit=world["referring_unit"]),
            submitted_at=days_ago(number % 40),
            is_priority=number % 3 == 0,
        )


def queries_for_queue_page(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("referrals:queue"))
    assert response.status_code == 200
    return len(captured), len(response.context["referrals"])


def test_queue_page_runs_the_same_number_of_queries_for_5_and_100_referrals(client, world):
    client.force_login(world["manager"])
    client.get(reverse("referrals:queue"))  # the session's first write is not the page's cost

    fill_queue(world, 5)
    few_queries, few_rows = queries_for_queue_page(client)
    fill_queue(world, 95)
    many_queries, many_rows = queries_for_queue_page(client)

    assert (few_rows, many_rows) == (5, 100)
    assert few_queries == many_queries
