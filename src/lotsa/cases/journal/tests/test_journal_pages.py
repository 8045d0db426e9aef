"""The journal on the case page: write, change, sign, discard and amend, all without JavaScript."""

import datetime

import pytest
from django.urls import reverse

from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _note_data(**values):
    data = {
        "note-kind": NoteKind.MEETING,
        "note-occurred_on": today().isoformat(),
        "note-text": "Möte.",
    }
    data.update({f"note-{key}": value for key, value in values.items()})
    return data


def test_writing_a_draft_and_signing_it_from_the_case_page(client):
    case = CaseFactory()
    client.force_login(case.coach)
    response = client.post(reverse("journal:note_create", args=[case.pk]), _note_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    note = Note.objects.get(case=case)
    assert note.status == NoteStatus.DRAFT

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Utkast" in page and "Ändra utkast" in page

    signed = client.post(reverse("journal:note_sign", args=[note.pk]))
    assert signed.status_code == 302
    note.refresh_from_db()
    assert note.is_signed
    assert Case.objects.get(pk=case.pk).last_contact_on == today()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Lägg till rättelse" in page
    assert "Ändra utkast" not in page


def test_save_and_sign_in_one_step(client):
    case = CaseFactory()
    client.force_login(case.coach)
    client.post(reverse("journal:note_create", args=[case.pk]), {**_note_data(), "action": "sign"})
    assert Note.objects.get(case=case).is_signed


def test_note_errors_are_shown_at_their_fields(client):
    case = CaseFactory()
    client.force_login(case.coach)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    url = reverse("journal:note_create", args=[case.pk])
    response = client.post(url, _note_data(occurred_on=tomorrow))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "occurred_on": ["Datumet kan inte vara i framtiden."]
    }
    assert 'id="id_note-occurred_on_error"' in response.content.decode()
    empty = client.post(url, _note_data(text=""))
    assert empty.context["form"].errors == {"text": ["Skriv anteckningen."]}
    assert 'aria-describedby="id_note-text_error"' in empty.content.decode()
    assert not Note.objects.exists()


def test_editing_a_draft_and_seeing_a_conflict(client):
    note = NoteFactory(text="Första")
    client.force_login(note.author)
    url = reverse("journal:note_edit", args=[note.pk])
    assert client.get(url).context["form"].initial["version"] == 1
    ok = client.post(url, _note_data(text="Andra", version="1"))
    assert ok.status_code == 302
    conflict = client.post(url, _note_data(text="Tredje", version="1"))
    assert conflict.status_code == 200
    content = conflict.content.decode()
    assert "Någon annan har sparat ändringar" in content
    assert "Så här ser utkastet ut nu" in content and "Andra" in content
    assert Note.objects.get(pk=note.pk).text == "Andra"


def test_signed_note_cannot_be_edited_through_the_page(client):
    note = NoteFactory(signed=True, text="Original")
    client.force_login(note.author)
    response = client.post(
        reverse("journal:note_edit", args=[note.pk]),
        _note_data(text="Ändrat", version="1"),
        follow=True,
    )
    assert "En signerad anteckning kan inte ändras." in response.content.decode()
    assert Note.objects.get(pk=note.pk).text == "Original"


def test_amending_a_signed_note_from_the_case_page(client):
    note = NoteFactory(signed=True, text="Träffades tisdag.")
    client.force_login(note.author)
    url = reverse("journal:note_amend", args=[note.pk])
    empty = client.post(url, {f"amend-{note.pk}-text": ""})
    assert empty.context["form"].errors["text"] == ["Skriv vad som ska rättas eller läggas till."]
    done = client.post(url, {f"amend-{note.pk}-text": "Det var onsdag."})
    assert done.status_code == 302
    page = client.get(reverse("cases:detail", args=[note.case_id])).content.decode()
    assert "Träffades tisdag." in page and "Det var onsdag." in page
    assert "Rättelse" in page


def test_discarding_a_draft_asks_first(client):
    note = NoteFactory()
    client.force_login(note.author)
    url = reverse("journal:note_discard", args=[note.pk])
    assert "Ta bort utkast" in client.get(url).content.decode()
    assert Note.objects.filter(pk=note.pk).exists()
    client.post(url)
    assert not Note.objects.filter(pk=note.pk).exists()


def test_a_colleagues_draft_answers_404(client):
    note = NoteFactory()
    colleague = UserFactory(coach=True, unit=note.case.unit)
    client.force_login(colleague)
    for name in ("journal:note_edit", "journal:note_sign", "journal:note_discard"):
        assert client.post(reverse(name, args=[note.pk])).status_code == 404
    assert Note.objects.get(pk=note.pk).status == NoteStatus.DRAFT
