"""The manager's extract page and its JSON download: who may open them, and what gets logged."""

import datetime
import json

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.retention.tests.factories import full_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return full_case(start=datetime.date(2025, 1, 13), closed=None, first_name="Sara")


@pytest.fixture
def manager(case):
    return UserFactory(manager=True, unit=case.unit)


def test_a_manager_sees_the_extract_with_a_download_link(client, case, manager):
    client.force_login(manager)
    response = client.get(reverse("retention:extract", args=[case.participant_id]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Registerutdrag för Sara" in html
    assert reverse("retention:extract_json", args=[case.participant_id]) in html
    assert "Ladda ner som JSON" in html
    assert "Journalanteckningar" in html and "Loggposter" in html
    assert "no-store" in response["Cache-Control"]
    actions = AuditRecord.objects.filter(participant=case.participant, actor=manager)
    assert sorted(actions.values_list("action", flat=True)) == ["export", "view"]


def test_the_json_download_is_an_attachment_without_the_name_in_the_file_name(
    client, case, manager
):
    client.force_login(manager)
    response = client.get(reverse("retention:extract_json", args=[case.participant_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="registerutdrag-{case.participant_id}-')
    assert "Sara" not in disposition
    data = json.loads(response.content)
    assert data["person"]["Namn"] == case.participant.full_name
    assert AuditRecord.objects.filter(actor=manager, action="export").count() == 1


def test_a_protected_person_is_not_found_for_a_manager_of_another_unit(client):
    case = full_case(start=datetime.date(2025, 1, 13), closed=None, is_protected=True)
    other_manager = UserFactory(
        manager=True, unit=UnitFactory(organisation=case.organisation, support=True)
    )
    client.force_login(other_manager)
    for name in ("retention:extract", "retention:extract_json"):
        response = client.get(reverse(name, args=[case.participant_id]))
        assert response.status_code == 404
    assert not AuditRecord.objects.filter(action="export").exists()


def test_the_manager_of_the_unit_running_the_case_reaches_a_protected_person(client):
    case = full_case(start=datetime.date(2025, 1, 13), closed=None, is_protected=True)
    client.force_login(UserFactory(manager=True, unit=case.unit))
    response = client.get(reverse("retention:extract", args=[case.participant_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["coach", "referrer", "administrator"])
def test_other_roles_are_forbidden_even_for_people_they_see(client, case, role):
    user = case.coach if role == "coach" else UserFactory(**{role: True}, unit=case.unit)
    if role == "referrer":
        user = case.referral.referrer
    client.force_login(user)
    for name in ("retention:extract", "retention:extract_json"):
        assert client.get(reverse(name, args=[case.participant_id])).status_code == 403
        # The answer is the same for a person who does not exist: nothing is revealed.
        assert client.get(reverse(name, args=[999_999])).status_code == 403
    assert not AuditRecord.objects.filter(action="export").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, case):
    response = client.get(reverse("retention:extract", args=[case.participant_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
