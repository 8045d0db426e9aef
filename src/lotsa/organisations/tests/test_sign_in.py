"""Signing in: Argon2 hashes, a generic message for wrong passwords, lockout after failures."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    user = UserFactory()
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_sign_in_takes_the_user_to_the_role_start_page_and_is_logged(client):
    user = UserFactory(referrer=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
    assert AuditRecord.objects.filter(actor=user, action="sign_in").exists()


def test_wrong_password_gets_a_generic_message(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "fel"})
    unknown = client.post(reverse("login"), {"username": "finns-inte", "password": "fel"})
    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert message == unknown.context["form"].non_field_errors()[0]
    assert "användarnamn" in message.lower()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "fel"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_session_is_signed_out(client, settings):
    import time

    user = UserFactory(referrer=True)
    client.force_login(user)
    session = client.session
    session["lotsa_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
