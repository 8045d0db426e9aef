"""One way in from outside: the public form "Ansök om stöd" and a partner's referral, both into
the manager's intake queue with their source, without telling anyone whom we already know."""

import pytest
from django.urls import reverse

from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory, partner_user
from lotsa.people.models import Participant
from lotsa.portal.models import SelfReferralRequest
from lotsa.portal.tests.applying import (
    KNOWN_NUMBER,
    NEW_NUMBER,
    apply,
    without_tokens,
)
from lotsa.referrals.constants import ReferralSource
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_the_confirmation_is_the_same_whether_the_person_is_known_or_not(client, world):
    new = apply(client, world, NEW_NUMBER)
    known = apply(client, world, KNOWN_NUMBER)
    again = apply(client, world, KNOWN_NUMBER)  # already waiting: nothing new, same answer

    assert new.status_code == known.status_code == again.status_code == 302
    assert new.url == known.url == again.url == reverse("portal:self_referral_sent")
    pages = {without_tokens(client.get(response.url)) for response in (new, known, again)}
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
    response = apply(client, world, "19900101-1230")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_personal_number_error"' in page
    assert Referral.objects.count() == 0
    assert not Participant.objects.filter(first_name="Sara").exists()


def test_a_missing_contact_and_a_too_long_text_are_told_and_nothing_is_saved(client, world):
    too_long = apply(client, world, NEW_NUMBER, reason="x" * 4001).content.decode()
    no_contact = apply(client, world, NEW_NUMBER, phone="").content.decode()

    assert "Texten får vara högst 4000 tecken." in too_long
    assert "Skriv ett telefonnummer eller en e-postadress" in no_contact
    assert Referral.objects.count() == 0
    assert not Participant.objects.filter(personal_number=NEW_NUMBER).exists()


def test_the_form_is_rate_limited_per_address(client, world, settings):
    settings.LOTSA_SELF_REFERRALS_PER_IP = 2
    apply(client, world, "bad")
    apply(client, world, "bad")

    response = apply(client, world, NEW_NUMBER)

    assert response.status_code == 200
    assert "Vänta en timme" in response.content.decode()
    assert Referral.objects.count() == 0
    assert SelfReferralRequest.objects.count() == 2
    other_address = apply(client, world, NEW_NUMBER, address="10.9.9.9")
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
    apply(client, world, NEW_NUMBER)
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
