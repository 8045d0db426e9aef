"""One way in from outside: the public form "Ansök om stöd" and a partner's referral, both into
the manager's intake queue with their source, without telling anyone whom we already know."""

import datetime
import re

import pytest
from django.urls import reverse

from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory, partner_user
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.portal.models import SelfReferralRequest
from lotsa.referrals.constants import ReferralSource
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db

NEW_NUMBER = make_personnummer(datetime.date(1990, 1, 1), 123).canonical
KNOWN_NUMBER = make_personnummer(datetime.date(1985, 5, 5), 246).canonical


@pytest.fixture
def world():
    organisation = OrganisationFactory(name="Danderyds kommun")
    danderyd_install(organisation, publish_on=datetime.date(2022, 6, 15))
    support = UnitFactory(
        organisation=organisation, name="Arbetsmarknadsenheten", runs_support=True
    )
    known = ParticipantFactory(
        organisation=organisation,
        unit=support,
        personal_number=KNOWN_NUMBER,
        first_name="Känd",
        last_name="Person",
        phone="0701111111",
        is_protected=True,
    )
    return {
        "organisation": organisation,
        "unit": support,
        "known": known,
        "manager": UserFactory(manager=True, unit=support),
    }


def _without_tokens(response):
    """The page as text without its CSRF tokens, which differ on every answer."""
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', "", response.content.decode())


def _apply(client, world, number, address="127.0.0.1", **changes):
    data = {
        "unit": world["unit"].pk,
        "personal_number": number,
        "first_name": "Sara",
        "last_name": "Sökande",
        "phone": "070-123 45 67",
        "email": "",
        "reason": "Jag vill ha hjälp att hitta ett jobb.",
        "goal": "Ett arbete inom vården.",
    }
    data.update(changes)
    return client.post(reverse("portal:self_referral"), data, REMOTE_ADDR=address)


def test_the_confirmation_is_the_same_whether_the_person_is_known_or_not(client, world):
    new = _apply(client, world, NEW_NUMBER)
    known = _apply(client, world, KNOWN_NUMBER)
    again = _apply(client, world, KNOWN_NUMBER)  # already waiting: nothing new, same answer

    assert new.status_code == known.status_code == again.status_code == 302
    assert new.url == known.url == again.url == reverse("portal:self_referral_sent")
    pages = {_without_tokens(client.get(response.url)) for response in (new, known, again)}
    assert len(pages) == 1
    assert Referral.objects.filter(source=ReferralSource.SELF).count() == 2
    # A known person's registered details are never overwritten by what someone typed.
    world["known"].refresh_from_db()
    assert (world["known"].first_name, world["known"].phone) == ("Känd", "0701111111")
    created = Participant.objects.get(personal_number=NEW_NUMBER)
    assert (created.first_name, created.unit, created.registered_by) == (
        "Sara",
        world["unit"],
        None,
    )


def test_an_invalid_personnummer_is_told_at_the_field_and_nothing_is_saved(client, world):
    response = _apply(client, world, "19900101-1230")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_personal_number_error"' in page
    assert Referral.objects.count() == 0
    assert not Participant.objects.filter(first_name="Sara").exists()


def test_a_missing_contact_and_a_too_long_text_are_told_and_nothing_is_saved(client, world):
    too_long = _apply(client, world, NEW_NUMBER, reason="x" * 4001).content.decode()
    no_contact = _apply(client, world, NEW_NUMBER, phone="").content.decode()

    assert "Texten får vara högst 4000 tecken." in too_long
    assert "Skriv ett telefonnummer eller en e-postadress" in no_contact
    assert Referral.objects.count() == 0
    assert not Participant.objects.filter(personal_number=NEW_NUMBER).exists()


def test_the_form_is_rate_limited_per_address(client, world, settings):
    settings.LOTSA_SELF_REFERRALS_PER_IP = 2
    _apply(client, world, "bad")
    _apply(client, world, "bad")

    response = _apply(client, world, NEW_NUMBER)

    assert response.status_code == 200
    assert "Vänta en timme" in response.content.decode()
    assert Referral.objects.count() == 0
    assert SelfReferralRequest.objects.count() == 2
    other_address = _apply(client, world, NEW_NUMBER, address="10.9.9.9")
    assert other_address.status_code == 302
    assert Referral.objects.count() == 1


def test_a_partner_cannot_refer_someone_who_did_not_consent_to_them(client, world):
    partner = PartnerFactory(organisation=world["organisation"], name="Arbetsförmedlingen")
    other_partner = PartnerFactory(organisation=world["organisation"], name="Regionen")
    ConsentFactory(participant=world["known"], partners=[other_partner])
    client.force_login(partner_user(partner))
    data = {
        "personal_number": KNOWN_NUMBER,
        "receiving_unit": world["unit"].pk,
        "reason": "Behöver stöd mot arbete.",
    }

    refused = client.post(reverse("collaboration:partner_referral"), data).content.decode()
    unknown = client.post(
        reverse("collaboration:partner_referral"), {**data, "personal_number": NEW_NUMBER}
    ).content.decode()

    message = "Personen har inget samtycke till Arbetsförmedlingen hos oss"
    assert message in refused and message in unknown
    assert "Känd" not in refused
    assert Referral.objects.count() == 0


def test_a_self_referral_and_a_partner_referral_reach_the_intake_queue_with_their_source(
    client, world
):
    partner = PartnerFactory(organisation=world["organisation"], name="Arbetsförmedlingen")
    ConsentFactory(participant=world["known"], partners=[partner])
    _apply(client, world, NEW_NUMBER)
    client.force_login(partner_user(partner))
    response = client.post(
        reverse("collaboration:partner_referral"),
        {
            "personal_number": KNOWN_NUMBER,
            "receiving_unit": world["unit"].pk,
            "reason": "Behöver stöd mot arbete.",
        },
    )
    assert response.status_code == 302

    client.force_login(world["manager"])
    page = client.get(reverse("referrals:queue")).content.decode()

    assert "Egen ansökan" in page
    assert "Samverkanspart: Arbetsförmedlingen" in page
    assert "Sökande" in page
    referral = Referral.objects.get(source=ReferralSource.PARTNER)
    # The same eligibility as any referral: evaluated against the guideline in force.
    assert referral.guideline_version_id is not None and referral.eligibility
    detail = client.get(reverse("referrals:decide", args=[referral.pk])).content.decode()
    assert "Samverkanspart: Arbetsförmedlingen" in detail
