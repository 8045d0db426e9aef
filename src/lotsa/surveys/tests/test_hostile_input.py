"""Hostile input in the participant sign-in and the survey forms: refused or stored and shown
escaped, never run, never a server error."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from tests.test_hostile_input import HOSTILE

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.surveys.models import Answer
from lotsa.surveys.services import invitation_send, survey_template_install

pytestmark = pytest.mark.django_db


def _assert_safe(response):
    assert response.status_code < 500
    html = response.content.decode("utf-8", errors="replace")
    assert "<script>alert('x')</script>" not in html
    assert "<img src=x onerror" not in html


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_contacts_and_codes(client, value):
    _assert_safe(client.post(reverse("portal:sign_in"), {"contact": value}))
    _assert_safe(client.post(reverse("portal:sign_in"), {"contact": value + "@example.se"}))
    _assert_safe(client.post(reverse("portal:sign_in_code"), {"code": value}))
    token = quote(value[:200], safe="")
    _assert_safe(client.get(reverse("surveys:answer", args=["x"]).replace("/x/", f"/{token}/")))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_survey_texts_are_refused_or_shown_escaped(client, value):
    case = CaseFactory(participant__email="deltagare@example.se")
    admin = UserFactory(administrator=True, unit=None, organisation=case.organisation)
    survey = survey_template_install(actor=admin, key="rating")
    sent = invitation_send(actor=case.coach, survey=survey, case=case)
    free_text = survey.questions.get(kind="free_text")
    data = {f"q{q.pk}": "4" for q in survey.questions.filter(kind="scale")}
    data[f"q{free_text.pk}"] = value
    _assert_safe(client.post(reverse("surveys:answer", args=[sent.token]), data))
    client.force_login(admin)
    _assert_safe(client.post(reverse("surveys:create"), {"name": value, "trigger": "manual"}))
    _assert_safe(
        client.post(
            reverse("surveys:detail", args=[survey.pk]),
            {"kind": "single_choice", "text": value, "choices": f"{value}\nB"},
        )
    )
    _assert_safe(
        client.get(reverse("surveys:results", args=[survey.pk]), {"start": value, "end": value})
    )
    for answer in Answer.objects.exclude(text=""):
        assert "\x00" not in answer.text
