"""Bad input on the participant's side (issue 15): a self-referral with an invalid personnummer,
a message too long, a proposed meeting time in the past — each a clear message at its field in
the person's own language, with nothing half-saved."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import MeetingFactory
from lotsa.messaging.models import MeetingAnswer, Message, Thread
from lotsa.people.models import Participant
from lotsa.portal.services import participant_account_for
from lotsa.portal.tests.applying import application_world, apply
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _speaking(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _signed_in(client, case, language):
    Participant.objects.filter(pk=case.participant_id).update(page_language=language)
    client.force_login(participant_account_for(case.participant))
    return _speaking(client, language)


def test_an_invalid_personnummer_on_the_public_form_is_told_in_english(client):
    world = application_world()

    response = apply(_speaking(client, "en"), world, "19900101-1230")

    assert response.status_code == 200
    errors = response.context["form"].errors["personal_number"]
    assert errors == ["The check digit is wrong. Check the personal identity number."]
    assert 'id="id_personal_number_error"' in response.content.decode()
    assert not Referral.objects.exists()
    assert not Participant.objects.filter(first_name="Sara").exists()


def test_a_too_long_message_is_told_in_arabic_and_nothing_is_sent(client):
    case = CaseFactory()
    page = _signed_in(client, case, "ar")

    response = page.post(
        reverse("portal:thread_new"), {"subject": "سؤال", "step": "", "body": "x" * 4001}
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors["body"]
    assert error == "الرسالة طويلة جدًا: 4000 حرف على الأكثر (الآن 4001)."
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert not Thread.objects.exists() and not Message.objects.exists()


def test_a_meeting_time_in_the_past_is_told_in_somali_and_nothing_is_saved(client):
    case = CaseFactory()
    meeting = MeetingFactory(case=case)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = _signed_in(client, case, "so")

    response = page.post(
        reverse("portal:meeting", args=[meeting.pk]),
        {"action": "move", "first_day": yesterday.isoformat(), "first_time": "10:00"},
    )

    assert response.status_code == 200
    (error,) = response.context["move_form"].errors["first_day"]
    assert error == "Waqti cusub ma noqon karo wax tagay. Dooro waqti dambe."
    assert not MeetingAnswer.objects.exists()


def test_the_e_id_option_of_the_public_form_speaks_the_persons_language(client, settings):
    settings.LOTSA_PORTAL_OIDC_RP_CLIENT_ID = "lotsa-portal"
    application_world()

    page = _speaking(client, "fa-af").get(reverse("portal:self_referral")).content.decode()

    assert "آیا هویت الکترونیکی دارید؟" in page
    assert "Har du e-legitimation?" not in page
