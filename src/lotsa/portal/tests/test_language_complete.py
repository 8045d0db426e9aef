"""Every participant language has every participant string, and Mina sidor shows it."""

import pytest
from django.urls import reverse

from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.messaging import services as messaging
from lotsa.portal.catalogue_gaps import catalogue_gaps
from lotsa.portal.services import participant_account_for

LANGUAGES = {"sv-ll": "", "en": "", "ar": "rtl", "so": "", "ti": "", "fa-af": "rtl"}
# Swedish strings of these pages that were missing from the catalogues before.
SWEDISH = ("Stegen i din plan", "Tillbaka till din plan", "Dina meddelanden", "Skriv till din")


def test_no_participant_language_has_a_gap():
    assert catalogue_gaps() == {language: [] for language in catalogue_gaps()}


def check(page, language):
    direction = LANGUAGES[language]
    expected = f'<html lang="{language}" dir="rtl">' if direction else f'<html lang="{language}"'
    assert expected in page
    if language != "sv-ll":
        for swedish in SWEDISH:
            assert swedish not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_mina_sidor_pages_speak_each_language(client, language):
    case = CaseFactory()
    person = participant_account_for(case.participant)
    step = ActivityFactory(case=case, responsible="participant")
    thread = messaging.thread_start(actor=person, case=case, subject="Praktiken", body="Hej")
    client.post(reverse("portal:language_set"), {"language": language})
    client.force_login(person)
    client.post(reverse("portal:language_set"), {"language": language})

    for url in (
        reverse("portal:home"),
        reverse("portal:plan"),
        reverse("portal:own_activity_add", args=["jobb"]),
        reverse("portal:step", args=["aktivitet", step.pk]),
        reverse("portal:messages"),
        reverse("portal:thread", args=[thread.pk]),
        reverse("portal:thread_new"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        check(response.content.decode(), language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_and_the_public_form_speak_each_language(client, language):
    client.post(reverse("portal:language_set"), {"language": language})

    for url in (reverse("portal:sign_in"), reverse("portal:self_referral")):
        response = client.get(url)
        assert response.status_code == 200, url
        check(response.content.decode(), language)
