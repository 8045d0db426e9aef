"""Registering through the API tells no more about hidden people than the pages do."""

from lotsa.audit.models import AuditRecord
from lotsa.people.models import Participant

URL = "/api/v1/participants/"


def _register(sender, number):
    return sender.call(
        "post", URL, {"personal_number": number, "first_name": "A", "last_name": "B"}
    )


def test_a_protected_persons_number_is_held_for_a_check_not_confirmed(world, sender):
    before = Participant.objects.count()
    response = _register(sender, world["protected"].personal_number)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Det finns redan" not in body
    assert "Skyddadsson" not in body
    message = response.json()["error"]["fields"]["personal_number"]
    assert message == [
        "Registreringen kunde inte slutföras här. Den har lämnats till enhetens chef för "
        "kontroll; kontakta chefen om du ska arbeta med personen."
    ]
    assert Participant.objects.count() == before
    assert AuditRecord.objects.filter(
        object_type="people.registration_check", participant_id=world["protected"].pk
    ).exists()


def test_the_same_number_in_full_width_digits_gets_the_same_answer(world, sender):
    number = world["protected"].personal_number
    full_width = "".join(chr(ord(digit) - ord("0") + ord("０")) for digit in number)
    ascii_answer = _register(sender, number).json()
    assert _register(sender, full_width).json() == ascii_answer


def test_a_name_with_a_bidi_override_is_refused_at_the_field(world, sender):
    response = sender.call(
        "post",
        URL,
        {"personal_number": "19811218-9876", "first_name": "Anna\u202e", "last_name": "B"},
    )
    assert response.status_code == 400
    assert "styrtecken" in response.json()["error"]["fields"]["first_name"][0]
