"""Hostile text in the employer forms and search: refused or stored escaped, never a 500."""

import pytest
from django.urls import reverse

from lotsa.organisations.tests.factories import UserFactory
from lotsa.work.models import Employer

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE work_employer; --",
    "x" * 100_000,
    "null\x00byte",
    "åäö 漢字 🙂",
    "{{ request.user.password }}",
    "\u202eRTL override",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_breaks_the_employer_pages(client, text):
    coach = UserFactory(coach=True)
    client.force_login(coach)
    for field in ("organisation_number", "name", "industry", "visiting_address"):
        data = {
            "organisation_number": "556016-0680",
            "name": "Bygg AB",
            "sector": "private",
            "placement_capacity": "0",
            field: text,
        }
        response = client.post(reverse("work:employer_create"), data)
        assert response.status_code in (200, 302), field
        assert "<script>alert" not in response.content.decode()
        Employer.objects.all().delete()
    response = client.get(reverse("work:employers"), {"q": text})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
