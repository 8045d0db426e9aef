"""A participant's member municipality, across apps: the participant form offers only the
association's own members, the board report splits by them (and a municipality's report has no
such section), the data-subject extract holds it, and no other organisation's member is taken."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.tests.factories import CaseFactory
from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.services import member_municipality_add, organisation_onboard
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register, participant_update
from lotsa.retention.extract import participant_extract
from lotsa.statistics.periods import Period
from lotsa.statistics.report import ReportFilter, board_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    operator = InstanceAdministratorFactory()
    association = organisation_onboard(
        actor=operator, name="Förbundet", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    karlstad = member_municipality_add(
        actor=operator, organisation=association, name="Karlstad", municipality_code="1780"
    )
    hammaro = member_municipality_add(
        actor=operator, organisation=association, name="Hammarö", municipality_code="1782"
    )
    unit = UnitFactory(organisation=association, support=True)
    coach = UserFactory(coach=True, unit=unit)
    return {"association": association, "karlstad": karlstad, "hammaro": hammaro, "coach": coach}


def register(coach, number, member):
    return participant_register(
        actor=coach,
        personal_number=make_personnummer(datetime.date(1990, 1, 1), number).canonical,
        first_name="Test",
        last_name=f"Person{number}",
        member_municipality=member,
    )


def test_the_board_report_splits_an_associations_participants_by_member(world):
    coach = world["coach"]
    for number, member in enumerate(
        [world["karlstad"]] * 6 + [world["hammaro"]] * 5 + [None], start=100
    ):
        CaseFactory(participant=register(coach, number * 2, member), unit=coach.unit, coach=coach)
    today = timezone.localdate()
    report = board_report(
        ReportFilter(
            organisation=world["association"],
            period=Period(start=today - datetime.timedelta(days=365), end=today),
        )
    )
    table = next(s for s in report.sections if s.key == "member_municipalities").tables[0]
    active = dict(zip(table.rows, (row[1] for row in table.current), strict=True))
    assert active == {"Hammarö (1782)": 5, "Karlstad (1780)": 6, "Medlemskommun saknas": 1}


def test_a_municipalitys_report_has_no_member_section():
    case = CaseFactory()
    today = timezone.localdate()
    report = board_report(
        ReportFilter(
            organisation=case.organisation,
            period=Period(start=today - datetime.timedelta(days=30), end=today),
        )
    )
    assert "member_municipalities" not in {section.key for section in report.sections}


def test_the_extract_holds_the_member_municipality(world):
    participant = register(world["coach"], 500, world["karlstad"])
    extract = str(participant_extract(participant))
    assert "Karlstad" in extract


def test_another_organisations_member_municipality_is_refused(world):
    operator = InstanceAdministratorFactory()
    other = organisation_onboard(
        actor=operator, name="Annat förbund", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    foreign = member_municipality_add(
        actor=operator, organisation=other, name="Grums", municipality_code="1764"
    )
    with pytest.raises(ValidationError) as refused:
        register(world["coach"], 502, foreign)
    assert "member_municipality" in refused.value.message_dict
    participant = register(world["coach"], 504, world["hammaro"])
    with pytest.raises(ValidationError):
        participant_update(
            actor=world["coach"],
            participant=participant,
            expected_version=participant.version,
            member_municipality=foreign,
        )


def test_the_participant_form_offers_the_associations_members_only(client, world):
    client.force_login(world["coach"])
    page = client.get(reverse("people:create")).content.decode()
    assert "Medlemskommun" in page and "Karlstad (1780)" not in page and ">Karlstad<" in page
    assert "Grums" not in page
