"""Registering a person from the referral form ("Saknas personen?") without leaving it (issue 17,
item 4): with htmx through people's endpoint, without JavaScript as a post of the referral form
that comes back with everything typed kept. The register page's rules hold: one person per
number whatever its digits, a hidden (protected) person's number is never confirmed, errors in
Swedish on the fields, nothing half-saved."""

import pytest
from django.urls import reverse
from tests.test_hostile_input import HOSTILE

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db

NUMBER = "198112189876"
FULL_WIDTH = "１９８１１２１８－９８７６"
HELD = "Registreringen kunde inte slutföras här"


@pytest.fixture
def world():
    unit = UnitFactory(name="Försörjningsstöd")
    support = UnitFactory(organisation=unit.organisation, name="Stödet", runs_support=True)
    danderyd_install(unit.organisation)
    referrer = UserFactory(referrer=True, unit=unit)
    return {"unit": unit, "support": support, "referrer": referrer}


def _person_fields(number=NUMBER, first="Nora", last="Nyberg", **extra):
    fields = {
        "ny_person-personal_number": number,
        "ny_person-first_name": first,
        "ny_person-last_name": last,
    }
    fields.update({f"ny_person-{name}": value for name, value in extra.items()})
    return fields


def _inline(client, actor, **fields):
    client.force_login(actor)
    return client.post(
        reverse("people:inline_create"),
        {**_person_fields(**fields), "lista": "id_participant"},
        HTTP_HX_REQUEST="true",
    )


def test_htmx_registers_the_person_and_chooses_them_in_the_list(client, world):
    response = _inline(client, world["referrer"])
    assert response.status_code == 200
    person = Participant.objects.get(personal_number=NUMBER)
    assert (person.first_name, person.last_name) == ("Nora", "Nyberg")
    assert person.unit == world["unit"] and person.registered_by == world["referrer"]
    body = response.content.decode()
    assert "Nora Nyberg är registrerad och vald som deltagare." in body
    assert 'hx-swap-oob="innerHTML:#id_participant"' in body
    assert f'<option value="{person.pk}" selected>Nyberg, Nora' in body
    assert response["HX-Trigger-After-Settle"] == "lotsa-picked"
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, participant=person, actor=world["referrer"]
    ).exists()
    # the fields are empty again for the next person
    assert f'value="{NUMBER}"' not in body


def test_htmx_registers_a_protected_person_whom_the_referrer_then_sees(client, world):
    response = _inline(client, world["referrer"], is_protected="on")
    person = Participant.objects.get(personal_number=NUMBER)
    assert person.is_protected
    assert f'<option value="{person.pk}" selected>' in response.content.decode()


