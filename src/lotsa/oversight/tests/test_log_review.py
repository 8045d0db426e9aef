"""The manager's log review: activity per member and look-ups outside one's own work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_world():
    unit = UnitFactory(name="Försörjningsstöd")
    other = UnitFactory(organisation=unit.organisation, name="Socialpsykiatri")
    manager = UserFactory(manager=True, unit=unit)
    # A referrer in the unit, who by policy sees only own-unit people and own referrals.
    referrer = UserFactory(referrer=True, unit=unit, first_name="Rolf", last_name="Remiss")
    own = ParticipantFactory(unit=unit)
    stranger = ParticipantFactory(unit=other)
    return {
        "unit": unit,
        "other": other,
        "manager": manager,
        "referrer": referrer,
        "own": own,
        "stranger": stranger,
    }


def _period():
    today = timezone.localdate()
    return {"start": (today - timedelta(days=1)).isoformat(), "end": today.isoformat()}


def test_lookups_of_people_without_a_working_relation_are_listed_inside_the_unit_too(
    client, unit_world
):
    from lotsa.audit.constants import AuditAction
    from lotsa.audit.services import audit_record

    # Written straight to the log: today's policy would not let the referrer open 'stranger',
    # but look-ups by someone who has since changed unit, or made through another way in
    # (an export, the API), must still surface in the review.
    audit_record(
        actor=unit_world["referrer"],
        action=AuditAction.VIEW,
        obj=unit_world["stranger"],
        participant=unit_world["stranger"],
    )
    audit_record(
        actor=unit_world["referrer"],
        action=AuditAction.VIEW,
        obj=unit_world["own"],
        participant=unit_world["own"],
    )

    client.force_login(unit_world["manager"])
    response = client.get(reverse("oversight:review"), _period())
    assert response.status_code == 200
    outside = [record.participant_id for record, _what in response.context["outside"]]
    # Neither person is in the referrer's work: one is in another unit, one only in the same.
    assert sorted(outside) == sorted([unit_world["stranger"].pk, unit_world["own"].pk])
    members = {member.username: member for member in response.context["members"]}
    assert members[unit_world["referrer"].username].view_count == 2
    assert members[unit_world["referrer"].username].people_count == 2


def test_manager_reads_a_members_log_for_the_period(client, unit_world):
    client.force_login(unit_world["referrer"])
    client.get(reverse("people:detail", args=[unit_world["own"].pk]))
    client.force_login(unit_world["manager"])
    response = client.get(
        reverse("oversight:user_log", args=[unit_world["referrer"].pk]), _period()
    )
    assert response.status_code == 200
    assert any(r.participant_id == unit_world["own"].pk for r in response.context["page"])


@pytest.mark.parametrize("role", ["referrer", "coach", "administrator"])
def test_only_managers_review_the_log(client, unit_world, role):
    user = UserFactory(unit=unit_world["unit"], role=role)
    client.force_login(user)
    assert client.get(reverse("oversight:review")).status_code == 403
    assert (
        client.get(reverse("oversight:user_log", args=[unit_world["referrer"].pk])).status_code
        == 403
    )


def test_manager_cannot_read_the_log_of_another_units_member(client, unit_world):
    outsider = UserFactory(referrer=True, unit=unit_world["other"])
    client.force_login(unit_world["manager"])
    response = client.get(reverse("oversight:user_log", args=[outsider.pk]))
    assert response.status_code == 403


def test_end_before_start_gets_a_swedish_message(client, unit_world):
    client.force_login(unit_world["manager"])
    response = client.get(reverse("oversight:review"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
