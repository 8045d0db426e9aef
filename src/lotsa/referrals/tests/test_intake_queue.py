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


def test_queue_rows_say_what_the_referrals_say_in_the_queues_order(world):
    """`intake_queue_rows` (the page's two-query read) gives, row for row, what the model
    instances of `intake_queue` give: the same referrals in the same order and the same cells."""
    from lotsa.guidelines.constants import Eligibility
    from lotsa.referrals.constants import ReferralSource
    from lotsa.referrals.models import Referral
    from lotsa.referrals.queries import intake_queue_rows

    staff = waiting(world, days=12, priority=True, needs_assessment=True)
    staff.target_groups.set(
        world["guideline"].target_groups.filter(code__in=["missbruk", "forsorjningsstod"])
    )
    not_met = waiting(world, days=9, priority=True)
    Referral.objects.filter(pk=not_met.pk).update(eligibility=Eligibility.NOT_MET)
    protected = waiting(world, days=5, protected=True)
    own = waiting(world, days=3)
    Referral.objects.filter(pk=own.pk).update(
        source=ReferralSource.SELF, referrer=None, referring_unit=None, identity_verified=True
    )
    partner = waiting(world, days=2)
    Referral.objects.filter(pk=partner.pk).update(
        source=ReferralSource.PARTNER,
        referrer=None,
        referring_unit=None,
        source_name="Arbetsförmedlingen",
    )
    waiting(world, days=1, returned=True)

    expected = list(intake_queue(world["manager"]))
    rows = intake_queue_rows(world["manager"])

    assert [row.pk for row in rows] == [referral.pk for referral in expected]
    assert {row.pk for row in rows} == {staff.pk, not_met.pk, protected.pk, own.pk, partner.pk}
    for row, referral in zip(rows, expected, strict=True):
        assert row.last_name == referral.participant.last_name
        assert row.first_name == referral.participant.first_name
        assert row.is_protected == referral.participant.is_protected
        assert row.age == referral.participant.age
        assert row.ranks_as_priority == referral.ranks_as_priority
        assert row.priority_age_below == referral.guideline_version.priority_age_below
        assert row.eligibility == referral.eligibility
        assert row.eligibility_label == referral.get_eligibility_display()
        assert row.days_waiting == referral.days_waiting
        assert row.target_groups == [group.name for group in referral.target_groups.all()]
        assert row.referring_unit == (
            str(referral.referring_unit) if referral.referring_unit else ""
        )
        assert row.referrer == (str(referral.referrer) if referral.referrer else "")
        assert row.source_label == referral.source_label
    # Again from the compiled statements (lotsa.core.statements): the same rows, and a referral
    # that came in meanwhile is there.
    assert intake_queue_rows(world["manager"]) == rows
    newest = waiting(world, days=0)
    assert [row.pk for row in intake_queue_rows(world["manager"])] == [
        referral.pk for referral in intake_queue(world["manager"])
    ]
    assert newest.pk in {row.pk for row in intake_queue_rows(world["manager"])}
    assert intake_queue_rows(world["other_manager"]) == []
    by_pk = {row.pk: row for row in rows}
    assert by_pk[not_met.pk].ranks_as_priority is False
    assert by_pk[protected.pk].is_protected is True
    assert len(by_pk[staff.pk].target_groups) == 2
    assert by_pk[own.pk].source_label == "Egen ansökan, styrkt med e-legitimation"
    assert by_pk[partner.pk].source_label == "Samverkanspart: Arbetsförmedlingen"


@pytest.mark.parametrize("actor", ["referrer", "coach", "admin", "other_manager"])
def test_queue_rows_only_for_the_units_manager(world, actor):
    from lotsa.referrals.queries import intake_queue_rows

    waiting(world, days=3)
    assert intake_queue_rows(world[actor]) == []


def test_queue_page_sends_one_query_of_its_own(client, world):
    """The referrals with only the shown columns and each one's target groups, in one read."""
    client.force_login(world["manager"])
    client.get(reverse("referrals:queue"))
    fill_queue(world, 5)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("referrals:queue"))
    reads = [
        query["sql"] for query in captured.captured_queries if "referrals_referral" in query["sql"]
    ]
    reads = [sql for sql in reads if not sql.lstrip().upper().startswith(("WITH", "INSERT"))]
    assert len(reads) == 1
    assert "referrals_referral_target_groups" in reads[0]
    # Not every column of the referral and its guideline version: the page shows a few.
    assert '"referrals_referral"."answers"' not in reads[0]
    assert 'guidelines_guideline"' not in reads[0]
    assert '"receiving_unit' not in reads[0].split("WHERE")[0]


def test_queue_rows_are_escaped_and_an_empty_queue_says_so(client, world):
    client.force_login(world["manager"])
    assert (
        "Inga remisser väntar på besked." in client.get(reverse("referrals:queue")).content.decode()
    )

    marked = waiting(world, days=4)
    marked.participant.last_name = "<b>Öberg</b>"
    marked.participant.save()
    html = client.get(reverse("referrals:queue")).content.decode()
    assert "&lt;b&gt;Öberg&lt;/b&gt;" in html
    assert "<b>Öberg</b>" not in html
    assert "Inga remisser väntar på besked." not in html
