"""The monthly log review lists browsing: looking at a person one has no working relation to.

A working relation is one's case, referral, application, decision or meeting about the person;
sitting in the same unit is none. "Vem har tittat?" names what was read in Swedish.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import MeetingFactory
from lotsa.decisions.models import Decision
from lotsa.decisions.tests.factories import build_city, grant, investigated
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.oversight.queries import object_name
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return {"start": (today - timedelta(days=1)).isoformat(), "end": today.isoformat()}


def _review(client, manager):
    client.force_login(manager)
    response = client.get(reverse("oversight:review"), _period())
    assert response.status_code == 200
    return response


def _listed(client, manager) -> list[tuple[str, int]]:
    response = _review(client, manager)
    return [
        (record.actor.username, record.participant_id)
        for record, _what in response.context["outside"]
    ]


def _viewed(user, person):
    audit_record(actor=user, action=AuditAction.VIEW, obj=person, participant=person)


def test_a_coach_opening_a_colleagues_participant_in_the_own_unit_is_listed(client):
    unit = UnitFactory(support=True)
    manager = UserFactory(manager=True, unit=unit)
    browsing = UserFactory(coach=True, unit=unit, username="nyfiken")
    colleagues_case = CaseFactory(unit=unit)
    own_case = CaseFactory(unit=unit, coach=browsing)

    client.force_login(browsing)
    assert (
        client.get(reverse("people:detail", args=[colleagues_case.participant_id])).status_code
        == 200
    )
    assert client.get(reverse("people:detail", args=[own_case.participant_id])).status_code == 200

    listed = _listed(client, manager)
    assert ("nyfiken", colleagues_case.participant_id) in listed
    assert ("nyfiken", own_case.participant_id) not in listed
    # The row says what was looked at, in Swedish.
    rows = _review(client, manager).context["outside"]
    assert all("people.participant" not in what for _record, what in rows)
    assert any(what.startswith("Deltagare") for _record, what in rows)


def test_ones_case_referral_and_meeting_are_working_relations(client):
    unit = UnitFactory(support=True)
    referring = UnitFactory(organisation=unit.organisation)
    manager = UserFactory(manager=True, unit=unit)
    coach = UserFactory(coach=True, unit=unit, username="coach")
    other_coach = UserFactory(coach=True, unit=unit)
    referrer = UserFactory(referrer=True, unit=referring, username="remittent")
    referring_manager = UserFactory(manager=True, unit=referring)

    coached = CaseFactory(unit=unit, coach=coach).participant
    met = CaseFactory(unit=unit, coach=other_coach)
    MeetingFactory(case=met, registered_by=coach)
    in_queue = ParticipantFactory(unit=referring)
    ReferralFactory(participant=in_queue, referrer=referrer, receiving_unit=unit)
    referred = ParticipantFactory(unit=referring)
    ReferralFactory(participant=referred, referrer=referrer, receiving_unit=unit)
    colleagues = CaseFactory(unit=unit, coach=other_coach).participant

    for person in (coached, met.participant, in_queue, colleagues):
        _viewed(coach, person)
    _viewed(referrer, referred)
    _viewed(manager, colleagues)  # the manager answers for every case of the unit

    assert _listed(client, manager) == [("coach", colleagues.pk)]
    assert _listed(client, referring_manager) == []


def test_ones_application_and_decision_are_working_relations(client):
    city = build_city()
    colleague = UserFactory(referrer=True, unit=city.office, username="kollega")
    decider = UserFactory(referrer=True, unit=city.office, username="beslutsfattare")
    handled = investigated(city).participant
    decided = grant(city, investigated(city))
    Decision.objects.filter(pk=decided.pk).update(decided_by=decider)
    stranger = city.person()
    # Nobody here registered the people looked at: only the application and decision count.
    Participant.objects.update(registered_by=city.manager)

    _viewed(city.officer, handled)
    _viewed(decider, decided.participant)
    _viewed(colleague, handled)
    _viewed(decider, stranger)

    assert sorted(_listed(client, city.manager)) == [
        ("beslutsfattare", stranger.pk),
        ("kollega", handled.pk),
    ]


def test_the_review_runs_the_same_number_of_queries_for_one_lookup_as_for_many(client):
    unit = UnitFactory(support=True)
    manager = UserFactory(manager=True, unit=unit)
    browsing = UserFactory(coach=True, unit=unit)
    people = [CaseFactory(unit=unit).participant for _ in range(6)]
    _viewed(browsing, people[0])
    client.force_login(manager)
    url = reverse("oversight:review")
    client.get(url, _period())  # the session's first request loads what later ones reuse
    with CaptureQueriesContext(connection) as one:
        client.get(url, _period())
    for person in people[1:]:
        _viewed(browsing, person)
        _viewed(UserFactory(coach=True, unit=unit), person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, _period())
    assert len(response.context["outside"]) == 11
    assert len(many) == len(one)


def test_who_has_looked_names_what_was_read_in_swedish(client):
    case = CaseFactory()
    manager = UserFactory(manager=True, unit=case.unit)
    client.force_login(case.coach)
    client.get(reverse("people:detail", args=[case.participant_id]))
    client.get(reverse("cases:detail", args=[case.pk]))
    client.force_login(manager)
    response = client.get(reverse("oversight:participant_log", args=[case.participant_id]))
    page = response.content.decode()
    assert "people.participant" not in page
    assert "cases.case" not in page
    whats = [what for _record, what in response.context["rows"]]
    assert "Deltagare" in whats
    assert any(what.startswith("Ärende") for what in whats)


def test_every_model_has_a_swedish_name_in_the_log():
    from django.apps import apps
    from django.utils.text import camel_case_to_spaces

    for model in apps.get_models():
        if not model.__module__.startswith("lotsa."):
            continue
        name = object_name(model._meta.label_lower)
        assert "." not in name, model._meta.label_lower
        made_up = camel_case_to_spaces(model.__name__)
        assert name.lower() != made_up or made_up == "organisation", model._meta.label_lower
    assert object_name("statistics.board") == "Styrelserapport"
    assert object_name("nothing.known") == "Uppgifter"
