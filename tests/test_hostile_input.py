"""Hostile input through the forms: rejected or stored and shown escaped, never run, never a 500."""

import pytest
from django.urls import reverse

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE people_participant; --",
    "1 OR 1=1",
    "Robert'); DELETE FROM audit_auditrecord;--",
    "x" * 100_000,
    "null\x00byte",
    "åäö ÅÄÖ é ñ 漢字 🙂",
    "{{ request.user.password }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "\u202eRTL override",
]


@pytest.fixture
def referrer():
    return UserFactory(referrer=True, unit=UnitFactory(name="Försörjningsstöd"))


def _assert_safe(response, value):
    assert response.status_code < 500
    html = response.content.decode("utf-8", errors="replace")
    assert "<script>alert('x')</script>" not in html
    assert "<img src=x onerror" not in html


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_participant_registration_survives_hostile_names(client, referrer, value):
    client.force_login(referrer)
    response = client.post(
        reverse("people:create"),
        {
            "personal_number": "811218-9876",
            "first_name": value,
            "last_name": value,
            "phone": value,
            "city": value,
            "unit": referrer.unit_id,
        },
    )
    _assert_safe(response, value)
    for person in Participant.objects.all():
        shown = client.get(reverse("people:detail", args=[person.pk]))
        _assert_safe(shown, value)
        assert "\x00" not in person.first_name


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_search_survives_hostile_text(client, referrer, value):
    ParticipantFactory(unit=referrer.unit)
    client.force_login(referrer)
    response = client.get(reverse("people:list"), {"q": value})
    _assert_safe(response, value)
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_sign_in_survives_hostile_credentials(client, value):
    response = client.post(reverse("login"), {"username": value, "password": value})
    _assert_safe(response, value)


def test_invalid_utf8_in_a_form_is_refused_without_a_500(client, referrer):
    client.force_login(referrer)
    body = "personal_number=811218-9876&first_name=%FF%FE%FD&last_name=x&unit=" + str(
        referrer.unit_id
    )
    response = client.generic(
        "POST",
        reverse("people:create"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
    for person in Participant.objects.all():
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


@pytest.fixture
def coach_case():
    from lotsa.cases.tests.factories import CaseFactory

    case = CaseFactory()
    return case.coach, case


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_plan_goal_and_journal_note_survive_hostile_text(client, coach_case, value):
    from django.utils import timezone

    from lotsa.cases.journal.models import Note
    from lotsa.cases.models import Goal

    coach, case = coach_case
    client.force_login(coach)
    goal = client.post(
        reverse("cases:goal_add", args=[case.pk]),
        {"kind": "work", "description": value, "expected_plan_version": case.plan_version},
    )
    _assert_safe(goal, value)
    note = client.post(
        reverse("journal:note_create", args=[case.pk]),
        {
            "note-kind": "conversation",
            "note-occurred_on": timezone.localdate().isoformat(),
            "note-text": value,
            "action": "draft",
        },
    )
    _assert_safe(note, value)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    _assert_safe(page, value)
    if value.startswith("åäö"):
        # An ordinary text must really have gone in; this proves the posts reach the services.
        assert Goal.objects.filter(case=case, description=value).exists()
        assert Note.objects.filter(case=case, text=value).exists()
    for stored in [
        *Goal.objects.values_list("description", flat=True),
        *Note.objects.values_list("text", flat=True),
    ]:
        assert "\x00" not in stored


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_user_search_survives_hostile_text(client, value):
    admin = UserFactory(administrator=True, unit=None, organisation=UnitFactory().organisation)
    client.force_login(admin)
    _assert_safe(client.get(reverse("organisations:users"), {"q": value}), value)
