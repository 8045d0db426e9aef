"""A manager moves chosen cases to another coach: hand-over note, audit, event, Mina sidor,
and what the other apps see afterwards (lists, the person's visibility, extract, culling)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases import events
from lotsa.cases.models import Case, CoachHandover
from lotsa.cases.queries import cases_visible_to, my_cases
from lotsa.cases.services import cases_reassign
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.portal.services import participant_account_for
from lotsa.retention.extract import participant_extract
from lotsa.retention.relations import collect_owned

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(support=True)


@pytest.fixture
def manager(unit):
    return UserFactory(manager=True, unit=unit)


@pytest.fixture
def leaving(unit):
    return UserFactory(coach=True, unit=unit, first_name="Lena", last_name="Lämnar")


@pytest.fixture
def taking_over(unit):
    return UserFactory(coach=True, unit=unit, first_name="Tove", last_name="Tarover")


@pytest.fixture
def cases(unit, leaving):
    return [CaseFactory(unit=unit, coach=leaving) for _ in range(3)]


def test_chosen_cases_move_each_with_its_note_audit_and_event(manager, leaving, taking_over, cases):
    announced = []

    def listen(sender, *, case, actor, on, **kwargs):
        announced.append((case.pk, actor, on))

    events.case_coach_changed.hook(listen)
    try:
        handovers = cases_reassign(
            actor=manager, cases=cases[:2], coach=taking_over, note="Lena är föräldraledig."
        )
    finally:
        events.case_coach_changed.disconnect(listen)
    assert len(handovers) == 2
    assert set(my_cases(taking_over)) == set(cases[:2])
    assert set(my_cases(leaving)) == {cases[2]}
    for case in cases[:2]:
        handover = CoachHandover.objects.get(case=case)
        assert (handover.previous_coach, handover.coach) == (leaving, taking_over)
        assert handover.note == "Lena är föräldraledig."
        record = AuditRecord.objects.get(object_id=str(case.pk), action="update", actor=manager)
        assert record.changes == {"coach": [leaving.pk, taking_over.pk]}
        assert Case.objects.get(pk=case.pk).version == 2
    assert [case_id for case_id, _, _ in announced] == [case.pk for case in cases[:2]]


def test_nothing_moves_when_one_of_the_chosen_cannot(manager, leaving, taking_over, cases, unit):
    already = CaseFactory(unit=unit, coach=taking_over)
    with pytest.raises(ValidationError) as error:
        cases_reassign(actor=manager, cases=[*cases, already], coach=taking_over, note="Sjuk.")
    assert "redan" in str(error.value)
    assert not CoachHandover.objects.exists()
    assert set(my_cases(leaving)) == set(cases)


@pytest.mark.parametrize(
    "note, expected", [("  ", "note"), ("Överlämning.", None)], ids=["no note", "note"]
)
def test_the_note_is_required_and_the_new_coach_must_be_an_active_coach_of_the_unit(
    manager, cases, note, expected
):
    elsewhere = UserFactory(coach=True, unit=UnitFactory(support=True))
    with pytest.raises(ValidationError) as error:
        cases_reassign(actor=manager, cases=cases, coach=elsewhere, note=note)
    assert "coach" in error.value.message_dict
    assert (expected in error.value.message_dict) == (expected is not None)


def test_only_the_units_manager_moves_cases(leaving, taking_over, cases):
    with pytest.raises(PermissionDenied):
        cases_reassign(actor=leaving, cases=cases, coach=taking_over, note="Tar över.")
    other_manager = UserFactory(manager=True, unit=UnitFactory(support=True))
    with pytest.raises((PermissionDenied, ValidationError)):
        cases_reassign(actor=other_manager, cases=cases, coach=taking_over, note="Tar över.")
    assert not CoachHandover.objects.exists()


def test_a_protected_person_follows_the_case_to_the_new_coach_only(
    unit, manager, leaving, taking_over
):
    protected = CaseFactory(
        unit=unit, coach=leaving, participant=ParticipantFactory(unit=unit, protected=True)
    )
    colleague = UserFactory(coach=True, unit=unit)
    assert protected in cases_visible_to(leaving)
    cases_reassign(actor=manager, cases=[protected], coach=taking_over, note="Skyddad, se akt.")
    assert protected in cases_visible_to(taking_over)
    assert protected not in cases_visible_to(leaving)
    assert protected not in cases_visible_to(colleague)


def test_the_participant_reads_who_their_coach_is_now_but_not_the_note(
    client, manager, leaving, taking_over, cases
):
    case = cases[0]
    cases_reassign(
        actor=manager,
        cases=[case],
        coach=taking_over,
        note="Intern: behöver tätare kontakt.",
        on=datetime.date(2026, 3, 2),
    )
    client.force_login(participant_account_for(case.participant))
    page = client.get(reverse("portal:home")).content.decode()
    assert "Sedan 2 mars 2026 är Tove Tarover din arbetscoach." in page
    assert "Lena Lämnar" in page
    assert "Intern: behöver tätare kontakt." not in page


def test_the_extract_holds_the_handover_and_culling_takes_it_with_the_case(
    manager, taking_over, cases
):
    case = cases[0]
    cases_reassign(actor=manager, cases=[case], coach=taking_over, note="Överlämnat vid sjukdom.")
    extract = participant_extract(case.participant)
    models = {section["modell"] for section in extract["avsnitt"]}
    assert "cases.coachhandover" in models
    assert "Överlämnat vid sjukdom." in str(extract)
    # culling deletes the case's own rows; the hand-over is one of them
    assert CoachHandover in collect_owned(Case, {case.pk})


def test_the_unit_page_moves_the_ticked_cases_and_keeps_the_list_as_it_was(
    client, manager, leaving, taking_over, cases
):
    client.force_login(manager)
    page = client.get(reverse("cases:unit_cases"), {"coach": leaving.pk})
    text = page.content.decode()
    assert f'name="reassign-cases" value="{cases[0].pk}" form="reassign"' in text
    assert "Flytta valda ärenden" in text
    response = client.post(
        reverse("cases:reassign"),
        {
            "reassign-cases": [cases[0].pk, cases[1].pk],
            "reassign-coach": taking_over.pk,
            "reassign-note": "Lena slutar.",
            "back": f"coach={leaving.pk}",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:unit_cases") + f"?coach={leaving.pk}"
    assert CoachHandover.objects.count() == 2
    followed = client.get(response.url).content.decode()
    assert "2 ärenden flyttades till Tove Tarover." in followed


def test_the_unit_page_shows_what_is_missing_at_the_field_and_keeps_the_ticks(
    client, manager, taking_over, cases
):
    client.force_login(manager)
    response = client.post(
        reverse("cases:reassign"),
        {"reassign-cases": [cases[0].pk], "reassign-coach": taking_over.pk, "reassign-note": ""},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Skriv en överlämningsanteckning till den nya arbetscoachen." in text
    assert 'id="id_reassign-note_error"' in text
    assert f'value="{cases[0].pk}" form="reassign" id="choose-{cases[0].pk}" checked' in text
    assert not CoachHandover.objects.exists()


def test_a_case_of_another_unit_cannot_be_ticked_in(client, manager, taking_over):
    foreign = CaseFactory(unit=UnitFactory(support=True))
    client.force_login(manager)
    response = client.post(
        reverse("cases:reassign"),
        {
            "reassign-cases": [foreign.pk],
            "reassign-coach": taking_over.pk,
            "reassign-note": "Försök.",
        },
    )
    assert response.status_code == 200
    assert "kan inte flyttas" in response.content.decode()
    assert foreign.participant.last_name not in response.content.decode()
    assert not CoachHandover.objects.exists()


def test_a_coach_cannot_post_a_reassignment(client, leaving, taking_over, cases):
    client.force_login(leaving)
    response = client.post(
        reverse("cases:reassign"),
        {
            "reassign-cases": [cases[0].pk],
            "reassign-coach": taking_over.pk,
            "reassign-note": "Tar över.",
        },
    )
    assert response.status_code == 403
    assert not CoachHandover.objects.exists()
