"""A new account gets a one-time invitation link; the administrator never knows the password
(issue 14, item 14)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.organisations.forms import UserForm
from lotsa.organisations.models import AccountInvitation, Unit, User
from lotsa.organisations.queries import token_hash
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "en egen mening som ingen annan vet"


@pytest.fixture
def admin():
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    return UserFactory(administrator=True, unit=None, organisation=unit.organisation)


def _create(client: Client, admin: User, django_capture_on_commit_callbacks) -> tuple[User, str]:
    client.force_login(admin)
    unit = Unit.objects.get(organisation=admin.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:user_create"),
            {
                "username": "nina.ny",
                "first_name": "Nina",
                "last_name": "Ny",
                "email": "nina@example.org",
                "role": "coach",
                "unit": unit.pk,
            },
        )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/konto/inbjudan/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return User.objects.get(username="nina.ny"), link.group(1)


def test_the_admin_form_takes_no_password():
    assert not any("password" in name for name in UserForm(actor=None).fields)
    assert not any("password" in name for name in UserForm(actor=None, editing=True).fields)


def test_a_new_account_has_no_password_until_the_person_sets_it(
    client, admin, django_capture_on_commit_callbacks
):
    user, path = _create(client, admin, django_capture_on_commit_callbacks)
    assert not user.has_usable_password()
    assert mail.outbox[-1].to == ["nina@example.org"]
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = AccountInvitation.objects.get(user=user)
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert AuditRecord.objects.filter(
        actor=admin, action="security", object_id=user.pk, summary__contains="Inbjudan"
    ).exists()

    person = Client()
    page = person.get(path)
    assert page.status_code == 200 and "Välj ditt lösenord" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "same-origin"
    weak = person.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200 and weak.context["form"].errors["new_password1"]
    done = person.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditRecord.objects.filter(actor=user, action="security", object_id=user.pk).exists()
    signed_in = person.post(reverse("login"), {"username": "nina.ny", "password": PASSWORD})
    assert signed_in.status_code == 302


def test_a_link_works_once(client, admin, django_capture_on_commit_callbacks):
    user, path = _create(client, admin, django_capture_on_commit_callbacks)
    person = Client()
    person.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    again = person.post(
        path, {"new_password1": PASSWORD + " två", "new_password2": PASSWORD + " två"}
    )
    assert again.status_code == 410
    assert "Länken gäller inte längre" in again.content.decode()
    assert person.get(path).status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_expired_link_sets_nothing(client, admin, django_capture_on_commit_callbacks):
    user, path = _create(client, admin, django_capture_on_commit_callbacks)
    AccountInvitation.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = Client().post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 410
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_unknown_token_and_a_deactivated_account_get_the_same_answer(
    client, admin, django_capture_on_commit_callbacks
):
    user, path = _create(client, admin, django_capture_on_commit_callbacks)
    assert Client().get(reverse("account:invitation", args=["gissat"])).status_code == 410
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Client().get(path).status_code == 410


def test_a_new_invitation_replaces_the_old_link(client, admin, django_capture_on_commit_callbacks):
    user, old_path = _create(client, admin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisations:user_invite", args=[user.pk]))
    assert response.status_code == 302
    new_path = re.search(r"http://testserver(/konto/inbjudan/[^/\s]+/)", mail.outbox[-1].body)
    assert new_path and new_path.group(1) != old_path
    assert Client().get(old_path).status_code == 410
    assert Client().get(new_path.group(1)).status_code == 200
    assert AccountInvitation.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("role", ["coach", "manager", "referrer"])
def test_only_administrators_send_invitations(role, admin):
    someone = UserFactory(organisation=admin.organisation, unit=None, role="coach", email="a@b.se")
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("organisations:user_invite", args=[someone.pk])).status_code == 403
    assert not AccountInvitation.objects.exists()
