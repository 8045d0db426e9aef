import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.assessments import queries, services
from lotsa.assessments.models import CasePhase, Method
from lotsa.assessments.tests.factories import CasePhaseFactory, MethodFactory, administrator
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _phase(method: Method, name: str):
    return method.phases.get(name=name)


def test_moving_to_a_new_phase_ends_the_current_one_that_day():
    case = CaseFactory()
    method = MethodFactory(organisation=case.organisation)
    start = case.start_date
    services.case_phase_set(
        actor=case.coach, case=case, phase=_phase(method, "Kartläggning"), started_on=start
    )
    services.case_phase_set(
        actor=case.coach,
        case=case,
        phase=_phase(method, "Matchning"),
        started_on=start + datetime.timedelta(days=20),
    )
    today = timezone.localdate()
    periods = queries.phases_for_case(case, today=today)
    assert [(p.phase.name, p.days, p.is_current) for p in periods] == [
        ("Kartläggning", 20, False),
        ("Matchning", (today - start).days - 20, True),
    ]


def test_a_phase_cannot_start_before_the_current_one_or_the_case():
    case = CaseFactory()
    method = MethodFactory(organisation=case.organisation)
    start = case.start_date
    services.case_phase_set(
        actor=case.coach,
        case=case,
        phase=_phase(method, "Kartläggning"),
        started_on=start + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError) as error:
        services.case_phase_set(
            actor=case.coach, case=case, phase=_phase(method, "Matchning"), started_on=start
        )
    assert "före starten av nuvarande fas" in error.value.error_dict["started_on"][0].messages[0]
    with pytest.raises(ValidationError):
        services.case_phase_set(
            actor=case.coach,
            case=case,
            phase=_phase(method, "Kartläggning"),
            started_on=start + datetime.timedelta(days=12),
        )
    assert CasePhase.objects.get().ended_on is None


def test_phase_changes_need_someone_who_works_on_the_case():
    case = CaseFactory()
    method = MethodFactory(organisation=case.organisation)
    stranger = UserFactory(coach=True, unit__organisation=case.organisation)
    with pytest.raises(PermissionDenied):
        services.case_phase_set(
            actor=stranger,
            case=case,
            phase=_phase(method, "Kartläggning"),
            started_on=case.start_date,
        )


def test_default_methods_install_supported_employment_and_ips_once():
    admin = administrator()
    installed = services.default_methods_install(actor=admin, organisation=admin.organisation)
    assert [m.name for m in installed] == ["Supported Employment", "IPS"]
    se = Method.objects.get(name="Supported Employment")
    assert [p.name for p in se.phases.all()] == [
        "Kartläggning",
        "Rustning",
        "Igångsättning",
        "Matchning",
        "Arbetsgivarkontakt",
        "Introduktion på arbetsplatsen",
        "Anställning",
        "Fortsatt stöd",
    ]
    assert services.default_methods_install(actor=admin, organisation=admin.organisation) == []


def test_used_phases_cannot_be_removed_but_new_ones_can_be_added():
    case = CaseFactory()
    admin = administrator(case.organisation)
    method = MethodFactory(organisation=case.organisation)
    services.case_phase_set(
        actor=case.coach, case=case, phase=_phase(method, "Matchning"), started_on=case.start_date
    )
    with pytest.raises(ValidationError):
        services.method_save(
            actor=admin,
            method=method,
            expected_version=method.version,
            name=method.name,
            phase_names=["Kartläggning"],
        )
    services.method_save(
        actor=admin,
        method=method,
        expected_version=method.version,
        name=method.name,
        phase_names=["Kartläggning", "Matchning", "Anställning", "Fortsatt stöd"],
    )
    assert [p.name for p in method.phases.all()] == [
        "Kartläggning",
        "Matchning",
        "Anställning",
        "Fortsatt stöd",
    ]


def test_phase_durations_count_days_inside_the_period_for_visible_cases():
    case = CaseFactory(start_date=datetime.date(2026, 1, 1))
    other = CaseFactory(unit=case.unit, start_date=datetime.date(2026, 1, 1))
    method = MethodFactory(organisation=case.organisation)
    mapping, matching = _phase(method, "Kartläggning"), _phase(method, "Matchning")
    # Case: mapping 1 Jan – 1 Mar (59 days), matching from 1 Mar (open).
    CasePhaseFactory(
        case=case,
        phase=mapping,
        started_on=datetime.date(2026, 1, 1),
        ended_on=datetime.date(2026, 3, 1),
    )
    CasePhaseFactory(case=case, phase=matching, started_on=datetime.date(2026, 3, 1))
    # Other: mapping 15 Jan – 25 Jan (10 days).
    CasePhaseFactory(
        case=other,
        phase=mapping,
        started_on=datetime.date(2026, 1, 15),
        ended_on=datetime.date(2026, 1, 25),
        recorded_by=case.coach,
    )
    rows = queries.phase_durations(
        case.coach, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )
    assert [(r.phase, r.cases, r.total_days, r.mean_days, r.median_days) for r in rows] == [
        ("Kartläggning", 2, 69, 34.5, 34.5),
        ("Matchning", 1, 31, 31.0, 31.0),
    ]
    stranger = UserFactory(coach=True, unit__organisation=case.organisation)
    assert (
        queries.phase_durations(stranger, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
        == []
    )
