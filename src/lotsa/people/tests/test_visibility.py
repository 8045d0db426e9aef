"""Who sees which participant: same unit, other unit, other organisation, protected identity."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.policy import can_view_participant
from lotsa.people.queries import participant_search, participants_visible_to
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    unit = UnitFactory(name="Försörjningsstöd")
    other_unit = UnitFactory(organisation=unit.organisation, name="LSS")
    return {
        "unit": unit,
        "referrer": UserFactory(referrer=True, unit=unit),
        "manager": UserFactory(manager=True, unit=unit),
        "coach_elsewhere": UserFactory(coach=True, unit=other_unit),
        "manager_elsewhere": UserFactory(manager=True, unit=other_unit),
        "admin": UserFactory(administrator=True, unit=None, organisation=unit.organisation),
        "foreign": UserFactory(referrer=True),  # another organisation
        "person": ParticipantFactory(unit=unit),
        "protected": ParticipantFactory(unit=unit, protected=True),
    }


def test_staff_of_the_responsible_unit_see_the_person(world):
    assert can_view_participant(world["referrer"], world["person"])
    assert can_view_participant(world["manager"], world["person"])


@pytest.mark.parametrize("actor", ["coach_elsewhere", "manager_elsewhere", "admin", "foreign"])
def test_others_do_not_see_the_person(world, actor):
    assert not can_view_participant(world[actor], world["person"])
    assert world["person"] not in participants_visible_to(world[actor])


def test_protected_person_is_hidden_from_unit_colleagues_but_not_the_unit_manager(world):
    assert not can_view_participant(world["referrer"], world["protected"])
    assert can_view_participant(world["manager"], world["protected"])


def test_protected_person_never_appears_in_search_for_others(world):
    text = world["protected"].last_name
    assert list(participant_search(world["referrer"], text=text)) == []
    assert list(participant_search(world["coach_elsewhere"], text=text)) == []
    assert list(participant_search(world["manager"], text=text)) == [world["protected"]]


@pytest.mark.parametrize(
    "actor", ["coach_elsewhere", "manager_elsewhere", "admin", "foreign", "referrer"]
)
def test_detail_page_of_protected_person_is_404_for_the_not_entitled(client, world, actor):
    client.force_login(world[actor])
    response = client.get(reverse("people:detail", args=[world["protected"].pk]))
    assert response.status_code == 404
    assert world["protected"].last_name.encode() not in response.content


def test_other_units_coach_gets_404_and_never_the_data(client, world):
    client.force_login(world["coach_elsewhere"])
    response = client.get(reverse("people:detail", args=[world["person"].pk]))
    assert response.status_code == 404
    assert world["person"].last_name.encode() not in response.content
    listing = client.get(reverse("people:list"), {"q": world["person"].last_name})
    assert listing.context["people"] == []
    assert world["person"].personnummer.formatted.encode() not in listing.content


def test_viewing_a_participant_writes_an_audit_record(client, world):
    client.force_login(world["referrer"])
    response = client.get(reverse("people:detail", args=[world["person"].pk]))
    assert response.status_code == 200
    record = AuditRecord.objects.get(participant=world["person"], action="view")
    assert record.actor == world["referrer"]
    assert record.ip_address == "127.0.0.1"
    assert record.path == reverse("people:detail", args=[world["person"].pk])


def test_manager_sees_who_has_looked_at_the_person(client, world):
    client.force_login(world["referrer"])
    client.get(reverse("people:detail", args=[world["person"].pk]))
    client.force_login(world["manager"])
    response = client.get(reverse("oversight:participant_log", args=[world["person"].pk]))
    assert response.status_code == 200
    assert (
        world["referrer"].username.encode() in response.content
        or str(world["referrer"]).encode() in response.content
    )


def test_referrer_may_not_open_the_access_log(client, world):
    client.force_login(world["referrer"])
    response = client.get(reverse("oversight:participant_log", args=[world["person"].pk]))
    assert response.status_code == 403


def test_anonymous_user_is_sent_to_sign_in(client, world):
    response = client.get(reverse("people:detail", args=[world["person"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_referrer_who_registers_a_protected_person_keeps_seeing_them(world):
    from lotsa.people.services import participant_register

    person = participant_register(
        actor=world["referrer"],
        personal_number="811218-9876",
        first_name="Skyddad",
        last_name="Person",
        is_protected=True,
    )
    assert can_view_participant(world["referrer"], person)
    colleague = world["referrer"].__class__.objects.create(
        username="kollega",
        organisation=world["unit"].organisation,
        unit=world["unit"],
        role="referrer",
    )
    assert not can_view_participant(colleague, person)
