"""Applications and decisions: the Stockholm two-step form, bad input, extension, Insteg."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.decisions import services
from lotsa.decisions.models import Application, Decision, ParallelSupport
from lotsa.decisions.tests.factories import TODAY, extend, grant, investigated, received, reject
from lotsa.organisations.tests.factories import UserFactory
from lotsa.referrals.constants import ReferralStatus

pytestmark = pytest.mark.django_db


def test_grant_sends_a_referral_into_the_support_units_intake_queue(city) -> None:
    application = investigated(city, "lss")
    decision = grant(city, application)
    assert decision.outcome == "granted"
    assert decision.legal_basis == "sol_4_2"
    assert "4 kap. 1 § SoL" in decision.first_step_motivation
    assert decision.valid_from == TODAY
    assert decision.valid_to == datetime.date(2028, 3, 1)  # two years less a day
    assert decision.support_type.startswith("Särskilt individanpassat stöd")
    referral = decision.referral
    assert referral.receiving_unit == city.support
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.guideline_version == city.versions["lss"]
    assert referral.eligibility == "met"
    application.refresh_from_db()
    assert application.status == "decided"
    assert [r["outcome"] for r in decision.criteria_results] == ["met"] * 8
    assert AuditRecord.objects.filter(object_id=str(decision.pk)).exists()


def test_insteg_defaults_to_four_months(city) -> None:
    decision = grant(city, investigated(city, "insteg", consultation=False))
    assert decision.valid_to == datetime.date(2026, 7, 1)


def test_rejection_under_the_criteria_records_what_the_person_was_told(city) -> None:
    application = investigated(city, "lss", answer="no")
    decision = reject(city, application)
    assert decision.outcome == "rejected"
    assert decision.referral is None
    assert decision.valid_from is None and decision.valid_to is None
    assert decision.informed_about == ["reapply", "insteg", "daily_activity"]
    assert decision.motivation == city.versions["lss"].rejection_text


def test_rejection_is_refused_until_the_person_is_informed(city) -> None:
    application = investigated(city, "lss", answer="no")
    with pytest.raises(ValidationError) as refused:
        reject(city, application, informed_on=None, informed_about=["reapply"])
    assert set(refused.value.message_dict) == {"informed_on", "informed_about"}
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == "open"


def test_decision_without_all_criteria_answered_is_refused(city) -> None:
    application = received(city, "psyk")
    with pytest.raises(ValidationError) as refused:
        grant(city, application)
    assert "Alla kriterier måste vara besvarade" in str(refused.value)
    assert not Decision.objects.exists()


def test_grant_refused_when_a_criterion_is_not_met(city) -> None:
    application = investigated(city, "lss", person=city.person(age=70))
    with pytest.raises(ValidationError) as refused:
        grant(city, application)
    assert "outcome" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_grant_refused_without_the_consultation_the_guideline_requires(city) -> None:
    application = investigated(city, "psyk", consultation=False)
    with pytest.raises(ValidationError) as refused:
        grant(city, application)
    assert "arbetsspecialist på Jobbtorg" in str(refused.value)


def test_period_longer_than_the_guideline_needs_special_reasons(city) -> None:
    application = investigated(city, "lss")
    too_long = datetime.date(2028, 6, 30)
    with pytest.raises(ValidationError) as refused:
        grant(city, application, valid_to=too_long)
    assert "special_reason" in refused.value.message_dict
    assert not Decision.objects.exists()
    with pytest.raises(ValidationError) as refused:
        grant(city, application, valid_to=too_long, special_reason="long_illness")
    assert "special_reason_text" in refused.value.message_dict
    decision = grant(
        city,
        application,
        valid_to=too_long,
        special_reason="long_illness",
        special_reason_text="Lång sjukskrivning under året.",
    )
    assert decision.valid_to == too_long


def test_extension_past_the_limit_needs_special_reasons(city) -> None:
    decision = grant(city, investigated(city, "lss"), valid_to=datetime.date(2027, 3, 1))
    one_year_more = extend(city, decision, valid_to=datetime.date(2028, 3, 1))
    assert one_year_more.valid_from == datetime.date(2027, 3, 2)
    assert one_year_more.kind == "extension"
    with pytest.raises(ValidationError) as refused:
        extend(
            city,
            one_year_more,
            valid_to=datetime.date(2028, 9, 1),
            motivation="Slutfasen tar längre tid.",
        )
    assert "special_reason" in refused.value.message_dict
    longer = extend(
        city,
        one_year_more,
        valid_to=datetime.date(2028, 9, 1),
        motivation="Slutfasen tar längre tid.",
        special_reason="final_phase",
        special_reason_text="Anställningen börjar i augusti.",
    )
    assert longer.special_reason == "final_phase"
    with pytest.raises(ValidationError):
        extend(
            city,
            one_year_more,
            valid_to=datetime.date(2029, 1, 1),
            delegation="x",
            motivation="y",
            special_reason="other",
            special_reason_text="z",
        )


def test_insteg_is_not_extended_but_continued_after_consultation(city) -> None:
    insteg = grant(city, investigated(city, "insteg"))
    with pytest.raises(ValidationError) as refused:
        extend(city, insteg, valid_to=datetime.date(2026, 11, 1), motivation="Vill fortsätta.")
    assert "ny bedömning" in str(refused.value)
    without = investigated(
        city, "lss", person=insteg.participant, continues=insteg, consultation=False
    )
    with pytest.raises(ValidationError) as refused:
        reject(city, without)
    assert "samråd" in str(refused.value)
    with_consultation = investigated(
        city, "insteg", person=insteg.participant, continues=insteg, consultation=True
    )
    # The earlier referral still waits in the queue; withdraw it so the new one can go in.
    from lotsa.referrals.services import referral_withdraw

    referral_withdraw(actor=city.officer, referral=insteg.referral)
    continued = grant(city, with_consultation)
    assert continued.application.continues == insteg


def test_investigation_bad_input_saves_nothing(city) -> None:
    version = city.versions["lss"]
    application = received(city, "lss")
    question = version.criteria.filter(kind="question").first()
    with pytest.raises(ValidationError) as refused:
        services.application_investigate(
            actor=city.officer,
            application=application,
            expected_version=application.version,
            target_groups=list(city.versions["psyk"].target_groups.all()),
            answers={question.code: ("kanske", "")},
            consultation_on=TODAY + datetime.timedelta(days=1),
            today=TODAY,
        )
    assert set(refused.value.message_dict) == {
        "target_groups",
        f"answer_{question.code}",
        "consultation_on",
        "consultation_with",
    }
    application.refresh_from_db()
    assert application.answers == {} and application.version == 1


def test_two_officers_saving_at_once_conflict(city) -> None:
    application = investigated(city, "lss")
    stale = Application.objects.get(pk=application.pk)
    stale.version -= 1
    from lotsa.core.concurrency import EditConflictError

    with pytest.raises(EditConflictError):
        services.application_investigate(
            actor=city.officer,
            application=stale,
            expected_version=stale.version,
            target_groups=[],
            answers={},
            today=TODAY,
        )


def test_only_the_handling_officer_decides(city) -> None:
    application = investigated(city, "lss")
    colleague = UserFactory(referrer=True, unit=city.office)
    for actor in (colleague, city.manager, city.coach):
        with pytest.raises(PermissionDenied):
            services.decision_make(
                actor=actor,
                application=application,
                outcome="granted",
                decided_on=TODAY,
                delegation="x",
                today=TODAY,
            )
    with pytest.raises(PermissionDenied):
        services.application_create(
            actor=city.coach,
            participant=application.participant,
            guideline_version=city.versions["lss"],
            received_on=TODAY,
            today=TODAY,
        )


def test_application_refuses_a_guideline_without_formal_decisions(city) -> None:
    from lotsa.guidelines.tests.factories import danderyd_install

    danderyd = danderyd_install(city.organisation)
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=city.officer,
            participant=city.person(),
            guideline_version=danderyd,
            received_on=TODAY + datetime.timedelta(days=1),
            today=TODAY,
        )
    assert set(refused.value.message_dict) == {"guideline_version", "received_on"}
    assert not Application.objects.exists()


def test_parallel_supports_never_block_a_decision(city) -> None:
    person = city.person()
    support = services.parallel_support_add(
        actor=city.officer,
        participant=person,
        kind="daily_activity",
        starts_on=datetime.date(2025, 1, 1),
    )
    assert support.get_kind_display() == "Daglig verksamhet enligt LSS"
    with pytest.raises(ValidationError) as refused:
        services.parallel_support_add(
            actor=city.officer,
            participant=person,
            kind="unknown",
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"kind", "ends_on"}
    assert ParallelSupport.objects.count() == 1
    assert grant(city, investigated(city, "lss", person=person)).is_granted


def test_an_application_is_decided_once(city) -> None:
    application = investigated(city, "lss", answer="no")
    reject(city, application)
    with pytest.raises(ValidationError) as refused:
        reject(city, application)
    assert "redan beslutad" in str(refused.value)
    stale = Application.objects.get(pk=application.pk)
    stale.status = "open"  # a page opened before the first decision
    with pytest.raises(ValidationError):
        reject(city, stale)
    assert Decision.objects.count() == 1
