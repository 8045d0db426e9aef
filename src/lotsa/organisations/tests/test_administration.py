"""Administrators manage units and users of their own organisation, and only that."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.models import Unit, User
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    return UserFactory(administrator=True, unit=None, organisation=unit.organisation)


def test_administrator_creates_a_unit_with_an_audit_record(client, admin):
    client.force_login(admin)
    response = client.post(reverse("organisations:unit_create"), {"name": "LSS", "is_active": "on"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="LSS")
    assert unit.organisation == admin.organisation
    assert AuditRecord.objects.filter(actor=admin, object_type="organisations.unit").exists()


def test_duplicate_unit_name_is_refused(client, admin):
    client.force_login(admin)
    response = client.post(reverse("organisations:unit_create"), {"name": "arbetsmarknadsenheten"})
    assert "Det finns redan en enhet" in response.context["form"].errors["name"][0]


def test_a_new_account_needs_an_e_mail_for_its_invitation(client, admin):
    client.force_login(admin)
    unit = Unit.objects.get(organisation=admin.organisation)
    response = client.post(
        reverse("organisations:user_create"),
        {"username": "ny", "first_name": "N", "last_name": "Y", "role": "coach", "unit": unit.pk},
    )
    assert "inbjudan" in response.context["form"].errors["email"][0]
    assert not User.objects.filter(username="ny").exists()


def test_staff_need_a_unit(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("organisations:user_create"),
        {
            "username": "ny",
            "first_name": "N",
            "last_name": "Y",
            "role": "coach",
            "email": "ny@example.org",
        },
    )
    assert "Välj vilken enhet" in response.context["form"].errors["unit"][0]


def test_administrator_cannot_open_another_organisations_user(client, admin):
    stranger = UserFactory()
    client.force_login(admin)
    assert client.get(reverse("organisations:user_edit", args=[stranger.pk])).status_code == 404


@pytest.mark.parametrize("role", ["coach", "referrer", "manager"])
def test_only_administrators_reach_the_administration_pages(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    assert client.get(reverse("organisations:users")).status_code == 403
    assert client.get(reverse("organisations:units")).status_code == 403


def test_administrator_cannot_switch_off_their_own_account(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("organisations:user_edit", args=[admin.pk]),
        {"first_name": "A", "last_name": "B", "role": "administrator"},
    )
    assert "eget konto" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_administrator_adds_a_district_once(client, admin):
    from lotsa.organisations.models import District

    client.force_login(admin)
    assert client.post(reverse("organisations:districts"), {"name": "Norra"}).status_code == 302
    response = client.post(reverse("organisations:districts"), {"name": "norra"})
    assert "redan en stadsdel" in response.content.decode()
    assert District.objects.filter(organisation=admin.organisation).count() == 1


@pytest.mark.parametrize("role", ["partner", "participant"])
def test_the_user_pages_give_staff_roles_only(client, admin, role):
    from django.core.exceptions import ValidationError

    from lotsa.organisations.services import user_create

    client.force_login(admin)
    unit = Unit.objects.get(organisation=admin.organisation)
    response = client.post(
        reverse("organisations:user_create"),
        {
            "username": "ny",
            "first_name": "N",
            "last_name": "Y",
            "role": role,
            "unit": unit.pk,
            "email": "ny@example.org",
        },
    )
    assert response.context["form"].errors["role"]
    with pytest.raises(ValidationError, match="Samverkansparter får konton i partnerregistret"):
        user_create(actor=admin, username="ny", email="ny@example.org", role=role, unit=unit,
                    link_for=str)  # fmt: skip
    assert not User.objects.filter(username="ny").exists()


def test_a_partner_account_can_be_switched_off_on_the_user_page(client, admin):
    partner = UserFactory(organisation=admin.organisation, unit=None, role="partner")
    client.force_login(admin)
    response = client.post(
        reverse("organisations:user_edit", args=[partner.pk]),
        {"first_name": "P", "last_name": "Part", "role": "partner", "version": partner.version},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.role == "partner" and not partner.is_active


def test_service_account_users_are_not_staff_on_the_user_pages(client, admin):
    from lotsa.api.services import service_account_create

    unit = Unit.objects.get(organisation=admin.organisation)
    created = service_account_create(
        actor=admin, name="Verksamhetssystemet", role="referrer", unit=unit, scopes=["cases:read"]
    )
    client.force_login(admin)
    listed = client.get(reverse("organisations:users")).context["users"]
    user = created.account.user
    assert user not in list(listed)
    assert client.get(reverse("organisations:user_edit", args=[user.pk])).status_code == 404
