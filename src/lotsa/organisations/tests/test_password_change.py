"""Staff change their own password; every other session of theirs ends (issue 14, item 14)."""

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OLD = "correct horse battery staple"
NEW = "ett nytt och långt lösenord i dag"


def _signed_in(user) -> Client:
    client = Client()
    assert (
        client.post(reverse("login"), {"username": user.username, "password": OLD}).status_code
        == 302
    )
    return client


def test_changing_the_password_signs_out_the_other_sessions_and_is_audited():
    user = UserFactory(coach=True)
    here, elsewhere = _signed_in(user), _signed_in(user)
    url = reverse("account:password_change")
    page = here.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert url in here.get(reverse("shell:home"), follow=True).content.decode()
    response = here.post(url, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    # This session goes on; the other one is signed out.
    assert here.get(url).status_code == 200
    assert elsewhere.get(url).status_code == 302
    assert AuditRecord.objects.filter(actor=user, action="security", object_id=user.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"old_password": "fel lösenord", "new_password1": NEW, "new_password2": NEW},
            "old_password",
        ),
        ({"old_password": OLD, "new_password1": "kort", "new_password2": "kort"}, "new_password1"),
        ({"old_password": OLD, "new_password1": NEW, "new_password2": NEW + "x"}, "new_password2"),
    ],
)
def test_a_wrong_current_password_a_weak_or_mistyped_new_one_is_refused_at_the_field(data, field):
    user = UserFactory(coach=True)
    client = _signed_in(user)
    response = client.post(reverse("account:password_change"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    user.refresh_from_db()
    assert user.check_password(OLD)
    assert not AuditRecord.objects.filter(actor=user, action="security").exists()


def test_a_participant_has_no_password_to_change():
    participant = UserFactory(role="participant", unit=None)
    participant.set_unusable_password()
    participant.save()
    client = Client()
    client.force_login(participant)
    assert client.get(reverse("account:password_change")).status_code in (302, 403, 404)
