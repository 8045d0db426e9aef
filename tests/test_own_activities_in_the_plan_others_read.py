"""The participant's own activities in the plan others read (issue 15): the partner's plan view
— with a consent to the plan in force, never for a protected person — and the printed plan
"Din plan", each saying it was written by the participant, with constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.cases import services as case_services
from lotsa.cases.constants import Agreement, OwnActivityKind
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory, partner_user
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.portal.services import participant_account_for

pytestmark = pytest.mark.django_db


def _add(case, title, **extra):
    person = participant_account_for(case.participant)
    case.refresh_from_db()
    return case_services.own_activity_add(
        actor=person,
        case=case,
        expected_plan_version=case.plan_version,
        title=title,
        **{"kind": OwnActivityKind.OWN, **extra},
    )


def _decide(case, own, agreement, reason=""):
    case.refresh_from_db()
    return case_services.own_activity_decide(
        actor=case.coach,
        own=own,
        expected_plan_version=case.plan_version,
        agreement=agreement,
        reason=reason,
    )


@pytest.fixture
def case():
    case = CaseFactory()
    job = _add(
        case,
        "Lagerarbetare",
        kind=OwnActivityKind.JOB_APPLICATION,
        employer="Lager AB",
        applied_on=datetime.date(2026, 1, 12),
        application_status="interview",
    )
    _decide(case, job, Agreement.AGREED)
    _add(case, "Träna på att åka buss")  # a proposal the coach has not answered
    declined = _add(case, "Resa till Thailand")
    _decide(case, declined, Agreement.DECLINED, reason="Inte en del av planen")
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def partner(case):
    return PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")


def _partner_page(client, partner, person):
    client.force_login(partner_user(partner))
    return client.get(reverse("collaboration:partner_person", args=[person.pk]))


def test_the_partner_with_a_plan_consent_sees_them_marked_as_the_participants(
    client, case, partner
):
    ConsentFactory(participant=case.participant, partners=[partner])

    page = _partner_page(client, partner, case.participant).content.decode()

    assert "Deltagarens egna aktiviteter" in page
    assert "Jobb jag söker: Lagerarbetare, Lager AB" in page
    assert "Kallad till intervju" in page
    assert "Något jag gör själv: Träna på att åka buss" in page
    assert page.count("Skrivet av: Deltagaren") == 2
    assert "<strong>Överenskommet</strong>" in page
    assert "Förslag som arbetscoachen inte har svarat på än" in page
    # Agreed first; a declined proposal is not part of the plan.
    assert page.index("Lagerarbetare") < page.index("Träna på att åka buss")
    assert "Thailand" not in page and "Inte en del av planen" not in page


def test_without_a_plan_consent_or_for_a_protected_person_the_partner_sees_none(
    client, case, partner
):
    ConsentFactory(
        participant=case.participant, partners=[partner], shares_plan=False, shares_meetings=True
    )
    meetings_only = _partner_page(client, partner, case.participant)
    assert meetings_only.status_code == 200
    assert "Lagerarbetare" not in meetings_only.content.decode()

    protected = CaseFactory(organisation=case.organisation, participant__is_protected=True)
    _add(protected, "Hemlig praktikplats")
    ConsentFactory(participant=protected.participant, partners=[partner])
    hidden = _partner_page(client, partner, protected.participant)
    assert hidden.status_code == 404
    assert "Hemlig praktikplats" not in hidden.content.decode()


def test_the_printed_plan_shows_them_with_who_wrote_them(client, case):
    client.force_login(case.coach)

    page = client.get(reverse("cases:participant_plan", args=[case.pk])).content.decode()

    assert "Det du gör själv" in page
    assert "Jobb jag söker: Lagerarbetare, Lager AB" in page
    assert "Sökt 12 januari 2026." in page
    assert page.count("Skrivet av: Deltagaren") == 2
    assert "Thailand" not in page


def test_the_printed_plan_of_a_protected_person_stays_with_their_own_staff(client):
    protected = CaseFactory(participant__is_protected=True)
    _add(protected, "Hemlig praktikplats")
    url = reverse("cases:participant_plan", args=[protected.pk])
    other_coach = UserFactory(
        coach=True, unit=UnitFactory(organisation=protected.organisation, support=True)
    )
    unit_coach = UserFactory(coach=True, unit=protected.unit)

    for outsider in (other_coach, unit_coach):
        client.force_login(outsider)
        answer = client.get(url)
        assert answer.status_code == 404
        assert "Hemlig praktikplats" not in answer.content.decode()
    client.force_login(protected.coach)
    assert "Hemlig praktikplats" in client.get(url).content.decode()


def test_the_pages_run_the_same_queries_for_few_and_many_own_activities(client, case, partner):
    ConsentFactory(participant=case.participant, partners=[partner])
    pages = [
        (
            partner_user(partner),
            reverse("collaboration:partner_person", args=[case.participant.pk]),
        ),
        (case.coach, reverse("cases:participant_plan", args=[case.pk])),
    ]
    few = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)  # the first request starts the session and the audit chain
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few.append(len(queries))
    for number in range(6):
        _add(case, f"Egen sak {number}")
    many = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert "Egen sak 5" in page
        many.append(len(queries))
    assert many == few
