"""Registering and editing participants: Swedish messages at the field, nothing half-saved."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer():
    return UserFactory(referrer=True, unit=UnitFactory(name="Försörjningsstöd"))


def _form(referrer, **overrides):
    data = {
        "personal_number": "811218-9876",
        "first_name": "Test",
        "last_name": "Testsson",
        "unit": referrer.unit_id,
    }
    data.update(overrides)
    return data


def test_registering_stores_the_canonical_number_and_birth_date(client, referrer):
    client.force_login(referrer)
    response = client.post(reverse("people:create"), _form(referrer))
    person = Participant.objects.get()
    assert response.status_code == 302
    assert person.personal_number == "198112189876"
    assert person.birth_date.isoformat() == "1981-12-18"
    assert person.gender == "man"
    assert AuditRecord.objects.filter(participant=person, action="create").exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("811218-9875", "Kontrollsiffran stämmer inte"),
        ("811318-9876", "Datumet i personnumret finns inte"),
        ("81121898", "10 eller 12 siffror"),
    ],
)
def test_invalid_personnummer_is_refused_at_the_field(client, referrer, number, message):
    client.force_login(referrer)
    response = client.post(reverse("people:create"), _form(referrer, personal_number=number))
    assert response.status_code == 200
    assert message in response.context["form"].errors["personal_number"][0]
    html = response.content.decode()
    assert 'aria-describedby="id_personal_number_helptext id_personal_number_error"' in html
    assert 'id="id_personal_number_error"' in html
    assert not Participant.objects.exists()


def test_missing_name_is_refused_and_nothing_saved(client, referrer):
    client.force_login(referrer)
    response = client.post(reverse("people:create"), _form(referrer, first_name=""))
    assert "first_name" in response.context["form"].errors
    assert not Participant.objects.exists()


def test_a_person_exists_once_per_organisation(client, referrer):
    ParticipantFactory(unit=referrer.unit, personal_number="198112189876")
    client.force_login(referrer)
    response = client.post(reverse("people:create"), _form(referrer))
    assert "finns redan en deltagare" in response.context["form"].errors["personal_number"][0]
    assert Participant.objects.count() == 1


def test_the_same_person_may_exist_in_another_organisation(client, referrer):
    ParticipantFactory(personal_number="198112189876")  # another organisation
    client.force_login(referrer)
    client.post(reverse("people:create"), _form(referrer))
    assert Participant.objects.filter(personal_number="198112189876").count() == 2


def test_second_editor_gets_a_conflict_and_sees_the_first_editors_change(client, referrer):
    person = ParticipantFactory(unit=referrer.unit, phone="070-1")
    colleague = UserFactory(referrer=True, unit=referrer.unit)
    url = reverse("people:edit", args=[person.pk])
    base = {"first_name": person.first_name, "last_name": person.last_name, "version": 1}

    client.force_login(colleague)
    assert client.post(url, {**base, "phone": "070-2"}).status_code == 302

    client.force_login(referrer)
    response = client.post(url, {**base, "phone": "070-3"})
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert response.context["conflict"].phone == "070-2"
    person.refresh_from_db()
    assert person.phone == "070-2"
    assert person.version == 2


def test_editing_records_what_changed(client, referrer):
    person = ParticipantFactory(unit=referrer.unit, phone="070-1")
    client.force_login(referrer)
    client.post(
        reverse("people:edit", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "phone": "070-9",
            "version": 1,
        },
    )
    record = AuditRecord.objects.get(participant=person, action="update")
    assert record.changes["phone"] == ["070-1", "070-9"]
