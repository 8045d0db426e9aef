import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.models import Note
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from lotsa.collaboration import services
from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory, partner_user
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    case = CaseFactory()
    af = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen Solvik")
    GoalFactory(case=case, description="Arbete inom lager")
    ActivityFactory(case=case, description="Truckkort")
    Note.objects.create(
        case=case,
        author=case.coach,
        kind="conversation",
        occurred_on=timezone.localdate(),
        text="Hemlig anteckning om hälsan",
        status="signed",
        signed_at=timezone.now(),
    )
    return {"case": case, "af": af, "user": partner_user(af)}


def _client(client, user):
    client.force_login(user)
    return client


def test_partner_sees_only_the_plan_when_only_the_plan_is_consented(client, world):
    case = world["case"]
    consent = ConsentFactory(participant=case.participant, partners=[world["af"]])
    response = _client(client, world["user"]).get(
        reverse("collaboration:partner_person", args=[case.participant.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Arbete inom lager" in body and "Truckkort" in body
    assert "Hemlig anteckning" not in body
    assert case.participant.personal_number not in body
    record = AuditRecord.objects.filter(actor=world["user"]).latest("seq")
    assert record.object_type == "collaboration.consent"
    assert record.object_id == str(consent.pk)
    assert record.participant_id == case.participant.pk
    assert record.changes == {"consents": [consent.pk], "scopes": ["plan"]}


def test_notes_show_when_notes_are_consented(client, world):
    case = world["case"]
    ConsentFactory(participant=case.participant, partners=[world["af"]], shares_notes=True)
    body = (
        _client(client, world["user"])
        .get(reverse("collaboration:partner_person", args=[case.participant.pk]))
        .content.decode()
    )
    assert "Hemlig anteckning" in body


def test_without_consent_the_partner_gets_404_and_it_is_audited(client, world):
    case = world["case"]
    other_partner = PartnerFactory(organisation=case.organisation, insurance=True)
    ConsentFactory(participant=case.participant, partners=[other_partner])
    response = _client(client, world["user"]).get(
        reverse("collaboration:partner_person", args=[case.participant.pk])
    )
    assert response.status_code == 404
    record = AuditRecord.objects.filter(actor=world["user"]).latest("seq")
    assert record.changes["denied"] is True
    assert record.participant_id == case.participant.pk
    assert "Hemlig" not in response.content.decode()


def test_revoking_removes_the_person_from_the_partner_at_once(client, world):
    case = world["case"]
    consent = ConsentFactory(participant=case.participant, partners=[world["af"]])
    partner_client = _client(client, world["user"])
    listing = partner_client.get(reverse("collaboration:partner_people"))
    assert case.participant.last_name in listing.content.decode()
    services.consent_revoke(actor=case.coach, consent=consent)
    listing = partner_client.get(reverse("collaboration:partner_people"))
    assert case.participant.last_name not in listing.content.decode()
    detail = partner_client.get(reverse("collaboration:partner_person", args=[case.participant.pk]))
    assert detail.status_code == 404


def test_expired_consent_and_protected_person_are_not_shown(client, world):
    af = world["af"]
    expired = ParticipantFactory(unit=world["case"].unit)
    ConsentFactory(
        participant=expired,
        partners=[af],
        given_on=timezone.localdate() - datetime.timedelta(days=60),
        valid_to=timezone.localdate() - datetime.timedelta(days=1),
    )
    protected = ParticipantFactory(unit=world["case"].unit, protected=True)
    ConsentFactory(participant=protected, partners=[af])
    partner_client = _client(client, world["user"])
    body = partner_client.get(reverse("collaboration:partner_people")).content.decode()
    assert expired.last_name not in body and protected.last_name not in body
    for person in (expired, protected):
        url = reverse("collaboration:partner_person", args=[person.pk])
        assert partner_client.get(url).status_code == 404


def test_staff_may_not_open_partner_pages(client, world):
    response = _client(client, world["case"].coach).get(reverse("collaboration:partner_people"))
    assert response.status_code == 403


def test_partner_list_runs_the_same_queries_for_one_and_many(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    af, unit = world["af"], world["case"].unit
    ConsentFactory(participant=world["case"].participant, partners=[af])
    partner_client = _client(client, world["user"])
    url = reverse("collaboration:partner_people")
    partner_client.get(url)  # the first request starts the session and the audit chain
    with CaptureQueriesContext(connection) as one:
        partner_client.get(url)
    for _ in range(8):
        ConsentFactory(participant=ParticipantFactory(unit=unit), partners=[af])
    with CaptureQueriesContext(connection) as many:
        response = partner_client.get(url)
    assert response.content.decode().count("/samverkan/personer/") >= 9
    assert len(many) == len(one)


def test_partner_person_runs_the_same_queries_for_small_and_large_plans(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = world["case"]
    ConsentFactory(participant=case.participant, partners=[world["af"]], shares_notes=True)
    partner_client = _client(client, world["user"])
    url = reverse("collaboration:partner_person", args=[case.participant.pk])
    partner_client.get(url)  # the first request starts the session and the audit chain
    with CaptureQueriesContext(connection) as small:
        partner_client.get(url)
    for _ in range(5):
        ActivityFactory(case=case)
        GoalFactory(case=case)
    with CaptureQueriesContext(connection) as large:
        partner_client.get(url)
    assert len(large) == len(small)
