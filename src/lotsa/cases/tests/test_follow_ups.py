"""Recording a follow-up: a signed note, a plan revision, and the next follow-up scheduled."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.cases import services
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.journal.models import Note
from lotsa.cases.models import FollowUp, PlanVersion
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.core.dates import add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(overdue=True)


def test_recording_a_follow_up_schedules_the_next_and_writes_a_signed_note(case):
    follow_up = case.follow_ups.get()
    held_on = today() - datetime.timedelta(days=2)

    services.follow_up_record(
        actor=case.coach,
        follow_up=follow_up,
        held_on=held_on,
        text="Vi gick igenom planen. Praktiken fungerar bra.",
        plan_comment="Ett steg närmare arbete: klarar 50 %.",
    )

    follow_up.refresh_from_db()
    assert follow_up.done_on == held_on
    assert follow_up.done_by == case.coach
    note = follow_up.note
    assert note.kind == NoteKind.FOLLOW_UP
    assert note.is_signed
    assert note.occurred_on == held_on
    assert note.text == "Vi gick igenom planen. Praktiken fungerar bra."

    next_follow_up = FollowUp.objects.get(case=case, done_on__isnull=True)
    assert next_follow_up.due_on == add_months(held_on, 3)
    case.refresh_from_db()
    assert case.next_follow_up_on == next_follow_up.due_on
    assert case.last_contact_on == held_on

    version = PlanVersion.objects.get(case=case)
    assert version.number == 1 == case.plan_version
    assert version.summary == "Uppföljning"
    assert version.comment == "Ett steg närmare arbete: klarar 50 %."
    assert version.author == case.coach


def test_the_interval_comes_from_the_case(case):
    case.follow_up_interval_months = 1
    case.save()
    services.follow_up_record(
        actor=case.coach, follow_up=case.follow_ups.get(), held_on=today(), text="Uppföljning."
    )
    assert case.follow_ups.get(done_on__isnull=True).due_on == add_months(today(), 1)


@pytest.mark.parametrize(
    ("held_on", "text", "field", "message"),
    [
        (
            today() + datetime.timedelta(days=1),
            "Text",
            "held_on",
            "Datumet kan inte vara i framtiden.",
        ),
        (None, "Text", "held_on", "Ange ett datum."),
        (today(), "  ", "text", "Skriv vad ni kom fram till vid uppföljningen."),
    ],
)
def test_bad_follow_up_input_gives_a_swedish_message_and_saves_nothing(
    case, held_on, text, field, message
):
    follow_up = case.follow_ups.get()
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            actor=case.coach, follow_up=follow_up, held_on=held_on, text=text, plan_comment=""
        )
    assert error.value.message_dict[field] == [message]
    follow_up.refresh_from_db()
    assert follow_up.done_on is None
    assert not Note.objects.filter(case=case).exists()
    assert not PlanVersion.objects.filter(case=case).exists()
    assert case.follow_ups.count() == 1


def test_a_follow_up_cannot_be_held_before_the_case_started(case):
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            actor=case.coach,
            follow_up=case.follow_ups.get(),
            held_on=case.start_date - datetime.timedelta(days=1),
            text="Text",
        )
    assert "held_on" in error.value.message_dict


def test_a_follow_up_is_recorded_only_once(case):
    follow_up = case.follow_ups.get()
    services.follow_up_record(actor=case.coach, follow_up=follow_up, held_on=today(), text="A")
    with pytest.raises(ValidationError, match="redan registrerad"):
        services.follow_up_record(actor=case.coach, follow_up=follow_up, held_on=today(), text="B")
    assert case.follow_ups.count() == 2


def test_the_follow_up_form_on_its_own_page_shows_errors_at_the_fields(client, case):
    client.force_login(case.coach)
    url = reverse("cases:follow_up_record", args=[case.pk, case.follow_ups.get().pk])
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"follow_up-held_on": tomorrow, "follow_up-text": "Bra möte."})
    assert response.status_code == 200
    assert response.context["form"].errors == {"held_on": ["Datumet kan inte vara i framtiden."]}
    assert 'id="id_follow_up-held_on_error"' in response.content.decode()
    empty = client.post(url, {"follow_up-held_on": today().isoformat(), "follow_up-text": " "})
    assert empty.context["form"].errors == {
        "text": ["Skriv vad ni kom fram till vid uppföljningen."]
    }
    assert case.follow_ups.get().done_on is None

    done = client.post(
        url, {"follow_up-held_on": today().isoformat(), "follow_up-text": "Bra möte."}
    )
    assert done.status_code == 302
    assert done["Location"].endswith("#follow-ups")
    assert case.follow_ups.filter(done_on=today()).exists()
