import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.assessments import queries, services
from lotsa.assessments.constants import IncomeSource, Obstacle
from lotsa.assessments.models import Mapping
from lotsa.assessments.tests.factories import MappingFactory, mapping_answers
from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _map(case, *, mapped_on=None, **answers):
    """The coach maps `case` (today unless told) with `mapping_answers(**answers)`."""
    return services.mapping_record(
        actor=case.coach,
        case=case,
        mapped_on=mapped_on or timezone.localdate(),
        **mapping_answers(**answers),
    )


def test_every_dimension_accepts_unknown_as_an_answer():
    case = CaseFactory()
    mapping = services.mapping_record(
        actor=case.coach, case=case, mapped_on=timezone.localdate(), **mapping_answers()
    )
    mapping.refresh_from_db()
    assert mapping.main_income_source == "unknown"
    assert mapping.obstacles == ["not_clarified"]
    labels = {answer.label: answer.value for answer in queries.mapping_answers(mapping)}
    assert labels["Huvudsaklig försörjning"] == "Okänt"
    assert labels["Hemmavarande barn"] == "Okänt"
    assert AuditRecord.objects.filter(object_type="assessments.mapping").count() == 1


def test_a_missing_answer_is_refused_in_swedish_and_nothing_is_saved():
    case = CaseFactory()
    with pytest.raises(ValidationError) as error:
        _map(case, housing="", obstacles=[])
    assert "housing" in error.value.error_dict
    assert not Mapping.objects.exists()


def test_no_obstacles_cannot_be_combined_with_an_obstacle():
    case = CaseFactory()
    with pytest.raises(ValidationError) as error:
        _map(case, obstacles=[Obstacle.NONE, Obstacle.LIMITED_SWEDISH])
    assert "kan inte kombineras" in error.value.error_dict["obstacles"][0].messages[0]
    assert not Mapping.objects.exists()


def test_a_future_date_is_refused():
    case = CaseFactory()
    with pytest.raises(ValidationError) as error:
        _map(case, mapped_on=timezone.localdate() + datetime.timedelta(days=1))
    message = error.value.error_dict["mapped_on"][0].messages
    assert message == ["Datumet kan inte ligga i framtiden."]


def test_only_those_who_work_on_the_case_record_a_mapping():
    case = CaseFactory()
    other_unit_coach = UserFactory(coach=True, unit__organisation=case.organisation)
    with pytest.raises(PermissionDenied):
        services.mapping_record(
            actor=other_unit_coach, case=case, mapped_on=timezone.localdate(), **mapping_answers()
        )
    closed = CaseFactory(closed=True)
    with pytest.raises(PermissionDenied):
        services.mapping_record(
            actor=closed.coach, case=closed, mapped_on=timezone.localdate(), **mapping_answers()
        )


def test_changes_since_the_first_mapping_list_only_what_differs():
    case = CaseFactory()
    today = timezone.localdate()
    first = MappingFactory(case=case, mapped_on=today - datetime.timedelta(days=90))
    latest = MappingFactory(
        case=case, mapped_on=today, main_income_source=IncomeSource.SALARY, obstacles=["none"]
    )
    changes = queries.mapping_changes(first, latest)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Arbetshinder", "Psykisk ohälsa", "Inga kända arbetshinder"),
        ("Huvudsaklig försörjning", "Försörjningsstöd", "Lön"),
    ]
    assert queries.mapping_changes(latest, latest) == []


def test_mappings_for_cases_gives_first_and_latest_income_source_in_one_query(
    django_assert_num_queries,
):
    today = timezone.localdate()
    moved = CaseFactory()
    MappingFactory(case=moved, mapped_on=today - datetime.timedelta(days=200))
    MappingFactory(
        case=moved,
        mapped_on=today - datetime.timedelta(days=100),
        main_income_source=IncomeSource.ACTIVITY_SUPPORT,
    )
    MappingFactory(case=moved, mapped_on=today, main_income_source=IncomeSource.SALARY)
    once = CaseFactory()
    MappingFactory(case=once, mapped_on=today, main_income_source=IncomeSource.UNKNOWN)
    never = CaseFactory()
    with django_assert_num_queries(1):
        result = queries.mappings_for_cases([moved.pk, once.pk, never.pk])
    assert result[moved.pk] == queries.IncomeSourceChange(
        first="social_assistance",
        first_on=today - datetime.timedelta(days=200),
        latest="salary",
        latest_on=today,
        mappings=3,
    )
    assert result[once.pk].first == result[once.pk].latest == "unknown"
    assert never.pk not in result
