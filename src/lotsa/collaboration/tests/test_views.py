import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.models import Activity
from lotsa.cases.tests.factories import ActivityTypeFactory
from lotsa.collaboration.models import Consent, CoordinationMeeting, PartnerContact
from lotsa.collaboration.tests.factories import (
    ConsentFactory,
    MeetingFactory,
    PartnerContactFactory,
    PartnerFactory,
)
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def af(case):
    return PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")


def test_coach_registers_a_consent_through_the_page(client, case, af):
    client.force_login(case.coach)
    url = reverse("collaboration:consent_register", args=[case.participant.pk])
    response = client.post(
        url,
        {
            "partners": [af.pk],
            "scopes": ["plan"],
            "given_on": timezone.localdate().isoformat(),
            "form": "verbal",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.form == "verbal" and consent.scopes == ["plan"]
    listing = client.get(reverse("collaboration:consents", args=[case.participant.pk]))
    assert "Arbetsförmedlingen" in listing.content.decode()


def test_a_consent_ending_before_it_starts_shows_the_message_at_the_field(client, case, af):
    client.force_login(case.coach)
    given = timezone.localdate()
    response = client.post(
        reverse("collaboration:consent_register", args=[case.participant.pk]),
        {
            "partners": [af.pk],
            "scopes": ["plan"],
            "given_on": given.isoformat(),
            "valid_to": (given - datetime.timedelta(days=3)).isoformat(),
            "form": "written",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Samtycket kan inte upphöra innan det börjar gälla" in body
    assert 'id="id_valid_to_error"' in body
    assert not Consent.objects.exists()


def test_revoking_through_the_page(client, case, af):
    consent = ConsentFactory(participant=case.participant, partners=[af])
    client.force_login(case.coach)
    url = reverse("collaboration:consent_revoke", args=[consent.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None


def test_recording_a_meeting_puts_agreed_actions_into_the_plan(client, case, af):
    activity_type = ActivityTypeFactory(organisation=case.organisation, internship=True)
    client.force_login(case.coach)
    url = reverse("collaboration:meeting_create", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "three_party",
        "meets_on": timezone.localdate().isoformat(),
        "parties": ["participant", "coach", "arbetsformedlingen"],
        "partners": [af.pk],
        "agreed": "Praktik på lager.",
        "plan_version": "0",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "10",
        "actions-0-activity_type": str(activity_type.pk),
        "actions-0-description": "Praktik på lager",
        "actions-0-responsible": "arbetsformedlingen",
        "actions-0-starts_on": timezone.localdate().isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(case=case)
    assert activity.responsible == "arbetsformedlingen"
    assert activity.meeting_action.meeting == CoordinationMeeting.objects.get()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Trepartssamtal" in page and "Praktik på lager" in page


def test_a_half_filled_action_row_shows_its_error_and_saves_nothing(client, case):
    client.force_login(case.coach)
    response = client.post(
        reverse("collaboration:meeting_create", args=[case.pk]),
        {
            "kind": "sip",
            "meets_on": timezone.localdate().isoformat(),
            "plan_version": "0",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Något utan aktivitet",
        },
    )
    assert response.status_code == 200
    assert "Åtgärd 1 behöver rättas" in response.content.decode()
    assert not CoordinationMeeting.objects.exists()


def test_administrator_creates_a_partner_user_without_a_unit(client, af):
    admin = UserFactory(administrator=True, unit=None, organisation=af.organisation)
    contact = PartnerContactFactory(partner=af, name="Eva Ek", email="eva@af.example")
    client.force_login(admin)
    response = client.post(
        reverse("collaboration:partner_user_create", args=[contact.pk]),
        {"username": "eva.af", "password": "ett långt lösenord för eva"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="eva.af")
    assert (user.role, user.unit, user.organisation) == (Role.PARTNER, None, af.organisation)
    assert PartnerContact.objects.get(pk=contact.pk).user == user
    # A password typed into the form is ignored: the person sets their own through the link.
    assert not user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["eva@af.example"]]
    link = next(word for word in mail.outbox[0].body.split() if "/konto/inbjudan/" in word)
    assert link.startswith("http://testserver/konto/inbjudan/")
    again = client.post(
        reverse("collaboration:partner_user_create", args=[contact.pk]),
        {"username": "eva2"},
    )
    assert "redan en användare" in again.content.decode()


def test_partner_edit_refuses_a_stale_version(client, af):
    admin = UserFactory(administrator=True, unit=None, organisation=af.organisation)
    client.force_login(admin)
    url = reverse("collaboration:partner_edit", args=[af.pk])
    form = {"name": "AF Solvik", "kind": "arbetsformedlingen", "is_active": "on", "version": "0"}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "name": "Annat namn"})
    assert stale.status_code == 200
    assert "Någon annan har sparat" in stale.content.decode()
    af.refresh_from_db()
    assert af.name == "AF Solvik"


def test_case_panel_runs_the_same_queries_for_few_and_many(client, case, af):
    client.force_login(case.coach)
    url = reverse("cases:detail", args=[case.pk])
    ConsentFactory(participant=case.participant, partners=[af])
    MeetingFactory(case=case)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        ConsentFactory(
            participant=case.participant,
            partners=[af, PartnerFactory(organisation=case.organisation)],
        )
        MeetingFactory(case=case)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/samverkan/moten/") >= 5
    assert len(many) == len(few)
