"""Hostile text in the consent and meeting forms: refused or stored and shown escaped."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.models import Consent, CoordinationMeeting
from lotsa.collaboration.tests.factories import PartnerFactory
from lotsa.core.tests.hostile import assert_shown_escaped

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE collaboration_consent; --",
    "x" * 100_000,
    "null\x00byte",
    "{{ request.user.password }}",
    "\u202eRTL override",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_consent_note_and_meeting_text(client, value):
    case = CaseFactory()
    partner = PartnerFactory(organisation=case.organisation)
    client.force_login(case.coach)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("collaboration:consent_register", args=[case.participant.pk]),
        {
            "partners": [partner.pk],
            "scopes": ["plan"],
            "given_on": today,
            "form": "written",
            "note": value,
        },
        follow=True,
    )
    assert_shown_escaped(response)
    if "\x00" in value:
        assert not Consent.objects.exists()
    response = client.post(
        reverse("collaboration:meeting_create", args=[case.pk]),
        {
            "kind": "sip",
            "meets_on": today,
            "plan_version": "0",
            "agreed": value,
            "attendees": value,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert_shown_escaped(response)
    meeting = CoordinationMeeting.objects.first()
    if "\x00" in value:
        assert meeting is None
    elif meeting is not None:
        assert meeting.agreed == value.strip()
        assert_shown_escaped(client.get(reverse("cases:detail", args=[case.pk])))
