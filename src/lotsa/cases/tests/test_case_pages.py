"""The case page, the plan forms and "Din plan" as a coach uses them without JavaScript."""

import datetime

import pytest
from django.urls import reverse

from lotsa.cases.constants import ActivityStatus, GoalKind, ResponsibleParty
from lotsa.cases.models import Activity, Goal, PlanVersion
from lotsa.cases.tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CaseFactory,
    GoalFactory,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(
        participant__first_name="Amina",
        participant__last_name="Berg",
        coach__first_name="Cia",
        coach__last_name="Coach",
        coach__email="cia.coach@example.invalid",
    )


def test_the_case_page_shows_summary_plan_follow_ups_and_forms(client, case):
    GoalFactory(case=case, description="Arbete inom lager")
    ActivityFactory(
        case=case,
        activity_type__name="Praktik",
        activity_type__skr_category=5,
        responsible=ResponsibleParty.EMPLOYER,
        extent=50,
        extent_unit="percent",
    )
    client.force_login(case.coach)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Ärende för Amina Berg",
        "Cia Coach",
        "14 dagar från remiss till start",
        "Arbete inom lager",
        "5. Praktik",
        "Arbetsgivaren",
        "50 procent av heltid",
        "Registrera uppföljning",
        "Ny anteckning",
        "Avsluta ärendet",
        "Flyttat",  # a closure reason in the select
        "<caption>Aktiviteter</caption>",
    ):
        assert text in content, text


def test_adding_a_goal_through_its_form(client, case):
    client.force_login(case.coach)
    url = reverse("cases:goal_add", args=[case.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert '<label for="id_description">' in form_page.content.decode()
    bad = client.post(url, {"expected_plan_version": "0", "kind": "", "description": ""})
    assert bad.context["form"].errors == {
        "kind": ["Välj vilken sorts mål det är."],
        "description": ["Beskriv målet."],
    }
    good = client.post(
        url, {"expected_plan_version": "0", "kind": GoalKind.WORK, "description": "Jobb"}
    )
    assert good.status_code == 302
    assert good["Location"].endswith("#plan")
    assert Goal.objects.get(case=case).description == "Jobb"


def test_adding_an_activity_with_end_before_start_shows_the_error_at_the_end_date(client, case):
    praktik = ActivityTypeFactory(organisation=case.organisation, internship=True)
    ActivityTypeFactory(organisation=case.organisation, name="Gammal", inactive=True)
    client.force_login(case.coach)
    url = reverse("cases:activity_add", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Praktik (SKR 5)" in page
    assert "Gammal" not in page
    data = {
        "expected_plan_version": "0",
        "activity_type": praktik.pk,
        "responsible": ResponsibleParty.PARTICIPANT,
        "starts_on": today().isoformat(),
        "ends_on": (today() - datetime.timedelta(days=1)).isoformat(),
        "extent": "75",
        "extent_unit": "hours",
        "status": ActivityStatus.PLANNED,
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "ends_on": ["Slutdatum kan inte vara före startdatum."],
        "extent": ["Högst 60 timmar i veckan."],
    }
    assert not Activity.objects.filter(case=case).exists()
    data.update(ends_on=(today() + datetime.timedelta(days=30)).isoformat(), extent="12,5")
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get(case=case)
    assert activity.skr_category == 5
    assert str(activity.extent) == "12.5"


def test_editing_and_removing_an_activity(client, case):
    activity = ActivityFactory(case=case)
    client.force_login(case.coach)
    edit = reverse("cases:activity_edit", args=[case.pk, activity.pk])
    form = client.get(edit).context["form"]
    assert form.initial["extent"] == "20"
    data = {
        "expected_plan_version": "0",
        "activity_type": activity.activity_type_id,
        "responsible": activity.responsible,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat(),
        "extent": "20",
        "extent_unit": "hours",
        "status": ActivityStatus.ONGOING,
    }
    assert client.post(edit, data).status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.ONGOING
    remove = reverse("cases:activity_remove", args=[case.pk, activity.pk])
    assert "Vill du ta bort" in client.get(remove).content.decode()
    assert client.post(remove, {"expected_plan_version": "1"}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert PlanVersion.objects.filter(case=case).count() == 2


def test_din_plan_speaks_to_the_participant_in_plain_words(client, case):
    GoalFactory(case=case, description="Ett jobb i en butik")
    ActivityFactory(
        case=case,
        activity_type__name="Jobbsökarstöd",
        responsible=ResponsibleParty.PARTICIPANT,
        starts_on=today() + datetime.timedelta(days=7),
    )
    ActivityFactory(
        case=case,
        activity_type__name="Praktik",
        responsible=ResponsibleParty.COACH,
        starts_on=today(),
        status=ActivityStatus.ONGOING,
    )
    ActivityFactory(
        case=case,
        activity_type__name="Initiering av insats via Arbetsförmedlingen",
        responsible=ResponsibleParty.ARBETSFORMEDLINGEN,
        starts_on=today(),
    )
    ActivityFactory(case=case, activity_type__name="Avslutad kurs", done=True)
    client.force_login(case.coach)
    response = client.get(reverse("cases:participant_plan", args=[case.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Din plan, Amina",
        "Ditt mål",
        "Ett jobb i en butik",
        "Nästa steg",
        "Vem gör vad",
        "<h3>Du</h3>",
        "<h3>Din arbetscoach</h3>",
        "<h3>Arbetsförmedlingen</h3>",
        "Pågår nu",
        "Cia Coach",
        "cia.coach@example.invalid",
        "data-print",
    ):
        assert text in content, text
    assert "Avslutad kurs" not in content
    steps = response.context["plan"].next_steps
    assert [step.activity_type.name for step in steps][-1] == "Jobbsökarstöd"
    assert response.context["plan"].next_meeting == case.next_follow_up_on
    assert "Vi följer upp din plan tillsammans" in content


def test_din_plan_gives_no_date_that_has_already_passed(client):
    case = CaseFactory(overdue=True)
    client.force_login(case.coach)
    response = client.get(reverse("cases:participant_plan", args=[case.pk]))
    assert response.context["plan"].next_meeting is None
    assert "Din arbetscoach bokar nästa möte med dig." in response.content.decode()


def test_pausing_and_resuming_through_the_pages(client, case):
    client.force_login(case.coach)
    client.post(reverse("cases:pause", args=[case.pk]), {"pause-reason": "Sjukskriven"})
    case.refresh_from_db()
    assert case.status == "paused"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Vilande" in page and "Aktivera ärendet igen" in page
    client.post(reverse("cases:resume", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == "active"
