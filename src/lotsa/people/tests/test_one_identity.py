"""One person, one record: look-alike digits and hidden people never give a second record or
tell the registrar that a hidden person exists (docs/security.md)."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.lookalikes import lookalike_review
from lotsa.people.models import Participant
from lotsa.people.queries import participant_search
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

NUMBER = "198112189876"
FULL_WIDTH = "１９８１１２１８－９８７６"
ARABIC_INDIC = "١٩٨١١٢١٨٩٨٧٦"
HELD = "Registreringen kunde inte slutföras här"


@pytest.fixture
def world():
    unit = UnitFactory(name="Försörjningsstöd")
    other_unit = UnitFactory(organisation=unit.organisation, name="LSS")
    return {
        "unit": unit,
        "manager": UserFactory(manager=True, unit=unit),
        "coach": UserFactory(coach=True, unit=unit),
        "outsider": UserFactory(referrer=True, unit=other_unit),
        "protected": ParticipantFactory(
            unit=unit, protected=True, personal_number=NUMBER, last_name="Skyddadsson"
        ),
        # a person of another unit, not protected: hidden from the outsider's unit too
        "elsewhere": ParticipantFactory(unit=unit, personal_number="199001011239"),
    }


def _register(client, actor, number):
    client.force_login(actor)
    return client.post(
        reverse("people:create"),
        {
            "personal_number": number,
            "first_name": "Ny",
            "last_name": "Nysson",
            "unit": actor.unit_id,
        },
    )


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC, "19811218-9876"])
def test_a_protected_persons_number_in_other_digits_makes_no_second_record(client, world, typed):
    response = _register(client, world["coach"], typed)
    assert response.status_code == 200
    assert Participant.objects.filter(organisation=world["unit"].organisation).count() == 2
    assert not Participant.objects.exclude(personal_number__regex=r"^[0-9]{12}$").exists()


def test_a_number_in_other_digits_is_stored_in_ascii(client, world):
    response = _register(client, world["manager"], "١٩٩٥٠٣٠٣-٢٣٨٦")
    assert response.status_code == 302, response.context["form"].errors
    assert Participant.objects.filter(personal_number="199503032386").exists()


def test_search_in_other_digits_finds_the_person(world):
    found = participant_search(world["manager"], text=FULL_WIDTH)
    assert list(found) == [world["protected"]]


def test_registering_a_hidden_persons_number_does_not_confirm_them(client, world):
    protected = _register(client, world["outsider"], NUMBER)
    elsewhere = _register(client, world["outsider"], "19900101-1239")
    for response in (protected, elsewhere):
        body = response.content.decode()
        assert HELD in body
        assert "Det finns redan" not in body
        assert "Skyddadsson" not in body
    # the same answer whatever the hidden person is (protected, or just outside the view)
    assert (
        protected.context["form"].errors["personal_number"]
        == elsewhere.context["form"].errors["personal_number"]
    )
    # the attempt lands on the person, where their manager sees it; no record is created
    attempt = AuditRecord.objects.get(
        object_type="people.registration_check", participant_id=world["protected"].pk
    )
    assert attempt.actor == world["outsider"]
    assert Participant.objects.count() == 2


def test_a_visible_duplicate_is_named_as_a_duplicate(client, world):
    body = _register(client, world["manager"], NUMBER).content.decode()
    assert "Det finns redan en deltagare med det här personnumret." in body


def test_lookalike_review_rewrites_lone_numbers_and_reports_duplicates(world):
    organisation = world["unit"].organisation
    # Rows as the old parser stored them: ASCII year and date, the last four as typed.
    duplicate = ParticipantFactory(unit=world["unit"], personal_number="19811218９８７６")
    lone = ParticipantFactory(unit=world["unit"], personal_number="19750505٢٣٨٦")
    report = lookalike_review(Participant)
    lone.refresh_from_db()
    duplicate.refresh_from_db()
    assert lone.personal_number == "197505052386"
    assert report.normalised == [lone.pk]
    assert report.duplicates == {(organisation.pk, NUMBER): [world["protected"].pk, duplicate.pk]}
    assert duplicate.personal_number == "19811218９８７６"  # kept for a person to merge
    assert Participant.objects.count() == 4  # nothing deleted
    assert f"participant ids {world['protected'].pk}, {duplicate.pk}" in report.summary()
    assert "9876" not in report.summary()


def test_lookalike_review_migration_runs_and_reports(world, capsys):
    from importlib import import_module

    from django.apps import apps

    ParticipantFactory(unit=world["unit"], personal_number="19811218９８７６")
    migration = import_module("lotsa.people.migrations.0003_report_lookalike_personnummer")
    migration.review(apps, None)
    assert "Look-alike duplicates left for a person to merge: 1." in capsys.readouterr().out


def test_a_phone_number_in_other_digits_is_stored_in_ascii_and_signs_in(client, world):
    from lotsa.portal.services import code_request

    client.force_login(world["manager"])
    data = {
        "personal_number": "19950303-2386",
        "first_name": "Ny",
        "last_name": "Nysson",
        "phone": "٠٧٠-١٢٣ ٤٥ ٦٧",
        "unit": world["unit"].pk,
    }
    assert client.post(reverse("people:create"), data).status_code == 302
    person = Participant.objects.get(personal_number="199503032386")
    assert person.phone == "070-123 45 67"
    assert code_request(contact_text="070 123 45 67", ip_address="127.0.0.1").participant == person


def test_the_persons_manager_sees_the_held_registration_in_who_has_looked(client, world):
    _register(client, world["outsider"], NUMBER)
    client.force_login(world["manager"])
    page = client.get(reverse("oversight:participant_log", args=[world["protected"].pk]))
    assert page.status_code == 200
    assert "Försökte registrera personnumret på nytt" in page.content.decode()
