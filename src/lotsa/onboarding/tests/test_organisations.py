"""An instance administrator creates municipalities and coordination associations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.services import (
    member_municipality_add,
    municipality_code_check,
    organisation_onboard,
)
from lotsa.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_municipality_is_created_with_its_code_and_an_audit_record():
    operator = InstanceAdministratorFactory()
    municipality = organisation_onboard(
        actor=operator,
        name="Danderyds kommun",
        kind=OrganisationKind.MUNICIPALITY,
        municipality_code=" 0162 ",
    )
    assert municipality.municipality_code == "0162"
    record = AuditRecord.objects.get(object_type="organisations.organisation")
    assert record.actor == operator
    assert record.organisation_id == municipality.pk


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "fyra siffror"),
        ("162", "fyra siffror"),
        ("01620", "fyra siffror"),
        ("01a2", "fyra siffror"),
        ("١٢٣٤", "fyra siffror"),
        ("0262", "läns kod"),
        ("9999", "läns kod"),
    ],
)
def test_a_municipality_code_is_four_digits_of_a_county(code, message):
    with pytest.raises(ValidationError) as refused:
        municipality_code_check(code)
    assert message in refused.value.message_dict["municipality_code"][0]


def test_a_municipality_needs_its_code_and_two_cannot_share_one():
    operator = InstanceAdministratorFactory()
    with pytest.raises(ValidationError) as missing:
        organisation_onboard(actor=operator, name="Utan kod", kind=OrganisationKind.MUNICIPALITY)
    assert "municipality_code" in missing.value.message_dict
    organisation_onboard(
        actor=operator, name="Kommun A", kind="municipality", municipality_code="1780"
    )
    with pytest.raises(ValidationError) as twice:
        organisation_onboard(
            actor=operator, name="Kommun B", kind="municipality", municipality_code="1780"
        )
    assert "1780" in twice.value.message_dict["municipality_code"][0]


def test_an_association_has_no_code_of_its_own_but_members_with_codes():
    operator = InstanceAdministratorFactory()
    with pytest.raises(ValidationError):
        organisation_onboard(
            actor=operator,
            name="Förbundet",
            kind=OrganisationKind.COORDINATION_ASSOCIATION,
            municipality_code="1780",
        )
    association = organisation_onboard(
        actor=operator, name="Förbundet", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    member_municipality_add(
        actor=operator, organisation=association, name="Karlstad", municipality_code="1780"
    )
    member_municipality_add(
        actor=operator, organisation=association, name="Hammarö", municipality_code="1782"
    )
    with pytest.raises(ValidationError) as again:
        member_municipality_add(
            actor=operator, organisation=association, name="Karlstad igen", municipality_code="1780"
        )
    assert "1780" in again.value.message_dict["municipality_code"][0]
    assert [m.name for m in association.member_municipalities.all()] == ["Hammarö", "Karlstad"]


def test_a_municipality_has_no_member_municipalities():
    operator = InstanceAdministratorFactory()
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    with pytest.raises(ValidationError, match="samordningsförbund"):
        member_municipality_add(
            actor=operator, organisation=municipality, name="Karlstad", municipality_code="1780"
        )


@pytest.mark.parametrize("role", ["coach", "referrer", "manager", "administrator"])
def test_only_an_instance_administrator_onboards(role):
    organisation = OrganisationFactory()
    someone = UserFactory(role=role, unit__organisation=organisation)
    with pytest.raises(PermissionDenied):
        organisation_onboard(
            actor=someone, name="Ny", kind="municipality", municipality_code="0180"
        )


def test_an_instance_administrator_with_an_organisation_is_not_one():
    operator = InstanceAdministratorFactory(organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        organisation_onboard(
            actor=operator, name="Ny", kind="municipality", municipality_code="0180"
        )
