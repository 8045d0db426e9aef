"""Journal notes: drafts, signing, immutability once signed, and linked amendments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal import services
from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_note_is_a_draft_of_its_author():
    case = CaseFactory()
    note = services.note_create(
        actor=case.coach, case=case, kind=NoteKind.MEETING, occurred_on=today(), text=" Möte. "
    )
    assert note.status == NoteStatus.DRAFT
    assert note.author == case.coach
    assert note.text == "Möte."
    assert AuditRecord.objects.filter(object_type="journal.note", action="create").exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"occurred_on": today() + datetime.timedelta(days=1)},
            "occurred_on",
            "Datumet kan inte vara i framtiden.",
        ),
        ({"occurred_on": None}, "occurred_on", "Ange ett datum."),
        ({"text": ""}, "text", "Skriv anteckningen."),
        ({"kind": "gossip"}, "kind", "Välj vilken typ av anteckning det är."),
    ],
)
def test_bad_note_input_gives_a_swedish_message_and_saves_nothing(values, field, message):
    case = CaseFactory()
    arguments = {"kind": NoteKind.PHONE, "occurred_on": today(), "text": "Ringde."} | values
    with pytest.raises(ValidationError) as error:
        services.note_create(actor=case.coach, case=case, **arguments)
    assert error.value.message_dict[field] == [message]
    assert not Note.objects.exists()


def test_signed_note_cannot_be_edited():
    note = NoteFactory(signed=True, text="Original")
    with pytest.raises(ValidationError, match="En signerad anteckning kan inte ändras"):
        services.note_update(
            actor=note.author, note=note, expected_version=note.version, text="Ändrat"
        )
    with pytest.raises(ValidationError, match="En signerad anteckning kan inte ändras"):
        services.note_discard(actor=note.author, note=note)
    # Not even by saving the model directly.
    note.text = "Ändrat"
    with pytest.raises(ValidationError):
        note.save()
    assert Note.objects.get(pk=note.pk).text == "Original"


def test_a_draft_is_changed_with_its_version_and_conflicts_are_caught():
    note = NoteFactory(text="Första")
    services.note_update(actor=note.author, note=note, expected_version=1, text="Andra")
    assert Note.objects.get(pk=note.pk).text == "Andra"
    assert note.version == 2
    stale = Note.objects.get(pk=note.pk)
    stale.version = 1
    with pytest.raises(EditConflictError) as conflict:
        services.note_update(actor=note.author, note=stale, expected_version=1, text="Tredje")
    assert conflict.value.current.text == "Andra"


def test_a_draft_signed_meanwhile_refuses_the_edit():
    note = NoteFactory(text="Första")
    stale = Note.objects.get(pk=note.pk)
    services.note_sign(actor=note.author, note=note)
    with pytest.raises(ValidationError, match="En signerad anteckning kan inte ändras"):
        services.note_update(actor=note.author, note=stale, expected_version=1, text="Ändrat")
    assert Note.objects.get(pk=note.pk).text == "Första"


def test_only_the_author_changes_or_signs_a_draft():
    note = NoteFactory()
    colleague = UserFactory(coach=True, unit=note.case.unit)
    with pytest.raises(PermissionDenied):
        services.note_update(actor=colleague, note=note, expected_version=1, text="X")
    with pytest.raises(PermissionDenied):
        services.note_sign(actor=colleague, note=note)
    with pytest.raises(PermissionDenied):
        services.note_discard(actor=colleague, note=note)
    assert Note.objects.get(pk=note.pk).status == NoteStatus.DRAFT


def test_signing_fixes_the_note_and_moves_last_contact_for_contact_kinds():
    case = CaseFactory(last_contact_on=today() - datetime.timedelta(days=20))
    meeting = NoteFactory(
        case=case, kind=NoteKind.MEETING, occurred_on=today() - datetime.timedelta(days=3)
    )
    services.note_sign(actor=case.coach, note=meeting)
    meeting.refresh_from_db()
    assert meeting.is_signed and meeting.signed_at is not None
    assert Case.objects.get(pk=case.pk).last_contact_on == today() - datetime.timedelta(days=3)

    employer = NoteFactory(case=case, kind=NoteKind.EMPLOYER_CONTACT, occurred_on=today())
    services.note_sign(actor=case.coach, note=employer)
    assert Case.objects.get(pk=case.pk).last_contact_on == today() - datetime.timedelta(days=3)

    older_call = NoteFactory(
        case=case, kind=NoteKind.PHONE, occurred_on=today() - datetime.timedelta(days=10)
    )
    services.note_sign(actor=case.coach, note=older_call)
    assert Case.objects.get(pk=case.pk).last_contact_on == today() - datetime.timedelta(days=3)

    with pytest.raises(ValidationError, match="redan signerad"):
        services.note_sign(actor=case.coach, note=meeting)


def test_an_amendment_is_a_new_signed_note_linked_to_the_original():
    original = NoteFactory(signed=True, text="Träffade Anna på tisdag.")
    colleague = UserFactory(coach=True, unit=original.case.unit)
    amendment = services.note_amend(actor=colleague, note=original, text="Det var onsdag.")
    assert amendment.amends == original
    assert amendment.is_signed and amendment.author == colleague
    assert amendment.kind == original.kind and amendment.occurred_on == original.occurred_on
    original.refresh_from_db()
    assert original.text == "Träffade Anna på tisdag."
    assert list(original.amendments.all()) == [amendment]
    # Amending an amendment adds to the original's chain.
    second = services.note_amend(actor=original.author, note=amendment, text="Kl. 10.")
    assert second.amends == original


def test_drafts_are_changed_not_amended_and_amendments_need_text():
    draft = NoteFactory()
    with pytest.raises(ValidationError, match="bara signerade anteckningar"):
        services.note_amend(actor=draft.author, note=draft, text="X")
    signed = NoteFactory(signed=True)
    with pytest.raises(ValidationError) as error:
        services.note_amend(actor=signed.author, note=signed, text=" ")
    assert error.value.message_dict["text"] == ["Skriv vad som ska rättas eller läggas till."]
    assert not signed.amendments.exists()


def test_a_draft_can_be_discarded_by_its_author():
    note = NoteFactory()
    services.note_discard(actor=note.author, note=note)
    assert not Note.objects.filter(pk=note.pk).exists()
    assert AuditRecord.objects.filter(object_type="journal.note", action="delete").exists()


def test_a_coach_of_another_unit_cannot_write_in_the_journal():
    case = CaseFactory()
    stranger = UserFactory(coach=True, unit__organisation=case.organisation)
    with pytest.raises(PermissionDenied):
        services.note_create(
            actor=stranger, case=case, kind=NoteKind.PHONE, occurred_on=today(), text="Hej"
        )
    note = NoteFactory(case=case, signed=True)
    with pytest.raises(PermissionDenied):
        services.note_amend(actor=stranger, note=note, text="X")
