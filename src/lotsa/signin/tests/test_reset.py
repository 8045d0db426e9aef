"""Administrators reset a user's second factor (lost phone); the user enrols again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.signin import services
from lotsa.signin.tests.factories import AuthenticatorFactory, RecoveryCodesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    """An administrator, signed in with the setting off (their own second factor aside)."""
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    admin = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    client.force_login(admin)
    return admin


@pytest.fixture
def coach(admin):
    coach = UserFactory(
        coach=True, first_name="Cora", last_name="Coach", unit__organisation=admin.organisation
    )
    AuthenticatorFactory(user=coach)
    RecoveryCodesFactory(user=coach)
    return coach


def test_the_users_list_links_to_each_users_second_factor(client, admin, coach):
    page = client.get(reverse("organisations:users")).content.decode()
    assert f'href="{reverse("signin:reset_user", args=[coach.pk])}"' in page
    assert f"för {coach.username}</span>" in page


def test_administrator_resets_a_lost_phone_and_it_is_audited(client, admin, coach):
    page = client.get(reverse("signin:reset_user", args=[coach.pk])).content.decode()
    assert "Tvåstegsverifiering för Cora Coach" in page
    assert "Återställ tvåstegsverifiering" in page

    response = client.post(reverse("signin:reset_user", args=[coach.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("organisations:users")
    assert "Tvåstegsverifieringen för Cora Coach är återställd." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    record = AuditRecord.objects.get(actor=admin, action="delete", object_id=str(coach.pk))
    assert record.summary == f"Återställde tvåstegsverifiering för {coach.username}"


def test_after_a_reset_the_user_is_asked_to_enrol_again(client, admin, coach, two_factor_on):
    services.two_factor_reset(actor=admin, user=coach)
    client.force_login(coach)
    response = client.get(reverse("people:list"))
    assert response["Location"].startswith(reverse("signin:enrol"))


def test_a_user_without_a_second_factor_has_nothing_to_reset(client, admin):
    person = UserFactory(unit__organisation=admin.organisation)
    page = client.get(reverse("signin:reset_user", args=[person.pk])).content.decode()
    assert "Återställ tvåstegsverifiering" not in page
    with pytest.raises(ValidationError):
        services.two_factor_reset(actor=admin, user=person)


def test_users_of_another_organisation_are_not_found(client, admin):
    stranger = AuthenticatorFactory().user
    assert client.get(reverse("signin:reset_user", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("signin:reset_user", args=[stranger.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=stranger).exists()
    with pytest.raises(PermissionDenied):
        services.two_factor_reset(actor=admin, user=stranger)


def test_only_administrators_reset(client, coach):
    manager = UserFactory(manager=True, unit=coach.unit)
    client.force_login(manager)
    assert client.post(reverse("signin:reset_user", args=[coach.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=coach).exists()
    with pytest.raises(PermissionDenied):
        services.two_factor_reset(actor=manager, user=coach)
