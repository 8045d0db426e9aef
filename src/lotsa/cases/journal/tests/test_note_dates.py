"""A note tells what happened in the case: never dated before the case started."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.cases.journal import services
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _message(case):
    return (
        f"Datumet kan inte vara före ärendets start {case.start_date.isoformat()}. "
        "Det som hände före starten hör till remissen."
    )


def test_a_note_dated_before_the_case_started_is_refused_at_the_date(client):
    case = CaseFactory()
    client.force_login(case.coach)
    url = reverse("journal:note_create", args=[case.pk])
    data = {
        "note-kind": NoteKind.MEETING,
        "note-occurred_on": (case.start_date - timedelta(days=1)).isoformat(),
        "note-text": "Möte.",
        "action": "sign",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"occurred_on": [_message(case)]}
    assert 'id="id_note-occurred_on_error"' in response.content.decode()
    assert not Note.objects.exists()
    on_start = client.post(url, {**data, "note-occurred_on": case.start_date.isoformat()})
    assert on_start.status_code == 302
    assert Note.objects.get().is_signed


def test_a_draft_cannot_be_signed_once_the_case_starts_after_its_date():
    case = CaseFactory()
    note = services.note_create(
        actor=case.coach, case=case, kind=NoteKind.PHONE, occurred_on=case.start_date, text="Hej."
    )
    Case.objects.filter(pk=case.pk).update(start_date=case.start_date + timedelta(days=3))
    note.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.note_sign(actor=case.coach, note=note)
    assert error.value.message_dict["occurred_on"] == [_message(note.case)]
    note.refresh_from_db()
    assert not note.is_signed


def test_changing_a_draft_to_before_the_start_is_refused():
    case = CaseFactory()
    note = services.note_create(
        actor=case.coach, case=case, kind=NoteKind.PHONE, occurred_on=case.start_date, text="Hej."
    )
    with pytest.raises(ValidationError) as error:
        services.note_update(
            actor=case.coach,
            note=note,
            expected_version=note.version,
            occurred_on=case.start_date - timedelta(days=10),
        )
    assert "före ärendets start" in error.value.message_dict["occurred_on"][0]
