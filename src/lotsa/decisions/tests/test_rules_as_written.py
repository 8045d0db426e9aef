"""Issue 13 item 6 in decisions: Insteg's fixed period, continuing on the open case, the
delegation register."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.decisions import services
from lotsa.decisions.models import Decision, Delegation
from lotsa.decisions.tests.factories import (
    TODAY,
    extend,
    grant,
    investigated,
    reject,
)
from lotsa.organisations.tests.factories import UserFactory
from lotsa.referrals.services import referral_accept

pytestmark = pytest.mark.django_db


def _accepted(city, decision):
    """The support unit's manager takes the decision's referral in: the case opens."""
    return referral_accept(
        actor=city.support_manager,
        referral=decision.referral,
        coach=city.coach,
        start_date=timezone.localdate(),
    )


# Insteg: at most four months ------------------------------------------------------------------


def test_insteg_longer_than_four_months_is_refused_even_with_special_reasons(city) -> None:
    application = investigated(city, "insteg")
    with pytest.raises(ValidationError) as refused:
        grant(
            city,
            application,
            valid_to=datetime.date(2026, 12, 31),
            special_reason="long_illness",
            special_reason_text="Sjukskriven under våren.",
        )
    errors = refused.value.message_dict
    assert "Särskilda skäl kan inte förlänga perioden" in " ".join(errors["valid_to"])
    assert "special_reason" in errors
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == "open"
    assert grant(city, application).valid_to == datetime.date(2026, 7, 1)


# Continuing after Insteg on the open case -------------------------------------------------------


def test_continuation_after_insteg_attaches_to_the_open_case(city) -> None:
    insteg = grant(city, investigated(city, "insteg"))
    case = _accepted(city, insteg)
    insteg.refresh_from_db()
    assert insteg.case == case
    continuation = investigated(
        city, "lss", person=insteg.participant, continues=insteg, consultation=True
    )
    continued = grant(city, continuation)
    assert continued.case == case
    assert continued.referral is None
    assert set(case.decisions.all()) == {insteg, continued}
    # The coach sees the continuation behind the case.
    from lotsa.decisions.queries import case_decisions

    assert continued in case_decisions(city.coach, case)


def test_a_first_decision_still_refuses_a_second_case_at_the_unit(city) -> None:
    insteg = grant(city, investigated(city, "insteg"))
    _accepted(city, insteg)
    again = investigated(city, "lss", person=insteg.participant)
    with pytest.raises(ValidationError) as refused:
        grant(city, again)
    assert "receiving_unit" in refused.value.message_dict
    assert Decision.objects.count() == 1


# The delegation register ---------------------------------------------------------------------


def _administrator(city):
    return UserFactory(administrator=True, organisation=city.organisation, unit=None)


def test_a_stand_in_decides_while_the_handling_officer_is_away(city) -> None:
    application = investigated(city, "lss")
    stand_in = UserFactory(referrer=True, unit=city.office)
    with pytest.raises(PermissionDenied):
        grant(city, application, actor=stand_in, delegation="")
    services.delegation_add(
        actor=_administrator(city),
        delegate="person",
        user=stand_in,
        acts=["grant", "reject"],
        valid_from=TODAY - datetime.timedelta(days=3),
        valid_to=TODAY + datetime.timedelta(days=10),
        reference="Delegationsordning 4.2, ersättare",
    )
    # Adding the first row wrote out the standing rule, so the handling officers keep theirs.
    assert Delegation.objects.filter(delegate="handling_officer").count() == 1
    decision = grant(city, application, actor=stand_in, delegation="")
    assert decision.decided_by == stand_in
    assert decision.delegation == "Delegationsordning 4.2, ersättare"
    # The stand-in may not extend: the row gives grant and reject only.
    with pytest.raises(ValidationError) as refused:
        extend(city, decision, actor=stand_in, valid_to=datetime.date(2028, 6, 1), delegation="")
    assert "delegation" in str(refused.value)


def test_the_manager_decides_when_the_register_says_so_and_not_outside_its_dates(city) -> None:
    application = investigated(city, "lss", answer="no")
    administrator = _administrator(city)
    services.delegation_add(
        actor=administrator,
        delegate="unit_manager",
        acts=["reject"],
        valid_from=TODAY,
        valid_to=TODAY,
        reference="Delegationsordning 4.3",
    )
    version = application.guideline_version
    values = {
        "outcome": "rejected",
        "delegation": "",
        "informed_on": TODAY,
        "informed_about": [code for code, _text in version.required_information],
    }
    with pytest.raises(ValidationError) as refused:
        services.decision_make(
            actor=city.manager,
            application=application,
            decided_on=TODAY - datetime.timedelta(days=1),
            today=TODAY,
            **values,
        )
    assert "Du har inte delegation att avslå ansökan" in " ".join(
        refused.value.message_dict["outcome"]
    )
    assert not Decision.objects.exists()
    decision = services.decision_make(
        actor=city.manager, application=application, decided_on=TODAY, today=TODAY, **values
    )
    assert decision.decided_by == city.manager
    assert decision.delegation == "Delegationsordning 4.3"


def test_ending_the_handling_officers_row_takes_their_right_away(city) -> None:
    administrator = _administrator(city)
    services.delegation_add(
        actor=administrator,
        delegate="unit_manager",
        acts=["grant", "reject", "extend"],
        valid_from=TODAY,
    )
    standing = Delegation.objects.get(delegate="handling_officer")
    services.delegation_end(
        actor=administrator,
        delegation=standing,
        valid_to=TODAY - datetime.timedelta(days=1),
        today=TODAY,
    )
    application = investigated(city, "lss", answer="no")
    with pytest.raises(ValidationError) as refused:
        reject(city, application)
    assert "outcome" in refused.value.message_dict
    assert AuditRecord.objects.filter(summary__startswith="Delegationen upphör").exists()


def test_register_bad_input_is_refused_at_the_field_and_nothing_saved(city) -> None:
    administrator = _administrator(city)
    with pytest.raises(ValidationError) as refused:
        services.delegation_add(
            actor=administrator,
            delegate="person",
            acts=[],
            valid_from=TODAY,
            valid_to=TODAY - datetime.timedelta(days=1),
        )
    assert {"user", "acts", "valid_to"} <= set(refused.value.message_dict)
    coach = city.coach
    with pytest.raises(ValidationError) as refused:
        services.delegation_add(
            actor=administrator, delegate="person", user=coach, acts=["grant"], valid_from=TODAY
        )
    assert "user" in refused.value.message_dict
    assert not Delegation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.delegation_add(
            actor=city.manager, delegate="unit_manager", acts=["grant"], valid_from=TODAY
        )


def test_administrator_keeps_the_register_on_its_page(client, city) -> None:
    administrator = _administrator(city)
    client.force_login(administrator)
    url = reverse("decisions:delegations")
    page = client.get(url).content.decode()
    assert "Standard (registret är tomt)" in page
    response = client.post(
        url,
        {
            "delegate": "unit_manager",
            "acts": ["grant", "reject"],
            "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY - datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()
    assert not Delegation.objects.exists()
    response = client.post(
        url,
        {
            "delegate": "unit_manager",
            "acts": ["grant", "reject"],
            "valid_from": TODAY.isoformat(),
            "reference": "Delegationsordning 4.2",
        },
    )
    assert response.status_code == 302
    assert Delegation.objects.count() == 2


# "Mina ärenden" shows when the participants' decisions end ------------------------------------


def test_my_cases_shows_when_each_decision_ends_in_constant_queries(client, city) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotsa.cases.tests.test_case_lists import MY_CASES_QUERIES

    today = timezone.localdate()
    cases = []
    for number in range(3):
        application = investigated(city, "lss", received_on=today)
        decision = grant(
            city,
            application,
            decided_on=today,
            delegation="4.2",
            valid_from=today,
            valid_to=today + datetime.timedelta(days=20 if number == 0 else 200),
            today=today,
        )
        cases.append(_accepted(city, decision))
    client.force_login(city.coach)
    client.get(reverse("cases:my_cases"))  # the session's first request writes it
    with CaptureQueriesContext(connection) as context:
        page = client.get(reverse("cases:my_cases"))
    assert len(context.captured_queries) <= MY_CASES_QUERIES
    html = page.content.decode()
    assert "Beslut gäller till" in html
    assert (today + datetime.timedelta(days=20)).isoformat() in html
    assert html.count("Upphör snart") == 1
    rows = {case.pk: case for case in page.context["cases"]}
    assert rows[cases[1].pk].decision_ends_on == today + datetime.timedelta(days=200)
