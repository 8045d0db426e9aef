"""Submitting a referral: checked against the guideline in force, every bad input refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.guidelines.constants import Eligibility
from lotsa.guidelines.tests.factories import GuidelineVersionFactory, TargetGroupFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.referrals.services import referral_submit
from lotsa.referrals.tests.factories import ReferralFactory

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def refused(submission, **changes) -> dict[str, list[str]]:
    """Submit with `changes`; return the errors by field, after checking nothing was saved."""
    with pytest.raises(ValidationError) as error:
        referral_submit(**{**submission, **changes})
    assert not Referral.objects.exists()
    assert not AuditRecord.objects.filter(object_type="referrals.referral").exists()
    return error.value.message_dict


def test_referral_is_checked_against_the_guideline_in_force(world, submission):
    referral = referral_submit(**submission)

    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.guideline_version == world["guideline"]
    assert referral.referring_unit == world["referring_unit"]
    assert referral.organisation == world["organisation"]
    assert referral.eligibility == Eligibility.MET
    assert [row["outcome"] for row in referral.eligibility_results] == [Eligibility.MET] * 6
    assert referral.eligibility_results[2]["reason"] == "Målgrupp: Försörjningsstöd."
    assert not referral.is_priority
    assert [g.code for g in referral.target_groups.all()] == ["forsorjningsstod"]
    assert referral.consent_parties == ["arbetsformedlingen"]


def test_submitting_writes_an_audit_record_about_the_participant(world, submission):
    referral = referral_submit(**submission)

    record = AuditRecord.objects.get(object_type="referrals.referral", action="create")
    assert record.actor == world["referrer"]
    assert record.participant == world["person"]
    assert record.object_id == str(referral.pk)


def test_a_young_person_is_prioritised(world, submission):
    referral = referral_submit(**{**submission, "participant": world["young"]})
    assert referral.is_priority


def test_several_target_groups_are_stored_as_needing_an_individual_assessment(world, submission):
    groups = world["guideline"].target_groups.filter(code__in=["forsorjningsstod", "nyanlanda"])

    referral = referral_submit(**{**submission, "target_groups": list(groups)})

    assert referral.eligibility == Eligibility.NEEDS_ASSESSMENT
    assert "2 målgrupper" in referral.eligibility_results[5]["reason"]


def test_a_referral_that_does_not_meet_the_guideline_can_still_be_sent_for_decision(
    world, submission
):
    missbruk = world["guideline"].target_groups.get(code="missbruk")

    referral = referral_submit(**{**submission, "target_groups": [missbruk]})

    assert referral.eligibility == Eligibility.NOT_MET
    assert referral.eligibility_results[4]["reason"].startswith(
        "Datum för dokumenterad stabilitet saknas"
    )


@pytest.mark.parametrize("actor", ["manager", "coach", "admin"])
def test_only_referrers_may_refer(world, submission, actor):
    with pytest.raises(PermissionDenied):
        referral_submit(**{**submission, "actor": world[actor]})
    assert not Referral.objects.exists()


def test_a_person_outside_the_organisation_is_refused(world, submission):
    stranger = ParticipantFactory()  # another organisation

    errors = refused(submission, participant=stranger)

    assert errors == {
        "participant": ["En remiss kan inte gälla en person utanför din organisation."]
    }


def test_a_person_the_referrer_cannot_see_is_refused(world, submission):
    elsewhere = ParticipantFactory(unit=UnitFactory(organisation=world["organisation"]))

    with pytest.raises(PermissionDenied):
        referral_submit(**{**submission, "participant": elsewhere})
    assert not Referral.objects.exists()


@pytest.mark.parametrize("unit", ["referring_unit", "foreign", "inactive"])
def test_the_receiving_unit_must_take_referrals_in_the_same_organisation(world, submission, unit):
    units = {
        "referring_unit": world["referring_unit"],
        "foreign": UnitFactory(support=True),
        "inactive": UnitFactory(organisation=world["organisation"], support=True, is_active=False),
    }

    errors = refused(submission, receiving_unit=units[unit])

    assert errors == {"receiving_unit": ["Välj en enhet i din organisation som tar emot remisser."]}


@pytest.mark.parametrize(
    "field", ["work_capacity_investigated_on", "stability_since", "consent_given_on"]
)
def test_dates_in_the_future_are_refused(submission, field):
    errors = refused(submission, **{field: TOMORROW})
    assert errors == {field: ["Datumet kan inte ligga i framtiden."]}


def test_reason_goal_and_target_group_are_required(submission):
    errors = refused(submission, reason="  ", goal="", target_groups=[])

    assert errors == {
        "reason": ["Skriv varför personen remitteras."],
        "goal": ["Skriv vilket mål insatsen ska ha."],
        "target_groups": ["Välj minst en målgrupp."],
    }


def test_a_target_group_of_another_guideline_version_is_refused(submission):
    stale = TargetGroupFactory(version=GuidelineVersionFactory())

    errors = refused(submission, target_groups=[stale])

    assert errors["target_groups"] == [
        "Riktlinjen har ändrats sedan formuläret öppnades. Välj målgrupperna igen."
    ]


def test_consent_needs_parties_date_and_form_together(submission):
    errors = refused(submission, consent_given_on=None, consent_form="")
    assert errors == {
        "consent_given_on": ["Ange när samtycket gavs."],
        "consent_form": ["Ange om samtycket är skriftligt, muntligt eller digitalt."],
    }
    errors = refused(submission, consent_parties=[])
    assert errors == {"consent_parties": ["Välj vilka parter samtycket gäller."]}
    errors = refused(submission, consent_parties=["grannen"], consent_form="telepati")
    assert errors == {
        "consent_parties": ["Välj parter ur listan."],
        "consent_form": ["Välj hur samtycket gavs: skriftligt, muntligt eller digitalt."],
    }


def test_no_consent_at_all_is_allowed(submission):
    referral = referral_submit(
        **{
            **submission,
            "consent_parties": [],
            "consent_scopes": [],
            "consent_given_on": None,
            "consent_form": "",
        }
    )
    assert referral.consent_parties == []


def test_every_question_of_the_guideline_must_be_answered(submission):
    errors = refused(submission, answers={"bor_i_kommunen": "kanske"})

    assert errors == {
        "answer_bor_i_kommunen": ["Svara ja, nej eller oklart."],
        "answer_aktuell_socialforvaltningen": ["Besvara frågan (välj oklart om du inte vet)."],
    }


def test_without_a_guideline_in_force_nothing_can_be_referred(world, submission):
    world["guideline"].guideline.versions.update(effective_from=TOMORROW)

    with pytest.raises(ValidationError, match="ingen gällande riktlinje"):
        referral_submit(**submission)
    assert not Referral.objects.exists()


def test_a_second_referral_while_one_waits_is_refused(world, submission):
    referral_submit(**submission)

    with pytest.raises(ValidationError, match="väntar på besked"):
        referral_submit(**submission)
    assert Referral.objects.count() == 1


def test_a_returned_referral_can_be_sent_again(world, submission):
    ReferralFactory(
        returned=True,
        referrer=world["referrer"],
        participant=world["person"],
        receiving_unit=world["support_unit"],
    )

    referral = referral_submit(**submission)

    assert referral.status == ReferralStatus.SUBMITTED


def test_all_problems_are_reported_at_once(world, submission):
    errors = refused(
        submission,
        receiving_unit=world["referring_unit"],
        reason="",
        stability_since=TOMORROW,
        answers={},
    )
    assert set(errors) == {
        "receiving_unit",
        "reason",
        "stability_since",
        "answer_bor_i_kommunen",
        "answer_aktuell_socialforvaltningen",
    }


def test_a_referrer_without_a_unit_cannot_refer(world, submission):
    unplaced = UserFactory(referrer=True, unit=None, organisation=world["organisation"])
    with pytest.raises(PermissionDenied):
        referral_submit(**{**submission, "actor": unplaced})
