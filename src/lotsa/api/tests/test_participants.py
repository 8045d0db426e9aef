import pytest

from lotsa.api.tests.conftest import TokenClient, personnummer
from lotsa.audit.models import AuditRecord
from lotsa.people.models import Participant

pytestmark = pytest.mark.django_db
URL = "/api/v1/participants/"


def test_list_shows_only_people_the_accounts_user_may_see(world, sender):
    response = sender.call("get", URL)
    assert response.status_code == 200
    body = response.json()
    names = [item["last_name"] for item in body["items"]]
    # The referrer account sees its unit's ordinary people and the person it registered;
    # never the protected person someone else registered, never another organisation's.
    assert names == ["Egensson", "Synligsson"]
    assert body["count"] == 2 and body["next_page"] is None
    assert AuditRecord.objects.filter(
        actor=world["sender"]["account"].user, action="search", object_type="people.participant"
    ).exists()


def test_find_by_personnummer_in_any_written_form(world, sender):
    number = world["visible"].personal_number
    response = sender.call("get", URL, {"personal_number": f"{number[2:8]}-{number[8:]}"})
    assert [item["id"] for item in response.json()["items"]] == [world["visible"].pk]
    bad = sender.call("get", URL, {"personal_number": "12345"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["personal_number"]


def test_detail_and_audit(world, sender):
    response = sender.call("get", f"{URL}{world['visible'].pk}/")
    assert response.status_code == 200
    assert response.json()["last_name"] == "Synligsson"
    assert AuditRecord.objects.filter(
        actor=world["sender"]["account"].user, action="view", participant_id=world["visible"].pk
    ).exists()


def test_protected_person_is_not_found(world, sender):
    response = sender.call("get", f"{URL}{world['protected'].pk}/")
    assert response.status_code == 404
    assert "Skyddadsson" not in response.content.decode()
    assert response.json()["error"]["code"] == "not_found"


def test_another_organisations_person_is_not_found(world, sender):
    assert sender.call("get", f"{URL}{world['other_person'].pk}/").status_code == 404


def test_create(world, sender):
    response = sender.call(
        "post",
        URL,
        {"personal_number": personnummer(30, 421), "first_name": "Ny", "last_name": "Nysson"},
    )
    assert response.status_code == 201, response.content
    created = Participant.objects.get(pk=response.json()["id"])
    assert created.registered_by == world["sender"]["account"].user
    assert created.unit == world["referring"]
    assert created.gender == "man"  # birth number 421: the odd last digit means a man
    assert AuditRecord.objects.filter(action="create", participant_id=created.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"personal_number": "19900101-0000", "first_name": "A", "last_name": "B"},
            "personal_number",
        ),
        ({"first_name": "A", "last_name": "B"}, "personal_number"),
        ({"personal_number": "x" * 12, "first_name": "", "last_name": "B"}, "first_name"),
        ({"personal_number": "199001011239", "first_name": "A", "last_name": "B", "x": 1}, "x"),
        (
            {
                "personal_number": "199001011239",
                "first_name": "A",
                "last_name": "B",
                "email": "nej",
            },
            "email",
        ),
        (
            {"personal_number": "199001011239", "first_name": "A\x00", "last_name": "B"},
            "first_name",
        ),
        (
            {"personal_number": "199001011239", "first_name": "A" * 101, "last_name": "B"},
            "first_name",
        ),
    ],
)
def test_create_refuses_bad_input_with_swedish_messages_and_saves_nothing(
    world, sender, body, field
):
    before = Participant.objects.count()
    response = sender.call("post", URL, body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert all(isinstance(message, str) and message for message in error["fields"][field])
    assert Participant.objects.count() == before


def test_swedish_message_for_a_missing_field(world, sender):
    response = sender.call("post", URL, {"first_name": "A", "last_name": "B"})
    assert response.json()["error"]["fields"]["personal_number"] == ["Uppgiften saknas."]
    assert response.json()["error"]["message"] == "Kontrollera de markerade uppgifterna."


def test_malformed_json_is_a_400(world, sender):
    response = sender.post(
        URL,
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {sender.token}"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_duplicate_personnummer_is_refused(world, sender):
    response = sender.call(
        "post",
        URL,
        {"personal_number": world["visible"].personal_number, "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 400
    assert "personal_number" in response.json()["error"]["fields"]


def test_wrong_scope_is_forbidden(world):
    client = TokenClient(world["only participants:read"]["token"])
    response = client.call(
        "post", URL, {"personal_number": personnummer(30, 421), "first_name": "A", "last_name": "B"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "API-nyckeln saknar behörigheten participants:write."
    )
    client = TokenClient(world["only referrals:read"]["token"])
    assert client.call("get", URL).status_code == 403


def test_patch_with_version_and_conflict(world, sender):
    url = f"{URL}{world['visible'].pk}/"
    version = sender.call("get", url).json()["version"]
    first = sender.call("patch", url, {"version": version, "city": "Apiby"})
    assert first.status_code == 200 and first.json()["city"] == "Apiby"
    stale = sender.call("patch", url, {"version": version, "city": "Annanstans"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    world["visible"].refresh_from_db()
    assert world["visible"].city == "Apiby"


def test_patch_protected_person_is_not_found(world, sender):
    response = sender.call("patch", f"{URL}{world['protected'].pk}/", {"version": 1, "city": "X"})
    assert response.status_code == 404


def test_an_oversized_body_is_a_json_400(world, sender):
    response = sender.call(
        "post",
        URL,
        {"personal_number": "199001011239", "first_name": "A" * 3_000_000, "last_name": "B"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
