"""Pages with personal data are not cached (issue 14, item 14)."""

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_every_signed_in_page_says_no_store():
    case = CaseFactory()
    client = Client()
    client.force_login(case.coach)
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[case.participant_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
