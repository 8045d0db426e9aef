"""Signed-in staff who have not passed the second factor reach only enrolment or verification."""

import pytest
from django.urls import reverse

from lotsa.organisations.tests.factories import UserFactory
from lotsa.signin.tests.factories import AuthenticatorFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/deltagare/",
    "/deltagare/ny/",
    "/logg/granskning/",
    "/admin-org/anvandare/",
    "/tvastegsverifiering/",
    "/tvastegsverifiering/aterstallningskoder/",
    "/django-admin/",
    "/finns-inte/",
]


@pytest.mark.parametrize("role", ["coach", "referrer", "manager", "administrator"])
@pytest.mark.parametrize("path", PAGES)
def test_staff_without_an_app_are_sent_to_enrolment_from_every_page(
    client, two_factor_on, role, path
):
    client.force_login(UserFactory(**{role: True}))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:enrol"))


@pytest.mark.parametrize("path", PAGES)
def test_staff_with_an_app_are_sent_to_verification_from_every_page(client, two_factor_on, path):
    device = AuthenticatorFactory()
    client.force_login(device.user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:verify"))


def test_the_page_asked_for_is_kept_for_after_verification(client, two_factor_on):
    device = AuthenticatorFactory()
    client.force_login(device.user)
    response = client.get("/deltagare/?q=Svensson")
    assert (
        response["Location"]
        == "/tvastegsverifiering/verifiera/?next=%2Fdeltagare%2F%3Fq%3DSvensson"
    )


def test_a_form_post_is_refused_too(client, two_factor_on):
    client.force_login(UserFactory(referrer=True))
    response = client.post(reverse("people:create"), {"first_name": "Test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("signin:enrol")


def test_htmx_requests_are_sent_to_the_page_as_a_whole(client, two_factor_on):
    device = AuthenticatorFactory()
    client.force_login(device.user)
    response = client.get(reverse("people:list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("signin:verify"))


@pytest.mark.parametrize(
    "path",
    [
        "/tvastegsverifiering/koppla-app/",
        "/tillganglighet/",
        "/healthz/",
        "/logga-in/",
        "/static/lotsa/lotsa.css",
    ],
)
def test_exempt_pages_answer_without_the_second_factor(client, two_factor_on, path):
    client.force_login(UserFactory())
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert all(not url.startswith(reverse("signin:verify")) for url, _ in response.redirect_chain)
    if path == "/logga-in/":  # signed in already: sent on, and then to enrolment
        assert response.redirect_chain[-1][0].startswith(reverse("signin:enrol"))


def test_signing_out_and_switching_language_work_before_the_second_factor(client, two_factor_on):
    device = AuthenticatorFactory()
    client.force_login(device.user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/logga-in/"})
    assert response["Location"] == "/logga-in/"
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_signed_out_visitors_still_go_to_the_sign_in_page(client, two_factor_on):
    response = client.get(reverse("people:list"))
    assert response["Location"].startswith(reverse("login"))


def test_nothing_is_asked_when_the_setting_is_off(client, settings):
    settings.LOTSA_REQUIRE_TWO_FACTOR = False
    device = AuthenticatorFactory(user__referrer=True)
    client.force_login(device.user)
    assert client.get(reverse("people:list")).status_code == 200
    # The two-factor pages themselves step aside.
    assert client.get(reverse("signin:verify"))["Location"] == reverse("shell:home")
    assert client.get(reverse("signin:enrol"))["Location"] == reverse("shell:home")
