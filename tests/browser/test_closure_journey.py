"""Closing a case reaches every part (issue 13): a coach closes a case that holds an arena seat,
an OSA employment and an open invitation to an anonymous survey. The manager then finds the seat
free, no cost for the employment after the closure month, and survey results that did not move
by the one answer given after the closure."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.surveys import services as survey_services
from lotsa.work import services as work_services
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory, catalogue_install
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answers(survey, value=4):
    return {question.pk: str(value) for question in survey.questions.filter(kind="scale")}


def _month_row(page, month: datetime.date):
    return page.get_by_role("row", name=f"{month:%Y-%m}", exact=False)


def test_closing_frees_the_seat_stops_the_cost_and_moves_no_survey_result_by_one(page):
    today = timezone.localdate()
    closes = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    unit = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(username="coachen", coach=True, unit=unit)
    UserFactory(username="chefen", manager=True, unit=unit)
    admin = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    catalogue_install(unit.organisation)
    case = CaseFactory(
        unit=unit,
        coach=coach,
        start_date=closes - datetime.timedelta(days=120),
        participant__first_name="Olle",
        participant__last_name="Osason",
        participant__email="olle@example.se",
    )
    arena = TrainingArenaFactory(unit=unit, name="Möbelprojekt", places=1)
    employer = EmployerFactory(
        organisation=unit.organisation, municipal=True, name="Solviks kommun"
    )
    work_services.placement_create(
        actor=coach,
        case=case,
        kind=PlacementKind.WORK_TRAINING,
        arena=arena,
        starts_on=closes - datetime.timedelta(days=90),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
    )
    work_services.placement_create(
        actor=coach,
        case=case,
        kind=PlacementKind.EMPLOYMENT,
        subsidy_type=SubsidyType.OSA,
        employer=employer,
        starts_on=closes - datetime.timedelta(days=60),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
        monthly_salary_cost="30000",
        grant_rate="80",
    )
    # An anonymous survey with five answers already published, and Olle's invitation open.
    rating = survey_services.survey_template_install(actor=admin, key="rating")
    for _index in range(5):
        other = CaseFactory(unit=unit, coach=coach, participant__email="a@example.se")
        sent = survey_services.invitation_send(actor=coach, survey=rating, case=other)
        survey_services.response_submit(invitation=sent.invitation, answers=_answers(rating, 5))
    survey_services.publish_responses(survey=rating)
    olles = survey_services.invitation_send(actor=coach, survey=rating, case=case)

    sign_in(page, "chefen")
    page.goto(reverse("work:arena_detail", args=[arena.pk]))
    free_today = page.locator("dt:text-is('Lediga i dag') + dd")
    expect(free_today).to_have_text("0")
    page.goto(reverse("surveys:results", args=[rating.pk]))
    expect(page.get_by_text("5 personer har svarat under perioden.")).to_be_visible()
    results_before = page.locator("main").inner_text()
    sign_out(page)

    # The coach closes the case; the closing page lists both placements and ends them.
    sign_in(page, "coachen")
    page.goto(reverse("cases:detail", args=[case.pk]))
    page.goto(reverse("cases:close", args=[case.pk]))
    expect(page.get_by_role("heading", name="Det som pågår i ärendet")).to_be_visible()
    assert page.get_by_role("combobox").count() >= 3  # the reason and one choice per placement
    assert_accessible(page)
    page.get_by_label("Avslutsorsak").select_option("work_subsidised")
    page.get_by_label("Avslutsdatum").fill(closes.isoformat())
    page.get_by_label("Anställningen började (eller börjar)").fill(closes.isoformat())
    page.get_by_role("group", name="Är det en kommunal arbetsmarknadsanställning?").get_by_label(
        "Nej"
    ).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Avsluta ärendet").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Avslutat").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # After the closure Olle answers the anonymous survey through the link.
    survey_services.response_submit(invitation=olles.invitation, answers=_answers(rating, 1))

    sign_in(page, "chefen")
    page.goto(reverse("work:arena_detail", args=[arena.pk]))
    expect(page.locator("dt:text-is('Lediga i dag') + dd")).to_have_text("1")
    assert_accessible(page)
    page.goto(reverse("work:costs") + f"?year={closes.year}")
    expect(_month_row(page, closes)).to_contain_text("1")
    following = (closes.replace(day=28) + datetime.timedelta(days=7)).replace(day=1)
    if following.year == closes.year:
        row = _month_row(page, following)
        expect(row).to_be_visible()
        cells = row.get_by_role("cell").all_inner_texts()
        assert cells[0].strip() == "0", cells
    assert_accessible(page)
    page.goto(reverse("surveys:results", args=[rating.pk]))
    expect(page.get_by_text("5 personer har svarat under perioden.")).to_be_visible()
    assert page.locator("main").inner_text() == results_before
    assert_accessible(page)
