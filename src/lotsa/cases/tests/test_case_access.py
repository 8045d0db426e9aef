"""Who reaches a case and its actions: 404 for those who may not see it, read-only for the
referrer, and protected identities kept from colleagues."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _case_with_everything(**case_options):
    case = CaseFactory(referred=True, **case_options)
    goal = GoalFactory(case=case)
    activity = ActivityFactory(case=case)
    signed = NoteFactory(case=case, signed=True)
    draft = NoteFactory(case=case)
    return case, goal, activity, signed, draft


def _urls(case, goal, activity, signed, draft):
    follow_up = case.follow_ups.get()
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:plan_history", args=[case.pk]),
        reverse("cases:participant_plan", args=[case.pk]),
        reverse("cases:goal_add", args=[case.pk]),
        reverse("cases:goal_edit", args=[case.pk, goal.pk]),
        reverse("cases:goal_remove", args=[case.pk, goal.pk]),
        reverse("cases:activity_add", args=[case.pk]),
        reverse("cases:activity_edit", args=[case.pk, activity.pk]),
        reverse("cases:activity_remove", args=[case.pk, activity.pk]),
        reverse("cases:follow_up_record", args=[case.pk, follow_up.pk]),
        reverse("cases:close", args=[case.pk]),
        reverse("cases:reopen", args=[case.pk]),
        reverse("cases:pause", args=[case.pk]),
        reverse("cases:resume", args=[case.pk]),
        reverse("journal:note_create", args=[case.pk]),
        reverse("journal:note_edit", args=[draft.pk]),
        reverse("journal:note_sign", args=[draft.pk]),
        reverse("journal:note_discard", args=[draft.pk]),
        reverse("journal:note_amend", args=[signed.pk]),
    ]


def test_a_coach_of_another_unit_gets_404_on_the_case_and_every_action(client):
    everything = _case_with_everything()
    case = everything[0]
    stranger = UserFactory(coach=True, unit=UnitFactory(organisation=case.organisation))
    client.force_login(stranger)
    for url in _urls(*everything):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (url, method)
            assert case.participant.last_name.encode() not in response.content
    assert case.goals.count() == 1 and case.notes.count() == 2


def test_a_manager_of_another_unit_and_another_organisation_get_404(client):
    everything = _case_with_everything()
    case = everything[0]
    for outsider in (
        UserFactory(manager=True, unit=UnitFactory(organisation=case.organisation)),
        UserFactory(coach=True),
    ):
        client.force_login(outsider)
        for url in _urls(*everything):
            assert client.get(url).status_code == 404, url


def test_the_referrer_who_referred_reads_the_case_but_changes_nothing(client):
    everything = _case_with_everything()
    case, goal, activity, signed, draft = everything
    referrer = case.referral.referrer
    client.force_login(referrer)

    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert goal.description in content
    assert "Lägg till mål" not in content
    assert "Registrera uppföljning" not in content
    assert "Avsluta ärendet</button>" not in content
    assert signed.text not in content  # the journal stays with the unit that runs the case
    assert client.get(reverse("cases:plan_history", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:participant_plan", args=[case.pk])).status_code == 200

    reading = {
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:plan_history", args=[case.pk]),
        reverse("cases:participant_plan", args=[case.pk]),
    }
    journal = {
        reverse("journal:note_edit", args=[draft.pk]),
        reverse("journal:note_sign", args=[draft.pk]),
        reverse("journal:note_discard", args=[draft.pk]),
        reverse("journal:note_amend", args=[signed.pk]),
    }
    for url in _urls(*everything):
        if url in reading:
            continue
        expected = 404 if url in journal else 403
        assert client.post(url).status_code == expected, url
    assert case.goals.get().description == goal.description
    assert case.notes.count() == 2


def test_another_referrer_of_the_same_unit_does_not_see_the_case(client):
    case = CaseFactory(referred=True)
    colleague = UserFactory(referrer=True, unit=case.referral.referring_unit)
    client.force_login(colleague)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_protected_persons_case_is_hidden_from_another_coach_of_the_same_unit(client):
    unit = UnitFactory(support=True)
    person = ParticipantFactory(unit=unit, protected=True)
    everything = _case_with_everything(unit=unit, participant=person)
    case = everything[0]
    colleague = UserFactory(coach=True, unit=unit)
    client.force_login(colleague)
    for url in _urls(*everything):
        assert client.get(url).status_code == 404, url
    assert case not in client.get(reverse("cases:my_cases")).context["cases"]

    client.force_login(case.coach)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    manager = UserFactory(manager=True, unit=unit)
    client.force_login(manager)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_a_colleague_may_open_and_work_on_an_unprotected_case_of_the_unit(client):
    case = CaseFactory()
    colleague = UserFactory(coach=True, unit=case.unit)
    client.force_login(colleague)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Lägg till mål" in page.content.decode()


def test_opening_a_case_writes_an_audit_record(client):
    case = CaseFactory()
    client.force_login(case.coach)
    client.get(reverse("cases:detail", args=[case.pk]))
    record = AuditRecord.objects.get(action="view", object_type="cases.case")
    assert record.participant == case.participant
    assert record.actor == case.coach


def test_other_peoples_drafts_are_not_shown(client):
    case = CaseFactory()
    colleague = UserFactory(coach=True, unit=case.unit)
    NoteFactory(case=case, author=colleague, text="Kollegans utkast")
    NoteFactory(case=case, text="Eget utkast")
    client.force_login(case.coach)
    content = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Eget utkast" in content
    assert "Kollegans utkast" not in content


def test_anonymous_visitors_are_sent_to_sign_in(client):
    case = CaseFactory()
    for url in (reverse("cases:my_cases"), reverse("cases:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