def test_an_invalid_personnummer_is_a_swedish_field_error_and_saves_nothing(client, world):
    response = _inline(client, world["referrer"], number="19811218-9875", last="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollsiffran stämmer inte. Kontrollera personnumret." in body
    assert 'id="id_ny_person-personal_number_error"' in body
    assert 'id="id_ny_person-last_name_error"' in body
    assert "hx-swap-oob" not in body
    assert "HX-Trigger-After-Settle" not in response
    assert not Participant.objects.exists()
    # what was typed stays in the fields
    assert 'value="19811218-9875"' in body


def test_the_same_number_in_full_width_digits_is_a_duplicate(client, world):
    ParticipantFactory(unit=world["unit"], personal_number=NUMBER, last_name="Redansson")
    body = _inline(client, world["referrer"], number=FULL_WIDTH).content.decode()
    assert "Det finns redan en deltagare med det här personnumret." in body
    assert Participant.objects.count() == 1
    assert "hx-swap-oob" not in body


def test_a_hidden_protected_persons_number_is_never_confirmed(client, world):
    other_unit = UnitFactory(organisation=world["unit"].organisation)
    hidden = ParticipantFactory(
        unit=other_unit, protected=True, personal_number=NUMBER, last_name="Skyddadsson"
    )
    elsewhere = ParticipantFactory(unit=other_unit, personal_number="199001011239")
    protected_body = _inline(client, world["referrer"], number=FULL_WIDTH).content.decode()
    elsewhere_body = _inline(client, world["referrer"], number="900101-1239").content.decode()
    for body in (protected_body, elsewhere_body):
        assert HELD in body
        assert "Det finns redan" not in body
        assert "Skyddadsson" not in body and elsewhere.last_name not in body
    # the attempt is on the hidden person's log for their manager; nothing was created
    assert AuditRecord.objects.filter(
        object_type="people.registration_check", participant=hidden
    ).exists()
    assert Participant.objects.count() == 2


def test_someone_who_may_not_register_people_gets_403(client, world):
    administrator = UserFactory(administrator=True, unit=world["unit"])
    assert _inline(client, administrator).status_code == 403
    assert not Participant.objects.exists()


def _referral_post(client, world, *, register=True, **extra):
    client.force_login(world["referrer"])
    data = {
        "receiving_unit": world["support"].pk,
        "reason": "Vill ha stöd att hitta praktik.",
        "goal": "Arbete på deltid.",
        **_person_fields(),
    }
    if register:
        data["ny_person"] = "1"
    data.update(extra)
    return client.post(reverse("referrals:new"), data)


def test_without_javascript_the_referral_form_comes_back_as_typed_with_the_person_chosen(
    client, world
):
    response = _referral_post(client, world)
    assert response.status_code == 200
    person = Participant.objects.get(personal_number=NUMBER)
    form = response.context["form"]
    assert not form.is_bound  # shown as typed, not judged: the referral is not sent yet
    assert form["participant"].value() == str(person.pk)
    assert form["reason"].value() == "Vill ha stöd att hitta praktik."
    assert form["goal"].value() == "Arbete på deltid."
    body = response.content.decode()
    assert "Nora Nyberg är registrerad och vald som deltagare." in body
    assert f'<option value="{person.pk}" selected>' in body
    assert "Vill ha stöd att hitta praktik." in body
    assert not Referral.objects.exists()


def test_without_javascript_bad_input_keeps_the_referral_and_opens_the_inline_form(client, world):
    response = _referral_post(
        client, world, **{"ny_person-personal_number": "12345", "ny_person-first_name": ""}
    )
    assert response.status_code == 200
    assert not Participant.objects.exists()
    person_form = response.context["person_form"]
    assert set(person_form.errors) == {"personal_number", "first_name"}
    body = response.content.decode()
    assert 'id="new-person-details" open' in body
    assert "Vill ha stöd att hitta praktik." in body


def test_the_referral_form_sent_as_usual_ignores_the_inline_fields(client, world):
    """Sent with "Skicka remissen" (or Enter in a field): the inline fields are not a
    registration, and the new person registered before is a valid choice."""
    _referral_post(client, world)
    person = Participant.objects.get(personal_number=NUMBER)
    response = _referral_post(
        client, world, register=False, participant=person.pk, **_person_fields("19900101-1239")
    )
    assert response.status_code == 200  # the guideline's questions are still unanswered
    form = response.context["form"]
    assert form.is_bound and "participant" not in form.errors and "target_groups" in form.errors
    assert Participant.objects.count() == 1


def test_the_referral_form_offers_the_inline_registration(client, world):
    client.force_login(world["referrer"])
    body = client.get(reverse("referrals:new")).content.decode()
    assert "Saknas personen? Registrera hen här" in body
    assert f'hx-post="{reverse("people:inline_create")}"' in body
    assert 'for="id_ny_person-personal_number"' in body
    # Enter in a field sends the referral: the first submit button is a hidden one without a name
    assert body.index('<button type="submit" hidden') < body.index('name="ny_person"')


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_refused_or_shown_escaped_never_run(client, world, text):
    client.force_login(world["referrer"])
    response = client.post(
        reverse("people:inline_create"),
        {**_person_fields(first=text, last=text), "lista": text},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    # the list to fill is only ever an id of the outer form
    assert body.count("hx-swap-oob") <= 1
    if "hx-swap-oob" in body:
        assert 'hx-swap-oob="innerHTML:#id_participant"' in body
    assert Participant.objects.count() <= 1
