"""Two coaches revise the same plan at once: the second gets a conflict, never an overwrite."""

import datetime

import pytest
from django.urls import reverse

from lotsa.cases import services
from lotsa.cases.constants import ActivityStatus, GoalKind, ResponsibleParty
from lotsa.cases.models import Case, Goal, PlanVersion
from lotsa.cases.tests.factories import ActivityTypeFactory, CaseFactory, GoalFactory, today
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    case = CaseFactory()
    colleague = UserFactory(coach=True, unit=case.unit, first_name="Kim", last_name="Kollega")
    internship = ActivityTypeFactory(organisation=case.organisation, internship=True)
    goal = services.goal_add(
        actor=case.coach, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="Jobb"
    )
    return case, colleague, internship, goal


def test_the_second_concurrent_revision_gets_a_conflict_and_nothing_is_overwritten(setting):
    case, colleague, internship, goal = setting
    seen_by_both = Case.objects.get(pk=case.pk).plan_version  # both open the plan at version 1
    mine = Case.objects.get(pk=case.pk)
    theirs = Case.objects.get(pk=case.pk)

    services.activity_add(
        actor=colleague,
        case=theirs,
        expected_plan_version=seen_by_both,
        activity_type=internship,
        responsible=ResponsibleParty.PARTICIPANT,
        starts_on=today(),
    )
    stale_goal = Goal.objects.get(pk=goal.pk)
    with pytest.raises(EditConflictError) as conflict:
        services.goal_update(
            actor=mine.coach,
            goal=stale_goal,
            expected_plan_version=seen_by_both,
            description="Jobb inom handeln",
        )

    assert conflict.value.current.pk == case.pk
    assert conflict.value.current.plan_version == seen_by_both + 1
    assert "Någon annan har sparat ändringar" in conflict.value.messages[0]
    goal.refresh_from_db()
    assert goal.description == "Jobb"
    assert list(PlanVersion.objects.filter(case=case).values_list("number", flat=True)) == [2, 1]
    assert case.activities.count() == 1


@pytest.mark.parametrize(
    "action", ["goal_add", "goal_remove", "activity_update", "activity_remove"]
)
def test_every_plan_service_checks_the_version_it_was_given(setting, action):
    case, colleague, internship, goal = setting
    activity = services.activity_add(
        actor=case.coach,
        case=case,
        expected_plan_version=1,
        activity_type=internship,
        responsible=ResponsibleParty.COACH,
        starts_on=today(),
    )
    stale = 1  # the plan is at version 2 now
    calls = {
        "goal_add": lambda: services.goal_add(
            actor=colleague,
            case=case,
            expected_plan_version=stale,
            kind=GoalKind.STUDIES,
            description="Studier",
        ),
        "goal_remove": lambda: services.goal_remove(
            actor=colleague, goal=goal, expected_plan_version=stale
        ),
        "activity_update": lambda: services.activity_update(
            actor=colleague,
            activity=activity,
            expected_plan_version=stale,
            status=ActivityStatus.DONE,
        ),
        "activity_remove": lambda: services.activity_remove(
            actor=colleague, activity=activity, expected_plan_version=stale
        ),
    }
    with pytest.raises(EditConflictError):
        calls[action]()
    assert Case.objects.get(pk=case.pk).plan_version == 2
    assert case.goals.count() == 1
    assert case.activities.get().status == ActivityStatus.PLANNED


def test_the_conflict_page_keeps_my_input_and_shows_the_other_persons_plan(client, setting):
    case, colleague, internship, goal = setting
    url = reverse("cases:goal_edit", args=[case.pk, goal.pk])
    client.force_login(case.coach)
    form_page = client.get(url)
    assert form_page.context["form"].initial["expected_plan_version"] == 1

    # Meanwhile the colleague adds an activity.
    services.activity_add(
        actor=colleague,
        case=Case.objects.get(pk=case.pk),
        expected_plan_version=1,
        activity_type=internship,
        responsible=ResponsibleParty.PARTICIPANT,
        starts_on=today(),
        description="Praktik på ICA Maxi",
    )
    response = client.post(
        url,
        {
            "expected_plan_version": "1",
            "kind": GoalKind.WORK,
            "description": "Jobb inom handeln",
            "target_date": "",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan har sparat ändringar medan du redigerade" in content
    assert "Så här ser planen ut nu" in content
    assert "Praktik på ICA Maxi" in content  # the other person's change
    assert "Kim Kollega" in content  # who changed it
    assert "Jobb inom handeln" in content  # my own input is still in the form
    assert response.context["form"]["expected_plan_version"].value() == "2"
    goal.refresh_from_db()
    assert goal.description == "Jobb"

    # Saving again on top of the version now shown works.
    retry = client.post(
        url,
        {"expected_plan_version": "2", "kind": GoalKind.WORK, "description": "Jobb inom handeln"},
    )
    assert retry.status_code == 302
    goal.refresh_from_db()
    assert goal.description == "Jobb inom handeln"


def test_the_remove_page_shows_the_conflict_too(client, setting):
    case, colleague, internship, goal = setting
    GoalFactory(case=case, description="Ett annat mål")
    services.goal_update(actor=colleague, goal=goal, expected_plan_version=1, description="Nytt")
    client.force_login(case.coach)
    response = client.post(
        reverse("cases:goal_remove", args=[case.pk, goal.pk]), {"expected_plan_version": "1"}
    )
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_follow_up_recorded_meanwhile_also_moves_the_plan_version(setting):
    case, colleague, internship, goal = setting
    follow_up = case.follow_ups.get()
    services.follow_up_record(
        actor=colleague,
        follow_up=follow_up,
        held_on=today() - datetime.timedelta(days=1),
        text="Vi gick igenom planen.",
        plan_comment="",
    )
    with pytest.raises(EditConflictError):
        services.goal_update(
            actor=case.coach, goal=goal, expected_plan_version=1, description="Ändrat"
        )
