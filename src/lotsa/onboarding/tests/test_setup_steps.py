"""Setting an organisation up: partner authorities, guideline, units and staff from CSV."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.collaboration.models import PartnerOrganisation
from lotsa.guidelines.constants import VersionStatus
from lotsa.guidelines.library import shipped_guidelines
from lotsa.guidelines.models import Guideline
from lotsa.onboarding import services
from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from lotsa.organisations.constants import OrganisationKind, Role
from lotsa.organisations.models import Unit, User
from lotsa.organisations.services import organisation_onboard
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "användarnamn;förnamn;efternamn;e-post;titel;roll;enhet\n"


@pytest.fixture
def operator():
    return InstanceAdministratorFactory()


@pytest.fixture
def association(operator):
    return organisation_onboard(
        actor=operator,
        name="Samordningsförbundet Test",
        kind=OrganisationKind.COORDINATION_ASSOCIATION,
    )


def test_the_library_holds_danderyd_and_stockholms_three():
    keys = {item.key for item in shipped_guidelines()}
    assert keys == {
        "danderyd_arbetscoach",
        "stockholm_socialpsykiatri",
        "stockholm_lss",
        "stockholm_lss_insteg",
    }


def test_a_shipped_guideline_is_installed_published_and_audited_under_the_operator(
    operator, association
):
    version = services.onboarding_guideline_install(
        actor=operator,
        organisation=association,
        key="stockholm_socialpsykiatri",
        publish_on=datetime.date(2026, 1, 1),
    )
    assert version.guideline.organisation == association
    assert version.status == VersionStatus.PUBLISHED
    assert version.effective_from == datetime.date(2026, 1, 1)
    assert version.criteria.count() == 7  # socialpsykiatri's seven criteria (data/README.md)
    record = AuditRecord.objects.get(object_type="guidelines.guidelineversion")
    assert record.actor == operator
    assert record.organisation_id == association.pk


def test_an_unknown_guideline_key_is_refused(operator, association):
    with pytest.raises(ValidationError):
        services.onboarding_guideline_install(
            actor=operator,
            organisation=association,
            key="../settings",
            publish_on=datetime.date(2026, 1, 1),
        )
    assert not Guideline.objects.exists()


def test_an_empty_guideline_is_started_for_the_organisations_administrator(operator, association):
    guideline = services.onboarding_guideline_start(
        actor=operator, organisation=association, name="Förbundets riktlinje"
    )
    assert guideline.organisation == association
    assert not guideline.versions.exists()


def test_partner_authorities_join_the_partner_register(operator, association):
    services.onboarding_partner_authority_add(
        actor=operator, organisation=association, kind="region", name="Region Värmland"
    )
    services.onboarding_partner_authority_add(
        actor=operator, organisation=association, kind="forsakringskassan"
    )
    assert sorted(
        PartnerOrganisation.objects.filter(organisation=association).values_list("name", "kind")
    ) == [("Försäkringskassan", "forsakringskassan"), ("Region Värmland", "region")]
    with pytest.raises(ValidationError):
        services.onboarding_partner_authority_add(
            actor=operator, organisation=association, kind="employer"
        )


def test_staff_are_imported_without_passwords_through_the_account_service(operator, association):
    services.onboarding_unit_create(
        actor=operator, organisation=association, name="Jobbtorget", runs_support=True
    )
    created = services.staff_import(
        actor=operator,
        organisation=association,
        data=(
            HEADER
            + "chef;Olle;Lund;olle@example.org;Enhetschef;Enhetschef;jobbtorget\n"
            + "coach;Maja;Ek;maja@example.org;Arbetscoach;coach;Jobbtorget\n"
            + "admin;Siv;Sandberg;siv@example.org;;Administratör;\n"
        ).encode(),
    )
    assert [(u.username, u.role, u.unit and u.unit.name) for u in created] == [
        ("chef", Role.MANAGER, "Jobbtorget"),
        ("coach", Role.COACH, "Jobbtorget"),
        ("admin", Role.ADMINISTRATOR, None),
    ]
    for user in created:
        user.refresh_from_db()
        assert user.organisation == association
        assert not user.has_usable_password()
        assert user.invitations.get().used_at is None
    # Each person has their own invitation e-mail with a link on the instance's address.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "maja@example.org",
        "olle@example.org",
        "siv@example.org",
    ]
    assert all("/konto/inbjudan/" in message.body for message in mail.outbox)
    # One creation and one invitation (a security event) per account.
    records = AuditRecord.objects.filter(object_type="organisations.user")
    assert records.filter(action="create").count() == 3
    assert records.filter(action="security").count() == 3
    assert {record.actor_id for record in records} == {operator.pk}


def test_one_bad_row_imports_no_one_and_every_problem_names_its_row(operator, association):
    services.onboarding_unit_create(actor=operator, organisation=association, name="Jobbtorget")
    UserFactory(username="upptagen")
    with pytest.raises(services.StaffImportRejectedError) as rejected:
        services.staff_import(
            actor=operator,
            organisation=association,
            data=(
                HEADER
                + "ny1;Ada;A;ada@example.org;;Arbetscoach;Jobbtorget\n"
                + "upptagen;Bo;B;bo@example.org;;Arbetscoach;Jobbtorget\n"
                + "ny3;Cy;C;cy@example.org;;Trollkarl;Jobbtorget\n"
                + "ny4;Di;D;di@example.org;;Arbetscoach;Okänd enhet\n"
                + "ny1;Ek;E;inte-epost;;Arbetscoach;Jobbtorget\n"
                + "ny6;;F;;;Arbetscoach;\n"
            ).encode(),
        )
    messages = rejected.value.messages
    assert any("rad 3" in m and "upptaget" in m for m in messages)
    assert any("rad 4" in m and "Okänd roll Trollkarl" in m for m in messages)
    assert any("rad 5" in m and "ingen enhet Okänd enhet" in m for m in messages)
    assert any("rad 6" in m and "Samma användarnamn som på rad 2" in m for m in messages)
    assert any("rad 6" in m and "e-postadress" in m for m in messages)
    assert any("rad 7" in m and "förnamn" in m for m in messages)
    assert any("rad 7" in m and "e-post" in m for m in messages)
    assert any("rad 7" in m and "enhet" in m for m in messages)
    assert not User.objects.filter(organisation=association).exists()


def test_a_file_with_the_wrong_columns_is_refused_with_the_header_to_use(operator, association):
    with pytest.raises(services.StaffImportRejectedError) as rejected:
        services.staff_import(
            actor=operator, organisation=association, data=b"namn;roll\nAda;coach\n"
        )
    assert "användarnamn;förnamn;efternamn" in rejected.value.messages[0]


def test_a_unit_of_another_organisation_cannot_be_named_in_the_file(operator, association):
    other = UnitFactory(name="Grannens enhet")
    with pytest.raises(services.StaffImportRejectedError) as rejected:
        services.staff_import(
            actor=operator,
            organisation=association,
            data=(HEADER + "ny;Ada;A;ada@example.org;;Arbetscoach;Grannens enhet\n").encode(),
        )
    assert "ingen enhet Grannens enhet" in rejected.value.messages[0]
    assert not other.members.exists()


def test_units_are_created_in_the_organisation_being_set_up(operator, association):
    unit = services.onboarding_unit_create(
        actor=operator, organisation=association, name=" Jobbtorget ", runs_support=True
    )
    assert (unit.organisation, unit.name, unit.runs_support) == (association, "Jobbtorget", True)
    with pytest.raises(ValidationError):
        services.onboarding_unit_create(actor=operator, organisation=association, name="jobbtorget")
    assert Unit.objects.filter(organisation=association).count() == 1


def test_an_organisations_administrator_cannot_onboard_another(association):
    administrator = UserFactory(
        administrator=True, unit=None, organisation=UnitFactory().organisation
    )
    for step in (
        lambda: services.onboarding_unit_create(
            actor=administrator, organisation=association, name="Intrång"
        ),
        lambda: services.staff_import(
            actor=administrator,
            organisation=association,
            data=(HEADER + "x;A;B;x@example.org;;Administratör;\n").encode(),
        ),
        lambda: services.onboarding_guideline_start(
            actor=administrator, organisation=association, name="Intrång"
        ),
    ):
        with pytest.raises(PermissionDenied):
            step()
    assert not Unit.objects.filter(organisation=association).exists()
