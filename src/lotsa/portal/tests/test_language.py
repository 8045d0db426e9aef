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
