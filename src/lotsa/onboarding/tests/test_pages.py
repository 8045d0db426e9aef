"""The onboarding pages: only the instance administrator, errors at the field, constant queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.models import Organisation, User
from lotsa.organisations.services import organisation_onboard
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    operator = InstanceAdministratorFactory()
    client.force_login(operator)
    return operator


def test_a_bad_municipality_code_is_shown_at_the_field_and_nothing_is_made(client, operator):
    response = client.post(
        reverse("onboarding:organisation_create"),
        {"name": "Ny kommun", "kind": "municipality", "municipality_code": "12"},
    )
    assert response.status_code == 200
    assert "fyra siffror" in response.context["form"].errors["municipality_code"][0]
    assert not Organisation.objects.filter(name="Ny kommun").exists()


def test_an_association_is_created_and_its_page_opened(client, operator):
    response = client.post(
        reverse("onboarding:organisation_create"),
        {"name": "Förbundet", "kind": OrganisationKind.COORDINATION_ASSOCIATION},
    )
    association = Organisation.objects.get(name="Förbundet")
    assert response["Location"] == reverse("onboarding:organisation", args=[association.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Medlemskommuner" in page and "Samverkande myndigheter" in page


def test_a_step_with_bad_input_answers_the_page_with_the_error_at_its_field(client, operator):
    association = organisation_onboard(
        actor=operator, name="Förbundet", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    response = client.post(
        reverse("onboarding:member_add", args=[association.pk]),
        {"member-name": "Karlstad", "member-municipality_code": "17800"},
    )
    assert response.status_code == 400
    assert response.context["member_form"].errors["municipality_code"]
    assert (
        'aria-describedby="id_member-municipality_code_helptext id_member-municipality_code_error"'
        in (response.content.decode())
    )
    assert not association.member_municipalities.exists()


def test_a_staff_file_with_a_bad_row_names_the_row_and_imports_no_one(client, operator):
    association = organisation_onboard(
        actor=operator, name="Förbundet", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    upload = SimpleUploadedFile(
        "personal.csv",
        "användarnamn;förnamn;efternamn;e-post;roll;enhet\nada;Ada;A;ada@example.org;Arbetscoach;Saknas\n".encode(),
    )
    response = client.post(
        reverse("onboarding:staff_import", args=[association.pk]), {"staff-file": upload}
    )
    assert response.status_code == 400
    errors = response.context["staff_form"].errors["file"]
    assert errors[0] == "Ingen personal importerades."
    assert "rad 2, kolumn enhet" in errors[1]
    assert not User.objects.filter(organisation=association).exists()


def test_the_list_and_the_setup_page_take_the_same_queries_however_much_is_set_up(
    client, operator, django_assert_max_num_queries
):
    def fill(organisation, count):
        for _number in range(count):
            unit = UnitFactory(organisation=organisation)
            UserFactory(unit=unit)

    small = OrganisationFactory()
    fill(small, 1)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("onboarding:organisation", args=[small.pk]))
    large = OrganisationFactory()
    fill(large, 15)
    OrganisationFactory.create_batch(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("onboarding:organisation", args=[large.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("onboarding:organisations"))


@pytest.mark.parametrize("role", ["coach", "referrer", "manager", "administrator"])
def test_no_one_in_an_organisation_reaches_the_onboarding_pages(client, role):
    organisation = OrganisationFactory()
    client.force_login(UserFactory(role=role, unit__organisation=organisation))
    assert client.get(reverse("onboarding:organisations")).status_code == 403
    assert client.get(reverse("onboarding:organisation", args=[organisation.pk])).status_code == 403
    response = client.post(
        reverse("onboarding:unit_add", args=[organisation.pk]), {"unit-name": "Intrång"}
    )
    assert response.status_code == 403
    assert not organisation.units.filter(name="Intrång").exists()
