import pytest

from lotsa.api.tests.conftest import personnummer

pytestmark = pytest.mark.django_db


def test_token_calls_need_no_csrf_token(world):
    """Other systems send no cookies, so CSRF does not apply; a session never authenticates."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/participants/",
        {"personal_number": personnummer(30, 555), "first_name": "A", "last_name": "B"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {world['sender']['token']}"},
    )
    assert response.status_code == 201, response.content
