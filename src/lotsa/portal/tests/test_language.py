"""The person's own language: chosen on Mina sidor or its sign-in, stored, used for texts."""

import pytest
from django.conf import settings
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.people.models import Participant
from lotsa.portal.services import participant_account_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(participant__phone="0701234567")


def test_a_participants_choice_is_stored_audited_and_sets_the_cookie(client, case):
    user = participant_account_for(case.participant)
    client.force_login(user)

    response = client.post(
        reverse("portal:language_set"), {"language": "ar", "next": reverse("portal:home")}
    )

    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert Participant.objects.get(pk=case.participant_id).page_language == "ar"
    assert AuditRecord.objects.filter(
        actor=user, participant_id=case.participant_id, changes__page_language=["", "ar"]
    ).exists()
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_an_unknown_language_or_a_foreign_next_address_changes_nothing(client, case):
    client.force_login(participant_account_for(case.participant))

    response = client.post(
        reverse("portal:language_set"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert Participant.objects.get(pk=case.participant_id).page_language == ""


def test_the_sign_in_page_has_the_switch_on_top_and_anonymous_choices_live_in_the_cookie(
    client,
):
    page = client.get(reverse("portal:sign_in")).content.decode()
    assert 'class="language-bar"' in page
    assert f'action="{reverse("portal:language_set")}"' in page
    assert 'lang="ti"' in page and "ትግርኛ" in page

    response = client.post(reverse("portal:language_set"), {"language": "fa-af"})

    assert response.url == reverse("portal:sign_in")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fa-af"
    page = client.get(reverse("portal:sign_in")).content.decode()
    assert '<html lang="fa-af" dir="rtl">' in page


def test_staff_pages_keep_the_switch_in_the_footer(client, case):
    client.force_login(case.coach)
    page = client.get(reverse("shell:home"), follow=True).content.decode()
    assert 'class="language-bar"' not in page
    assert f'action="{reverse("set_language")}"' in page


def test_the_sign_in_code_is_texted_in_the_language_the_person_chose(client, case, sms_outbox):
    Participant.objects.filter(pk=case.participant_id).update(page_language="so")

    client.post(reverse("portal:sign_in"), {"contact": "0701234567"})

    assert len(sms_outbox) == 1
    assert "Koodhkaaga boggaggayga" in sms_outbox[0].body
    assert "Din kod" not in sms_outbox[0].body


def test_mina_sidor_speaks_the_chosen_language_but_staff_texts_stay_as_written(client, case):
    case.participant.page_language = "ar"
    case.participant.save(update_fields=["page_language"])
    user = participant_account_for(case.participant)
    client.post(reverse("portal:language_set"), {"language": "ar"})
    client.force_login(user)

    page = client.get(reverse("portal:home")).content.decode()

    assert "خطتك" in page or "ليست لديك خطة" in page
    assert "Dina samtycken" not in page and "موافقاتك" in page
    assert case.unit.name in page  # the unit's name is data, not translated


@pytest.mark.parametrize("language", ["sv-ll", "en", "so", "ti", "fa-af"])
def test_every_language_has_its_catalogue_for_the_sign_in_page(client, language):
    client.post(reverse("portal:language_set"), {"language": language})

    page = client.get(reverse("portal:sign_in")).content.decode()

    assert f'<html lang="{language}"' in page
    if language != "sv-ll":
        assert "Skicka kod" not in page
