"""'Vem har tittat på mina uppgifter?': staff by role and unit, partners by organisation."""

import pytest
from django.urls import reverse

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory, partner_user
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.portal.queries import ACCESS_LOG_PAGE_SIZE
from lotsa.portal.services import participant_account_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(
        coach__first_name="Kerstin", coach__last_name="Coachberg", unit__name="Jobbcentrum Öst"
    )


def _partner_reader(case):
    partner = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen Sundby")
    ConsentFactory(participant=case.participant, partners=[partner])
    return partner_user(partner)


def test_the_coachs_and_the_partners_reads_show_by_role_unit_and_organisation(client, case):
    reader = _partner_reader(case)
    client.force_login(case.coach)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    client.force_login(reader)
    response = client.get(reverse("collaboration:partner_person", args=[case.participant_id]))
    assert response.status_code == 200

    client.force_login(participant_account_for(case.participant))
    page = client.get(reverse("portal:access_log")).content.decode()

    assert "Arbetscoach, Jobbcentrum Öst" in page
    assert "Samverkanspart: Arbetsförmedlingen Sundby" in page
    assert "Läste" in page
    # Staff are shown by role and unit, never by name.
    assert "Coachberg" not in page and "Kerstin" not in page
    assert reader.username not in page


def test_the_persons_own_visits_and_other_peoples_logs_are_left_out(client, case):
    protected = ParticipantFactory(
        organisation=case.organisation, unit=case.unit, is_protected=True, last_name="Skyddadsson"
    )
    manager = UserFactory(manager=True, unit=case.unit, organisation=case.organisation)
    audit_record(
        actor=manager,
        action=AuditAction.VIEW,
        obj=protected,
        participant=protected,
        summary="Läste Skyddadsson",
    )
    user = participant_account_for(case.participant)
    client.force_login(user)
    client.get(reverse("portal:home"))

    page = client.get(reverse("portal:access_log")).content.decode()

    assert "Skyddadsson" not in page
    assert "Enhetschef" not in page
    assert "Ingen personal har läst dina uppgifter ännu." in page


def test_the_log_is_paged_and_reads_in_a_constant_number_of_queries(
    client, case, django_assert_max_num_queries
):
    user = participant_account_for(case.participant)
    client.force_login(user)

    def read(count):
        for _number in range(count):
            audit_record(
                actor=case.coach, action=AuditAction.VIEW, obj=case, participant=case.participant
            )
        with django_assert_max_num_queries(16) as context:
            response = client.get(reverse("portal:access_log"))
        assert response.status_code == 200
        return len(context.captured_queries)

    client.get(reverse("portal:access_log"))  # the first request of a session writes it
    few = read(2)
    many = read(ACCESS_LOG_PAGE_SIZE * 2)
    assert many == few

    second = client.get(reverse("portal:access_log") + "?sida=2").content.decode()
    assert "Sida 2 av 3" in second


def test_staff_cannot_open_the_participants_access_log(client, case):
    client.force_login(case.coach)
    assert client.get(reverse("portal:access_log")).status_code == 403
