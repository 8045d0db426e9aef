import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from lotsa.collaboration.models import Consent
from lotsa.collaboration.services import consent_register, partner_create
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(case):
    return UserFactory(administrator=True, unit=None, organisation=case.organisation)


def _consent(case, admin, name):
    partner = partner_create(actor=admin, name=name, kind="region")
    return consent_register(
        actor=case.coach,
        participant=case.participant,
        partners=[partner],
        scopes=["plan"],
        given_on=timezone.localdate(),
        form="written",
    )


def _add_rows(case, admin, count):
    for number in range(count):
        GoalFactory(case=case)
        ActivityFactory(case=case, responsible="participant")
        _consent(case, admin, f"Part {case.pk}-{number}-{Consent.objects.count()}")


def test_the_page_shows_only_the_persons_own_plan_and_logs_the_look_up(client, case, admin):
    ActivityFactory(case=case, activity_type__name="Praktik på lager", responsible="participant")
    other = CaseFactory(organisation=case.organisation, unit=case.unit)
    ActivityFactory(case=other, activity_type__name="Hemlig aktivitet")
    user = participant_account_for(case.participant)
    client.force_login(user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Praktik på lager" in page and "Hemlig aktivitet" not in page
    assert other.participant.last_name not in page
    assert AuditRecord.objects.filter(
        actor=user, action="view", participant_id=case.participant_id
    ).exists()


def test_the_page_runs_a_fixed_number_of_queries(client, case, admin):
    _add_rows(case, admin, 1)
    client.force_login(participant_account_for(case.participant))
    client.get(reverse("portal:home"))  # the session's first request writes its timestamps
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("portal:home")).status_code == 200
    _add_rows(case, admin, 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("portal:home")).status_code == 200
    assert len(few) == len(many)


def test_the_person_withdraws_their_own_consent_and_only_theirs(client, case, admin):
    own = _consent(case, admin, "Regionen")
    other_case = CaseFactory(organisation=case.organisation, unit=case.unit)
    foreign = consent_register(
        actor=other_case.coach,
        participant=other_case.participant,
        partners=[own.partners.get()],
        scopes=["plan"],
        given_on=timezone.localdate() - datetime.timedelta(days=1),
        form="verbal",
    )
    user = participant_account_for(case.participant)
    client.force_login(user)
    url = reverse("portal:consent_revoke", args=[foreign.pk])
    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
    response = client.post(reverse("portal:consent_revoke", args=[own.pk]), follow=True)
    assert "Samtycket är återkallat." in response.content.decode()
    own.refresh_from_db()
    assert own.revoked_at is not None and own.revoked_by == user
    again = client.post(reverse("portal:consent_revoke", args=[own.pk]), follow=True)
    assert "Samtycket är redan återkallat." in again.content.decode()


def test_a_person_with_protected_identity_sees_their_own_pages(client):
    case = CaseFactory(participant__is_protected=True)
    ActivityFactory(case=case, activity_type__name="Studier", responsible="participant")
    client.force_login(participant_account_for(case.participant))
    assert "Studier" in client.get(reverse("portal:home")).content.decode()
