"""Accepting what the guideline does not plainly admit: a conditional target group needs the
unit's assessment of room and demand, a referral that is not met or needs an assessment needs a
recorded individual assessment, and a referral that is not met is not ranked as prioritised."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.models import Case
from lotsa.referrals import services
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.queries import intake_queue
from lotsa.referrals.tests.test_intake_queue import waiting


@pytest.fixture
def lss_referral(world, submission):
    lss = world["guideline"].target_groups.get(code="lss")
    return services.referral_submit(**{**submission, "target_groups": [lss]})


def _accept(world, referral, **extra):
    return services.referral_accept(
        actor=world["manager"],
        referral=referral,
        coach=world["coach"],
        start_date=timezone.localdate(),
        **extra,
    )


def test_a_referral_only_in_the_lss_group_is_not_plainly_met(lss_referral):
    assert lss_referral.eligibility == "needs_assessment"
    reasons = " ".join(result["reason"] for result in lss_referral.eligibility_results)
    assert "ingår bara vid utrymme och efterfrågan" in reasons


def test_accepting_it_needs_room_and_demand_and_the_individual_assessment(world, lss_referral):
    with pytest.raises(ValidationError) as refused:
        _accept(world, lss_referral)
    assert set(refused.value.message_dict) == {"room_and_demand", "individual_assessment"}
    with pytest.raises(ValidationError) as refused:
        _accept(world, lss_referral, room_and_demand=False, individual_assessment="Passar väl.")
    assert "Skicka tillbaka remissen" in " ".join(refused.value.message_dict["room_and_demand"])
    lss_referral.refresh_from_db()
    assert lss_referral.status == ReferralStatus.SUBMITTED
    assert not Case.objects.exists()

    case = _accept(
        world,
        lss_referral,
        room_and_demand=True,
        individual_assessment="Två platser lediga; personen har tydlig motivation.",
    )
    lss_referral.refresh_from_db()
    assert lss_referral.room_and_demand is True
    assert lss_referral.individual_assessment.startswith("Två platser lediga")
    assert case.referral == lss_referral


def test_a_referral_that_is_not_met_is_accepted_only_with_reasons(world, submission):
    referral = services.referral_submit(
        **{**submission, "answers": {"bor_i_kommunen": "no", "aktuell_socialforvaltningen": "yes"}}
    )
    assert referral.eligibility == "not_met"
    with pytest.raises(ValidationError) as refused:
        _accept(world, referral, individual_assessment="   ")
    assert "individuella bedömningen" in " ".join(
        refused.value.message_dict["individual_assessment"]
    )
    assert not Case.objects.exists()
    _accept(world, referral, individual_assessment="Flyttar hit nästa månad, kontrakt klart.")


def test_a_met_referral_is_accepted_as_before(world, submission):
    referral = services.referral_submit(**submission)
    assert referral.eligibility == "met"
    assert _accept(world, referral).referral == referral


def test_a_young_person_who_is_not_met_is_not_first_in_the_queue(world):
    older = waiting(world, days=30)
    young_not_met = waiting(world, days=40, priority=True, not_met=True)
    young_met = waiting(world, days=2, priority=True)
    queue = list(intake_queue(world["manager"]))
    assert queue == [young_met, young_not_met, older]
    assert [row.ranks_as_priority for row in queue] == [True, False, False]


def test_decide_page_asks_for_the_assessment_and_shows_the_refusal_at_the_field(
    client, world, lss_referral
):
    client.force_login(world["manager"])
    url = reverse("referrals:decide", args=[lss_referral.pk])
    page = client.get(url).content.decode()
    assert "Finns det utrymme och efterfrågan på enheten?" in page
    assert "Individuell bedömning och skäl" in page
    response = client.post(
        url,
        {
            "action": "accept",
            "accept-coach": world["coach"].pk,
            "accept-start_date": timezone.localdate().isoformat(),
            "accept-room_and_demand": "yes",
            "accept-individual_assessment": "",
            "accept-version": lss_referral.version,
        },
    )
    assert response.status_code == 200
    assert "Skriv den individuella bedömningen" in response.content.decode()
    assert not Case.objects.exists()
