"""E-ID on the public form "Ansök om stöd": the portal's broker fills in and locks the
personnummer and marks the application verified, without saying whether we know the person.
The broker is faked at the HTTP boundary (portal/tests/broker.py)."""

import datetime
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lotsa.people.models import Participant
from lotsa.people.personnummer import Personnummer
from lotsa.portal import oidc
from lotsa.portal.models import ParticipantAccount
from lotsa.portal.tests.applying import (
    KNOWN_NUMBER,
    NEW_NUMBER,
    apply,
    without_tokens,
)
from lotsa.portal.tests.broker import BROKER, FakeBroker
from lotsa.referrals.constants import ReferralSource
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db
FORM = reverse("portal:self_referral")


@pytest.fixture
def broker(monkeypatch, settings):
    for name, value in BROKER.items():
        setattr(settings, name, value)
    return FakeBroker(monkeypatch)


def _verify(client, broker, claims):
    """The person clicks "Fyll i med e-legitimation", identifies at the broker, comes back."""
    broker.claims = claims
    start = client.get(reverse("portal:self_referral_eid"))
    assert start.status_code == 302
    return client.get(reverse("portal:oidc_callback"), broker.authorize(start["Location"]))


def test_without_a_broker_the_form_has_no_e_id_option(client, world):
    page = client.get(FORM).content.decode()
    assert "e-legitimation" not in page
    assert client.get(reverse("portal:self_referral_eid"))["Location"] == FORM
    assert apply(client, world, NEW_NUMBER).status_code == 302
    assert not Referral.objects.get().identity_verified


def test_the_verified_number_is_filled_in_locked_and_marks_the_application(client, world, broker):
    assert "Fyll i med e-legitimation" in client.get(FORM).content.decode()

    answer = _verify(
        client, broker, {"personal_number": NEW_NUMBER, "given_name": "Sara", "family_name": "Ek"}
    )

    assert answer["Location"] == FORM
    assert broker.calls == [
        BROKER["LOTSA_PORTAL_OIDC_OP_TOKEN_ENDPOINT"],
        BROKER["LOTSA_PORTAL_OIDC_OP_JWKS_ENDPOINT"],
        BROKER["LOTSA_PORTAL_OIDC_OP_USER_ENDPOINT"],
    ]
    form = client.get(FORM)
    field = form.context["form"]["personal_number"]
    assert field.field.disabled
    assert field.value() == Personnummer(NEW_NUMBER).formatted
    assert form.context["form"]["last_name"].value() == "Ek"
    page = form.content.decode()
    assert "Hämtat från din e-legitimation." in page and "disabled" in page
    # Whatever is posted in the locked field, the number from the e-ID is the one used.
    response = apply(client, world, KNOWN_NUMBER, last_name="Ek")
    assert response["Location"] == reverse("portal:self_referral_sent")
    referral = Referral.objects.get()
    assert referral.participant.personal_number == NEW_NUMBER
    assert referral.identity_verified and referral.source == ReferralSource.SELF
    assert not Participant.objects.get(pk=world["known"].pk).referrals.exists()
    # The form forgets the number once it is sent; the next application is typed again.
    assert not client.get(FORM).context["form"]["personal_number"].field.disabled
    client.force_login(world["manager"])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Egen ansökan, styrkt med e-legitimation" in queue


def test_the_e_id_tells_nothing_about_whether_the_person_is_known(client, world, broker):
    pages, confirmations = [], []
    for number in (KNOWN_NUMBER, NEW_NUMBER):
        _verify(client, broker, {"personal_number": number})
        form = without_tokens(client.get(FORM)).replace(Personnummer(number).formatted, "N")
        pages.append(form)
        sent = apply(client, world, number)
        confirmations.append(without_tokens(client.get(sent["Location"])))

    assert pages[0] == pages[1]
    assert confirmations[0] == confirmations[1]
    assert "Känd" not in pages[0]
    # No one was signed in and no sign-in account was made: the form flow only fills in.
    assert "_auth_user_id" not in client.session
    assert not ParticipantAccount.objects.exists()
    assert Referral.objects.filter(identity_verified=True).count() == 2


def test_a_broker_answer_without_a_valid_number_leaves_the_form_as_it_is(client, world, broker):
    answer = _verify(client, broker, {"personal_number": "19900101-1230"})  # wrong check digit
    page = client.get(answer["Location"]).content.decode()

    assert "Vi kunde inte hämta ditt personnummer från e-legitimationen" in page
    assert oidc.APPLICANT_KEY not in client.session
    assert apply(client, world, NEW_NUMBER).status_code == 302
    assert not Referral.objects.get().identity_verified


def test_a_refusal_at_the_broker_returns_to_the_form(client, broker):
    start = client.get(reverse("portal:self_referral_eid"))
    state = broker.authorize(start["Location"])["state"]

    answer = client.get(
        reverse("portal:oidc_callback"), {"error": "access_denied", "state": state}, follow=True
    )

    assert answer.redirect_chain[-1][0] == FORM
    assert "Vi kunde inte hämta ditt personnummer" in answer.content.decode()
    assert not broker.calls


def test_the_verified_number_is_forgotten_on_request_and_after_a_while(client, world, broker):
    _verify(client, broker, {"personal_number": NEW_NUMBER})
    client.post(reverse("portal:self_referral_without_eid"))
    assert not client.get(FORM).context["form"]["personal_number"].field.disabled

    _verify(client, broker, {"personal_number": NEW_NUMBER})
    session = client.session
    stored = session[oidc.APPLICANT_KEY]
    stale = timezone.now() - datetime.timedelta(minutes=oidc.VERIFIED_MINUTES + 1)
    session[oidc.APPLICANT_KEY] = {**stored, "verified_at": stale.isoformat()}
    session.save()
    assert not client.get(FORM).context["form"]["personal_number"].field.disabled
    assert oidc.APPLICANT_KEY not in client.session


def test_the_sign_in_through_the_same_broker_still_signs_the_person_in(client, world, broker):
    broker.claims = {"personal_number": KNOWN_NUMBER}
    start = client.get(reverse("portal:oidc_start"))

    answer = client.get(reverse("portal:oidc_callback"), broker.authorize(start["Location"]))

    assert answer["Location"] == reverse("portal:home")
    assert ParticipantAccount.objects.get().participant == world["known"]
    assert oidc.APPLICANT_KEY not in client.session


@override_settings(**BROKER)
def test_the_start_of_the_form_flow_goes_to_the_broker_with_the_one_callback(client):
    start = client.get(reverse("portal:self_referral_eid"))
    location = start["Location"]
    assert location.startswith(BROKER["LOTSA_PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT"])
    assert reverse("portal:oidc_callback").replace("/", "%2F") in location
    assert json.dumps(client.session[oidc.APPLY_STATES_KEY])
