"""Never lose a note: the note being written is saved on the server as a draft as the person
types (htmx), the page says "Sparat HH:MM", and says so when the case changed meanwhile."""

import re

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.tests.factories import today
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _typed(text, **extra):
    data = {"note-kind": "conversation", "note-occurred_on": today().isoformat(), "note-text": text}
    data.update({f"note-{name}": value for name, value in extra.items()})
    return data


def _autosave(client, case, data):
    response = client.post(
        reverse("journal:note_autosave", args=[case.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


KEY = "0123456789abcdef0123456789abcdef"


def test_typing_saves_one_draft_and_says_when(client, case):
    client.force_login(case.coach)
    first = _autosave(client, case, _typed("Vi pratade om", draft_key=KEY))
    assert re.search(r"Sparat \d\d:\d\d", first)
    draft = Note.objects.get(case=case)
    assert draft.status == NoteStatus.DRAFT and draft.text == "Vi pratade om"
    _autosave(client, case, _typed("Vi pratade om praktik.", draft_key=KEY))
    assert Note.objects.filter(case=case).count() == 1
    assert Note.objects.get(pk=draft.pk).text == "Vi pratade om praktik."
    assert AuditRecord.objects.filter(object_id=str(draft.pk), action="update").exists()


def test_signing_after_autosave_signs_that_draft_and_makes_no_second_note(client, case):
    client.force_login(case.coach)
    _autosave(client, case, _typed("Utkast", draft_key=KEY))
    response = client.post(
        reverse("journal:note_create", args=[case.pk]),
        {**_typed("Klar anteckning.", draft_key=KEY), "action": "sign"},
    )
    assert response.status_code == 302
    note = Note.objects.get(case=case)
    assert note.status == NoteStatus.SIGNED and note.text == "Klar anteckning."


def test_saving_without_javascript_still_makes_one_draft_per_page(client, case):
    client.force_login(case.coach)
    url = reverse("journal:note_create", args=[case.pk])
    client.post(url, {**_typed("Utan skript.", draft_key=KEY), "action": "draft"})
    assert Note.objects.get().text == "Utan skript."


def test_a_second_window_writes_its_own_draft_and_overwrites_nothing(client, case):
    client.force_login(case.coach)
    _autosave(client, case, _typed("Första fönstret", draft_key=KEY))
    _autosave(client, case, _typed("Andra fönstret", draft_key="f" * 32))
    assert sorted(Note.objects.values_list("text", flat=True)) == [
        "Andra fönstret",
        "Första fönstret",
    ]


def test_a_signed_draft_is_not_changed_by_a_late_autosave(client, case):
    client.force_login(case.coach)
    _autosave(client, case, _typed("Klar", draft_key=KEY))
    client.post(
        reverse("journal:note_create", args=[case.pk]),
        {**_typed("Klar.", draft_key=KEY), "action": "sign"},
    )
    html = _autosave(client, case, _typed("Sen ändring", draft_key=KEY))
    assert "En signerad anteckning kan inte ändras." in html
    assert Note.objects.get().text == "Klar."


def test_nothing_is_saved_before_anything_is_written(client, case):
    client.force_login(case.coach)
    html = _autosave(client, case, _typed("   "))
    assert "Utkastet sparas medan du skriver." in html
    assert not Note.objects.exists()


def test_the_page_says_that_a_colleague_signed_a_note_meanwhile(client, case):
    seen = NoteFactory(case=case, signed=True)
    colleague = UserFactory(coach=True, unit=case.unit, first_name="Kim", last_name="Kollega")
    NoteFactory(case=case, author=colleague, signed=True)
    client.force_login(case.coach)
    html = _autosave(client, case, _typed("Mitt utkast", seen_note=seen.pk, draft_key=KEY))
    assert "Kim Kollega har signerat en ny anteckning i ärendet sedan du öppnade sidan." in html
    assert "Sparat" in html


def test_a_case_closed_meanwhile_is_said_and_nothing_saved(client, case):
    client.force_login(case.coach)
    case.status, case.closed_on, case.closure_reason = "closed", today(), "studies"
    case.save()
    html = _autosave(client, case, _typed("Sent utkast"))
    assert "Ärendet är avslutat" in html
    assert not Note.objects.exists()


def test_a_bad_date_is_said_and_nothing_saved(client, case):
    client.force_login(case.coach)
    html = _autosave(client, case, {**_typed("Text"), "note-occurred_on": "31/31/2026"})
    assert "Inte sparat än:" in html
    assert not Note.objects.exists()


def test_a_colleague_with_the_same_key_gets_their_own_draft(client, case):
    colleague = UserFactory(coach=True, unit=case.unit)
    theirs = NoteFactory(case=case, author=colleague, text="Deras utkast", draft_key=KEY)
    client.force_login(case.coach)
    _autosave(client, case, _typed("Mitt eget", draft_key=KEY))
    assert Note.objects.get(pk=theirs.pk).text == "Deras utkast"
    assert Note.objects.get(author=case.coach).text == "Mitt eget"


def test_a_malformed_key_is_refused_and_nothing_saved(client, case):
    client.force_login(case.coach)
    html = _autosave(client, case, _typed("Text", draft_key="../../x"))
    assert "Inte sparat än:" in html
    assert not Note.objects.exists()


def test_the_case_page_form_autosaves_with_htmx_and_keeps_the_ids_hidden(client, case):
    newest = NoteFactory(case=case, signed=True)
    client.force_login(case.coach)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'hx-post="{reverse("journal:note_autosave", args=[case.pk])}"' in html
    assert 'id="note-autosave"' in html and 'role="status"' in html
    assert f'name="note-seen_note" value="{newest.pk}"' in html
    assert re.search(r'name="note-draft_key" value="[0-9a-f]{32}"', html)
