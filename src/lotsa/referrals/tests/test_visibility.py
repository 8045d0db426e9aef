"""Who sees which referral: referrers their own, managers their unit's, protected people hidden."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory
from lotsa.referrals.policy import can_view_referral
from lotsa.referrals.queries import (
    intake_queue,
    my_referrals,
    referral_get,
    referrals_visible_to,
)
from lotsa.referrals.services import referral_accept
from lotsa.referrals.tests.factories import ReferralFactory


@pytest.fixture
def protected(world):
    """A protected person referred by `referrer` to the support unit."""
    return ReferralFactory(
        protected=True, referrer=world["referrer"], receiving_unit=world["support_unit"]
    )


def test_referrer_sees_own_referrals_only(world, referral):
    ReferralFactory(referrer=world["other_referrer"], receiving_unit=world["support_unit"])

    assert list(referrals_visible_to(world["referrer"])) == [referral]
    assert list(my_referrals(world["referrer"])) == [referral]
    assert referral not in referrals_visible_to(world["other_referrer"])
    assert not can_view_referral(world["other_referrer"], referral)


def test_manager_sees_referrals_to_the_unit_only(world, referral):
    to_other_unit = ReferralFactory(
        referrer=world["referrer"], receiving_unit=world["other_support_unit"]
    )

    assert list(referrals_visible_to(world["manager"])) == [referral]
    assert list(referrals_visible_to(world["other_manager"])) == [to_other_unit]


@pytest.mark.parametrize("actor", ["coach", "admin"])
def test_staff_without_a_part_in_the_referral_see_nothing(world, referral, actor):
    assert not referrals_visible_to(world[actor]).exists()


def test_coach_reads_the_referral_of_their_own_case(world, referral):
    other_coach = UserFactory(coach=True, unit=world["support_unit"])
    referral_accept(
        actor=world["manager"],
        referral=referral,
        coach=world["coach"],
        start_date=timezone.localdate(),
    )

    assert list(referrals_visible_to(world["coach"])) == [referral]
    assert not referrals_visible_to(other_coach).exists()


def test_nobody_in_another_organisation_sees_the_referral(world, referral):
    for role in ("referrer", "manager", "coach"):
        stranger = UserFactory(**{role: True})
        assert not referrals_visible_to(stranger).exists()


def test_protected_person_stays_hidden_from_everyone_but_referrer_and_receiving_manager(
    world, protected
):
    assert list(my_referrals(world["referrer"])) == [protected]
    assert list(intake_queue(world["manager"])) == [protected]

    assert not my_referrals(world["other_referrer"]).exists()
    assert not referrals_visible_to(world["other_referrer"]).exists()
    assert not intake_queue(world["other_manager"]).exists()
    assert not referrals_visible_to(world["other_manager"]).exists()


def test_a_protected_referral_to_another_unit_never_reaches_this_queue(world):
    ReferralFactory(
        protected=True, referrer=world["referrer"], receiving_unit=world["other_support_unit"]
    )

    assert not intake_queue(world["manager"]).exists()


@pytest.mark.parametrize("actor", ["other_referrer", "other_manager", "coach", "admin"])
def test_protected_persons_pages_answer_404_and_never_show_the_name(
    client, world, protected, actor
):
    client.force_login(world[actor])
    name = protected.participant.last_name.encode()

    for url_name in ("referrals:detail", "referrals:decide"):
        response = client.get(reverse(url_name, args=[protected.pk]))
        assert response.status_code == 404
        assert name not in response.content
    for url_name in ("referrals:mine", "referrals:queue"):
        response = client.get(reverse(url_name))
        assert name not in response.content


def test_manager_of_another_unit_gets_404_on_queue_item_and_decision(client, world, referral):
    client.force_login(world["other_manager"])

    assert client.get(reverse("referrals:decide", args=[referral.pk])).status_code == 404
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    response = client.post(
        reverse("referrals:decide", args=[referral.pk]),
        {"action": "return", "return-reason": "Nej", "return-version": referral.version},
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "submitted"


def test_referrer_may_read_but_not_decide_their_own_referral(client, world, referral):
    client.force_login(world["referrer"])

    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    assert client.get(reverse("referrals:decide", args=[referral.pk])).status_code == 403
    assert client.get(reverse("referrals:queue")).status_code == 403


def test_reading_a_referral_is_written_to_the_audit_log(world, referral):
    referral_get(world["manager"], referral.pk)

    record = AuditRecord.objects.get(action="view", object_type="referrals.referral")
    assert record.actor == world["manager"]
    assert record.participant == world["person"]


def test_a_referral_one_may_not_see_is_not_found(world, referral):
    with pytest.raises(Http404):
        referral_get(world["other_referrer"], referral.pk)
    assert not AuditRecord.objects.filter(action="view").exists()
