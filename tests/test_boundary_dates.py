"""Boundary dates (0001-01-01, 9999-12-31) in every date filter and field: a Swedish message
at the field, never a 500, never a stored implausible date (docs/security.md)."""

import inspect
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from lotsa.core.forms import PlausibleDateField, SingleLineField
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXTREMES = {"start": "0001-01-01", "end": "9999-12-31"}
MESSAGE = "Ange ett datum mellan 1900-01-01 och 2100-12-31."
SRC = Path(__file__).resolve().parents[1] / "src" / "lotsa"


def _form_classes():
    for path in sorted(SRC.rglob("forms.py")):
        dotted = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        module = import_module(dotted)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def test_every_date_field_of_every_form_uses_the_one_date_rule():
    offenders = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, PlausibleDateField)
    ]
    assert offenders == []


def test_every_one_line_text_field_refuses_control_codes():
    multi_line = (forms.Textarea, forms.PasswordInput, forms.HiddenInput)
    offenders = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField and not isinstance(field.widget, multi_line)
    ]
    assert offenders == []
    assert any(
        isinstance(field, SingleLineField)
        for form in _form_classes()
        for field in form.base_fields.values()
    )


@pytest.fixture
def statistics_world():
    from lotsa.statistics.tests import handbuilt

    return handbuilt.build()


def test_statistics_page_and_exports_answer_extreme_dates_with_a_message(client, statistics_world):
    client.force_login(statistics_world["manager"])
    page = client.get(reverse("statistics:board"), EXTREMES)
    assert page.status_code == 200
    assert MESSAGE in page.content.decode()
    for fmt in ("csv", "xlsx"):
        assert (
            client.get(reverse("statistics:board_export", args=[fmt]), EXTREMES).status_code < 500
        )


def test_log_review_and_user_log_answer_extreme_dates_with_a_message(client):
    manager = UserFactory(manager=True)
    member = UserFactory(coach=True, unit=manager.unit)
    client.force_login(manager)
    for url in (reverse("oversight:review"), reverse("oversight:user_log", args=[member.pk])):
        response = client.get(url, EXTREMES)
        assert response.status_code == 200, url
        assert MESSAGE in response.content.decode()


@pytest.fixture
def case():
    from lotsa.cases.tests.factories import CaseFactory

    return CaseFactory()


def test_attendance_pages_answer_extreme_months_and_weeks_without_a_500(client, case):
    from lotsa.work import services as placements
    from lotsa.work.constants import PlacementKind, PlacementStatus
    from lotsa.work.tests.factories import EmployerFactory, catalogue_install

    catalogue_install(case.organisation)
    placement = placements.placement_create(
        actor=case.coach,
        case=case,
        kind=PlacementKind.INTERNSHIP,
        employer=EmployerFactory(organisation=case.organisation),
        starts_on=timezone.localdate(),
        hours_per_week="10",
        status=PlacementStatus.ONGOING,
    )
    client.force_login(case.coach)
    for year, month in ((1, 1), (9999, 12)):
        for name in ("work:attendance_month", "work:attendance_month_csv"):
            assert client.get(reverse(name, args=[case.pk, year, month])).status_code == 404
    for week in ("0001-01-01", "9999-12-31"):
        response = client.get(reverse("work:attendance_add", args=[placement.pk]), {"week": week})
        assert response.status_code == 200


def test_a_goal_for_9999_and_a_note_dated_0001_are_refused_at_the_field(client, case):
    from lotsa.cases.journal.models import Note
    from lotsa.cases.models import Goal

    client.force_login(case.coach)
    goal = client.post(
        reverse("cases:goal_add", args=[case.pk]),
        {
            "kind": "work",
            "description": "Arbete",
            "target_date": "9999-12-31",
            "expected_plan_version": case.plan_version,
        },
    )
    assert goal.status_code < 500
    assert MESSAGE in goal.content.decode()
    assert not Goal.objects.filter(case=case).exists()
    note = client.post(
        reverse("journal:note_create", args=[case.pk]),
        {
            "note-kind": "conversation",
            "note-occurred_on": "0001-01-01",
            "note-text": "Samtal",
            "action": "draft",
        },
    )
    assert note.status_code < 500
    assert MESSAGE in note.content.decode()
    assert not Note.objects.filter(case=case).exists()


def test_a_consent_valid_until_9999_is_refused_at_the_field():
    from lotsa.collaboration.forms import ConsentRegisterForm
    from lotsa.collaboration.models import PartnerOrganisation

    form = ConsentRegisterForm(
        data={"valid_to": "9999-12-31", "given_on": timezone.localdate().isoformat()},
        partners=PartnerOrganisation.objects.none(),
    )
    assert not form.is_valid()
    assert form.errors["valid_to"] == [MESSAGE]


def test_the_api_refuses_an_implausible_consent_date():
    from pydantic import ValidationError

    from lotsa.api.schemas import ReferralIn

    with pytest.raises(ValidationError) as refused:
        ReferralIn.model_validate(
            {
                "participant_id": 1,
                "receiving_unit_id": 1,
                "target_groups": ["x"],
                "reason": "r",
                "goal": "g",
                "consent_parties": [],
                "consent_given_on": "9999-12-31",
                "answers": {},
            }
        )
    assert [error["type"] for error in refused.value.errors()] == ["implausible_date"]
