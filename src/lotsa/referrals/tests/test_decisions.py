"""Deciding on a referral: return with a reason, withdraw, accept (opens a case), conflicts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.models import Case, FollowUp
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.referrals.services import (
    referral_accept,
    referral_return,
    referral_withdraw,
)
from lotsa.referrals.tests.conftest import world_referral

TODAY = timezone.localdate()


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def referral(world):
    return world_referral(world, submitted_at=noon(TODAY - datetime.timedelta(days=10)))


def stored(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def test_manager_returns_a_referral_with_a_reason(world, referral):
    referral_return(actor=world["manager"], referral=referral, reason="  Utred arbetsförmågan. ")

    referral = stored(referral)
    assert referral.status == ReferralStatus.RETURNED
    assert referral.return_reason == "Utred arbetsförmågan."
    assert referral.decided_by == world["manager"]
    assert referral.decided_at is not None
    assert referral.version == 2
    record = AuditRecord.objects.get(object_type="referrals.referral", action="update")
    assert record.participant == world["person"]


def test_returning_needs_a_reason(world, referral):
    with pytest.raises(ValidationError) as error:
        referral_return(actor=world["manager"], referral=referral, reason=" ")

    assert error.value.message_dict == {"reason": ["Skriv varför remissen skickas tillbaka."]}
    assert stored(referral).status == ReferralStatus.SUBMITTED


@pytest.mark.parametrize("actor", ["referrer", "other_manager", "coach", "admin"])
def test_only_the_receiving_units_manager_decides(world, referral, actor):
    with pytest.raises(PermissionDenied):
        referral_return(actor=world[actor], referral=referral, reason="Nej.")
    with pytest.raises(PermissionDenied):
        referral_accept(
            actor=world[actor], referral=referral, coach=world["coach"], start_date=TODAY
        )
    assert stored(referral).status == ReferralStatus.SUBMITTED
    assert not Case.objects.exists()


def test_referrer_withdraws_a_waiting_referral(world, referral):
    referral_withdraw(actor=world["referrer"], referral=referral)

    assert stored(referral).status == ReferralStatus.WITHDRAWN


def test_another_referrer_cannot_withdraw(world, referral):
    with pytest.raises(PermissionDenied):
        referral_withdraw(actor=world["other_referrer"], referral=referral)
    assert stored(referral).status == ReferralStatus.SUBMITTED


def test_a_decided_referral_cannot_be_withdrawn(world, referral):
    referral_return(actor=world["manager"], referral=referral, reason="Utred först.")

    with pytest.raises(ValidationError, match="redan gett besked.*Återskickad"):
        referral_withdraw(actor=world["referrer"], referral=referral)
    assert stored(referral).status == ReferralStatus.RETURNED


def test_accepting_opens_a_case_with_the_waiting_time(world, referral):
    case = referral_accept(
        actor=world["manager"], referral=referral, coach=world["coach"], start_date=TODAY
    )

    assert case.coach == world["coach"]
    assert case.unit == world["support_unit"]
    assert case.participant == world["person"]
    assert case.start_date == TODAY
    assert case.waiting_days == 10
    assert case.follow_up_interval_months == 3
    assert FollowUp.objects.filter(case=case).count() == 1
    referral = stored(referral)
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.decided_by == world["manager"]
    assert referral.case == case


@pytest.mark.parametrize(
    ("coach", "start", "field"),
    [
        ("other_unit_coach", 0, "coach"),
        ("referrer", 0, "coach"),
        ("coach", -11, "start_date"),
    ],
)
def test_a_bad_coach_or_start_date_leaves_the_referral_waiting(
    world, referral, coach, start, field
):
    coaches = {
        "other_unit_coach": UserFactory(coach=True, unit=world["other_support_unit"]),
        "referrer": world["referrer"],
        "coach": world["coach"],
    }

    with pytest.raises(ValidationError) as error:
        referral_accept(
            actor=world["manager"],
            referral=referral,
            coach=coaches[coach],
            start_date=TODAY + datetime.timedelta(days=start),
        )

    assert list(error.value.message_dict) == [field]
    assert not Case.objects.exists()
    assert stored(referral).status == ReferralStatus.SUBMITTED
    assert stored(referral).version == 1
    # The object the caller holds is put back too, so the page can be shown again as it was.
    assert (referral.status, referral.version, referral.decided_by) == (
        ReferralStatus.SUBMITTED,
        1,
        None,
    )


def test_two_managers_deciding_at_once_only_the_first_wins(world, referral):
    second_manager = UserFactory(manager=True, unit=world["support_unit"])
    seen_by_first = stored(referral)
    seen_by_second = stored(referral)

    referral_accept(
        actor=world["manager"], referral=seen_by_first, coach=world["coach"], start_date=TODAY
    )
    with pytest.raises(EditConflictError) as conflict:
        referral_return(actor=second_manager, referral=seen_by_second, reason="Fel enhet.")
    with pytest.raises(EditConflictError):
        referral_accept(
            actor=second_manager, referral=seen_by_second, coach=world["coach"], start_date=TODAY
        )

    assert conflict.value.messages == [
        "Någon annan har redan gett besked om remissen. Status nu: Ärende öppnat."
    ]
    assert conflict.value.current.status == ReferralStatus.ACCEPTED
    assert stored(referral).status == ReferralStatus.ACCEPTED
    assert stored(referral).return_reason == ""
    assert Case.objects.count() == 1


def test_a_decision_made_on_an_old_page_is_a_conflict(world, referral):
    version_seen = referral.version
    referral_return(actor=world["manager"], referral=referral, reason="Utred först.")
    fresh = stored(referral)

    with pytest.raises(EditConflictError, match="redan gett besked"):
        referral_return(
            actor=world["manager"], referral=fresh, reason="Igen.", expected_version=version_seen
        )
    assert stored(referral).return_reason == "Utred först."
