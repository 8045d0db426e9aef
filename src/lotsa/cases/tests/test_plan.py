"""Goals and activities: the rules, the Swedish messages, and a PlanVersion for every change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.audit.models import AuditRecord
from lotsa.cases import services
from lotsa.cases.constants import ActivityStatus, ExtentUnit, GoalKind, ResponsibleParty
from lotsa.cases.models import Activity, Goal, PlanVersion
from lotsa.cases.queries import plan_history
from lotsa.cases.tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CaseFactory,
    GoalFactory,
    today,
)
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def internship(case):
    return ActivityTypeFactory(organisation=case.organisation, internship=True)


def _add_activity(case, kind, /, **overrides):
    values = {
        "actor": case.coach,
        "case": case,
        "expected_plan_version": case.plan_version,
        "activity_type": kind,
        "responsible": ResponsibleParty.PARTICIPANT,
        "starts_on": today(),
        "ends_on": today() + datetime.timedelta(days=28),
        "extent": Decimal("20"),
        "extent_unit": ExtentUnit.HOURS_PER_WEEK,
    }
    values.update(overrides)
    return services.activity_add(**values)


def test_adding_a_goal_writes_plan_version_one_with_author_summary_and_snapshot(case):
    goal = services.goal_add(
        actor=case.coach,
        case=case,
        expected_plan_version=0,
        kind=GoalKind.WORK,
        description="  Arbete inom vården  ",
    )
    assert goal.description == "Arbete inom vården"
    case.refresh_from_db()
    assert case.plan_version == 1
    version = PlanVersion.objects.get(case=case)
    assert version.number == 1
    assert version.author == case.coach
    assert version.summary == "Nytt mål: Arbete inom vården"
    assert version.snapshot["goals"][0]["description"] == "Arbete inom vården"
    assert AuditRecord.objects.filter(
        participant=case.participant, action="create", object_type="cases.goal"
    ).exists()


def test_every_plan_change_is_a_new_version(case, internship):
    goal = services.goal_add(
        actor=case.coach, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="Jobb"
    )
    activity = _add_activity(case, internship, expected_plan_version=1)
    services.activity_update(
        actor=case.coach, activity=activity, expected_plan_version=2, status=ActivityStatus.ONGOING
    )
    services.goal_update(actor=case.coach, goal=goal, expected_plan_version=3, is_achieved=True)
    services.activity_remove(actor=case.coach, activity=activity, expected_plan_version=4)
    services.goal_remove(actor=case.coach, goal=goal, expected_plan_version=5)
    summaries = list(
        PlanVersion.objects.filter(case=case).order_by("number").values_list("number", "summary")
    )
    assert summaries == [
        (1, "Nytt mål: Jobb"),
        (2, "Ny aktivitet: Praktik"),
        (3, "Ändrad aktivitet: Praktik (status)"),
        (4, "Ändrat mål: Jobb (uppnått)"),
        (5, "Borttagen aktivitet: Praktik"),
        (6, "Borttaget mål: Jobb"),
    ]
    assert not Goal.objects.filter(case=case).exists()
    assert PlanVersion.objects.get(case=case, number=4).snapshot["goals"][0]["is_achieved"]


def test_an_update_that_changes_nothing_writes_no_version(case):
    goal = GoalFactory(case=case, description="Jobb")
    services.goal_update(actor=case.coach, goal=goal, expected_plan_version=0, description="Jobb")
    assert not PlanVersion.objects.filter(case=case).exists()


def test_activity_carries_the_skr_category_of_its_type(case):
    training = ActivityTypeFactory(
        organisation=case.organisation, name="Arbetsträning", skr_category=1
    )
    activity = _add_activity(case, training)
    assert activity.skr_category == 1
    studies = ActivityTypeFactory(organisation=case.organisation, name="Studier", skr_category=3)
    services.activity_update(
        actor=case.coach, activity=activity, expected_plan_version=1, activity_type=studies
    )
    activity.refresh_from_db()
    assert activity.skr_category == 3


def test_responsible_defaults_to_the_catalogue_items_usual_party(case):
    studies = ActivityTypeFactory(
        organisation=case.organisation,
        name="Studier i samverkan med Komvux",
        default_responsible=ResponsibleParty.ADULT_EDUCATION,
    )
    activity = _add_activity(case, studies, responsible="")
    assert activity.responsible == ResponsibleParty.ADULT_EDUCATION


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_on": today() - datetime.timedelta(days=1)},
            "ends_on",
            "Slutdatum kan inte vara före startdatum.",
        ),
        ({"starts_on": None}, "starts_on", "Ange startdatum."),
        ({"activity_type": None}, "activity_type", "Välj en aktivitet ur katalogen."),
        ({"extent": Decimal("61")}, "extent", "Högst 60 timmar i veckan."),
        (
            {"extent": Decimal("101"), "extent_unit": ExtentUnit.PERCENT},
            "extent",
            "Högst 100 procent av heltid.",
        ),
        ({"extent": Decimal("-1")}, "extent", "Omfattningen kan inte vara negativ."),
        ({"extent": "tjugo"}, "extent", "Ange omfattningen som ett tal."),
        ({"extent": "2,25"}, "extent", "Ange omfattningen med högst en decimal."),
        ({"extent_unit": "days"}, "extent_unit", "Välj timmar i veckan eller procent av heltid."),
        ({"responsible": "nobody"}, "responsible", "Välj vem som ansvarar för aktiviteten."),
        ({"status": "maybe"}, "status", "Välj status."),
    ],
)
def test_bad_activity_input_gives_a_swedish_message_and_saves_nothing(
    case, internship, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        _add_activity(case, internship, **overrides)
    assert error.value.message_dict[field] == [message]
    case.refresh_from_db()
    assert case.plan_version == 0
    assert not Activity.objects.filter(case=case).exists()
    assert not PlanVersion.objects.filter(case=case).exists()


def test_extent_accepts_a_decimal_comma_and_the_full_range(case, internship):
    activity = _add_activity(case, internship, extent="37,5")
    assert activity.extent == Decimal("37.5")
    full_time = _add_activity(
        case, internship, expected_plan_version=1, extent=100, extent_unit=ExtentUnit.PERCENT
    )
    assert full_time.extent == 100


def test_activity_types_of_another_organisation_or_inactive_are_refused(case):
    foreign = ActivityTypeFactory(name="Praktik")
    with pytest.raises(ValidationError) as error:
        _add_activity(case, foreign)
    assert "activity_type" in error.value.message_dict
    retired = ActivityTypeFactory(organisation=case.organisation, inactive=True)
    with pytest.raises(ValidationError) as error:
        _add_activity(case, retired)
    assert error.value.message_dict["activity_type"] == [
        "Aktiviteten används inte längre. Välj en annan."
    ]


def test_an_activity_keeps_its_retired_type_when_edited(case):
    activity = ActivityFactory(case=case)
    activity.activity_type.is_active = False
    activity.activity_type.save()
    services.activity_update(
        actor=case.coach, activity=activity, expected_plan_version=0, status=ActivityStatus.DONE
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "", "description": "Jobb"}, "kind", "Välj vilken sorts mål det är."),
        ({"kind": GoalKind.WORK, "description": "   "}, "description", "Beskriv målet."),
    ],
)
def test_bad_goal_input_gives_a_swedish_message_and_saves_nothing(case, values, field, message):
    with pytest.raises(ValidationError) as error:
        services.goal_add(actor=case.coach, case=case, expected_plan_version=0, **values)
    assert error.value.message_dict[field] == [message]
    assert not Goal.objects.filter(case=case).exists()
    assert not PlanVersion.objects.filter(case=case).exists()


def test_goal_target_date_cannot_be_before_the_case_started(case):
    with pytest.raises(ValidationError) as error:
        services.goal_add(
            actor=case.coach,
            case=case,
            expected_plan_version=0,
            kind=GoalKind.WORK,
            description="Jobb",
            target_date=case.start_date - datetime.timedelta(days=1),
        )
    assert "target_date" in error.value.message_dict


def test_a_colleague_in_the_unit_and_the_manager_may_change_the_plan(case):
    colleague = UserFactory(coach=True, unit=case.unit)
    manager = UserFactory(manager=True, unit=case.unit)
    services.goal_add(
        actor=colleague, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="A"
    )
    services.goal_add(
        actor=manager, case=case, expected_plan_version=1, kind=GoalKind.STUDIES, description="B"
    )
    assert case.goals.count() == 2


def test_the_referrer_may_read_but_not_change_the_plan():
    case = CaseFactory(referred=True)
    with pytest.raises(PermissionDenied):
        services.goal_add(
            actor=case.referral.referrer,
            case=case,
            expected_plan_version=0,
            kind=GoalKind.WORK,
            description="Jobb",
        )


def test_plan_history_shows_what_changed_by_whom_and_when(case, internship):
    goal = services.goal_add(
        actor=case.coach, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="Jobb"
    )
    activity = _add_activity(case, internship, expected_plan_version=1)
    planned_end = activity.ends_on
    manager = UserFactory(manager=True, unit=case.unit, first_name="Maja", last_name="Chef")
    services.activity_update(
        actor=manager,
        activity=activity,
        expected_plan_version=2,
        ends_on=planned_end + datetime.timedelta(days=14),
        extent=Decimal("50"),
        extent_unit=ExtentUnit.PERCENT,
        status=ActivityStatus.ONGOING,
    )
    services.goal_remove(actor=case.coach, goal=goal, expected_plan_version=3)

    entries = plan_history(case.coach, case)
    assert [entry.version.number for entry in entries] == [4, 3, 2, 1]
    removal, change, addition, first = entries
    assert [(c.action, c.item, c.title) for c in removal.changes] == [("removed", "goal", "Jobb")]
    assert change.version.author == manager
    assert change.version.created_at is not None
    (changed,) = change.changes
    assert changed.description == "Ändrad aktivitet"
    assert {(f.label, f.old, f.new) for f in changed.fields} == {
        (
            "Slutdatum",
            planned_end.isoformat(),
            (planned_end + datetime.timedelta(days=14)).isoformat(),
        ),
        ("Omfattning", "20 timmar i veckan", "50 procent av heltid"),
        ("Status", "Planerad", "Pågår"),
    }
    assert [(c.action, c.title) for c in addition.changes] == [("added", "Praktik")]
    assert [(c.action, c.title) for c in first.changes] == [("added", "Jobb")]


def test_plan_history_page_shows_the_diff(client, case, internship):
    activity = _add_activity(case, internship)
    services.activity_update(
        actor=case.coach, activity=activity, expected_plan_version=1, status=ActivityStatus.ONGOING
    )
    client.force_login(case.coach)
    from django.urls import reverse

    response = client.get(reverse("cases:plan_history", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Version 2" in content
    assert "Planerad" in content and "Pågår" in content
    assert str(case.coach) in content
