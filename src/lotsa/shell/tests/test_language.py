"""The interface language: Swedish by default, English when the user chooses it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_swedish_is_shown_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()
