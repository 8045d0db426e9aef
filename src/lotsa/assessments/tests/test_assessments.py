import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.assessments import queries, services
from lotsa.assessments.models import Assessment, Instrument, Module, Score, Step
from lotsa.assessments.tests.factories import administrator, assess, small_instrument
from lotsa.cases.tests.factories import CaseFactory
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _record(case, instrument, scores, *, actor=None):
    """An assessment of `case` today, by its coach unless `actor` says otherwise."""
    return services.assessment_record(
        actor=actor or case.coach,
        case=case,
        instrument=instrument,
        assessed_on=timezone.localdate(),
        scores=scores,
    )


def _modules(instrument: Instrument) -> dict[str, Module]:
    return {m.name: m for m in Module.objects.filter(area__instrument=instrument)}


@pytest.mark.parametrize("bad", [0, 11, -3, "elva", "5.5", 4.5])
def test_a_score_outside_the_scale_is_refused_in_swedish_and_nothing_is_saved(bad):
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    modules = _modules(instrument)
    with pytest.raises(ValidationError) as error:
        _record(case, instrument, {modules["Modul 1.1"].pk: 4, modules["Modul 1.2"].pk: bad})
    key = f"module_{modules['Modul 1.2'].pk}"
    assert error.value.error_dict[key][0].messages == ["Steget ska vara ett heltal från 1 till 10."]
    assert not Assessment.objects.exists()
    assert not Score.objects.exists()


@pytest.mark.parametrize("edge", [1, 10, "7"])
def test_the_ends_of_the_scale_are_accepted(edge):
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    module = _modules(instrument)["Modul 2.1"]
    assessment = _record(case, instrument, {module.pk: edge})
    assert assessment.scores.get().value == int(edge)


def test_an_assessment_needs_at_least_one_score():
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    with pytest.raises(ValidationError) as error:
        _record(case, instrument, {m.pk: "" for m in _modules(instrument).values()})
    assert error.value.messages == ["Skatta minst en modul."]


def test_another_organisations_instrument_cannot_be_used():
    case = CaseFactory()
    foreign = small_instrument(administrator().organisation)
    with pytest.raises(ValidationError):
        _record(case, foreign, {next(iter(_modules(foreign).values())).pk: 3})


def test_a_coach_of_another_unit_cannot_assess():
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    stranger = UserFactory(coach=True, unit__organisation=case.organisation)
    with pytest.raises(PermissionDenied):
        _record(case, instrument, {next(iter(_modules(instrument).values())).pk: 3}, actor=stranger)


def test_case_progress_gives_the_mean_of_each_area_per_assessment():
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    assess(case, instrument, TODAY, {"Modul 1.1": 2, "Modul 1.2": 3, "Modul 2.1": 5})
    assess(case, instrument, TODAY + datetime.timedelta(days=90), {"Modul 1.1": 6, "Modul 1.2": 5})
    progress = queries.case_progress(case)
    (only,) = progress.instruments
    assert only.dates == [TODAY, TODAY + datetime.timedelta(days=90)]
    area1, area2 = only.areas
    # Area 1: (2+3)/2 = 2.5, then (6+5)/2 = 5.5; area 2 only scored the first time.
    assert (area1.name, area1.values, area1.first, area1.latest, area1.change) == (
        "Område 1",
        [2.5, 5.5],
        2.5,
        5.5,
        3.0,
    )
    assert (area2.values, area2.change) == ([5.0, None], 0.0)


def test_an_instrument_in_use_is_frozen_and_a_new_version_keeps_the_old_meaning():
    case = CaseFactory()
    admin = administrator(case.organisation)
    instrument = small_instrument(case.organisation)
    area = instrument.areas.first()
    assess(case, instrument, TODAY, {"Modul 1.1": 4})
    with pytest.raises(ValidationError) as error:
        services.module_save(actor=admin, area=area, name="Ny", steps=["x"] * 10)
    assert "Skapa en ny version" in error.value.messages[0]
    copy = services.instrument_new_version(actor=admin, instrument=instrument)
    instrument.refresh_from_db()
    assert (copy.version_number, copy.is_active, instrument.is_active) == (2, True, False)
    new_module = Module.objects.get(area__instrument=copy, name="Modul 1.1")
    services.module_save(
        actor=admin,
        area=new_module.area,
        name="Modul 1.1",
        steps=[f"Nytt steg {n}" for n in range(1, 11)],
        module=new_module,
        expected_version=copy.version,
    )
    old_step = Step.objects.get(
        module__area__instrument=instrument, module__name="Modul 1.1", number=4
    )
    assert old_step.description == "Klarar steg 4."


def test_a_module_needs_every_step_described():
    admin = administrator()
    instrument = services.instrument_create(actor=admin, name="Stegen")
    area = services.area_add(actor=admin, instrument=instrument, name="Socialt")
    steps = [f"Steg {n}" for n in range(1, 11)]
    steps[6] = "  "
    with pytest.raises(ValidationError) as error:
        services.module_save(actor=admin, area=area, name="Samarbete", steps=steps)
    assert list(error.value.error_dict) == ["step_7"]
    assert not Module.objects.exists()


def test_only_administrators_configure_instruments():
    case = CaseFactory()
    with pytest.raises(PermissionDenied):
        services.instrument_create(actor=case.coach, name="Stegen")
    with pytest.raises(PermissionDenied):
        services.instrument_install(actor=case.coach, organisation=case.organisation)


def test_the_move_instrument_installs_eight_areas_with_ten_steps_per_module():
    admin = administrator()
    instrument = services.instrument_install(actor=admin, organisation=admin.organisation)
    areas = queries.instrument_structure(instrument)
    assert [a.name for a in areas] == [
        "Fysiskt",
        "Mentalt",
        "Aktiviteter",
        "Socialt",
        "Arbetsmoment",
        "Projekt",
        "Inlärning",
        "Kommunikation",
    ]
    for area in areas:
        for module in area.modules.all():
            assert [s.number for s in module.steps.all()] == list(range(1, 11))


def test_reached_steps_are_the_highest_step_per_module_with_its_meaning():
    case = CaseFactory()
    instrument = small_instrument(case.organisation)
    assess(case, instrument, TODAY, {"Modul 1.1": 3, "Modul 2.2": 6})
    assess(case, instrument, TODAY + datetime.timedelta(days=30), {"Modul 1.1": 5, "Modul 2.2": 4})
    steps = queries.reached_steps(case)
    assert [(s.module, s.step, s.description, s.reached_on) for s in steps] == [
        ("Modul 1.1", 5, "Klarar steg 5.", TODAY + datetime.timedelta(days=30)),
        ("Modul 2.2", 6, "Klarar steg 6.", TODAY),
    ]


def test_step_change_by_area_counts_cases_assessed_twice_that_the_actor_may_see():
    case_a = CaseFactory()
    organisation, unit = case_a.organisation, case_a.unit
    instrument = small_instrument(organisation)
    case_b = CaseFactory(unit=unit)
    hidden = CaseFactory(unit=unit, participant=ParticipantFactory(unit=unit, is_protected=True))
    once = CaseFactory(unit=unit)
    later = TODAY + datetime.timedelta(days=60)
    # Area 1: case A 2 -> 5 (mean of one module), case B 6 -> 4.
    assess(case_a, instrument, TODAY, {"Modul 1.1": 2, "Modul 2.1": 4})
    assess(case_a, instrument, later, {"Modul 1.1": 5, "Modul 2.1": 4})
    assess(case_b, instrument, TODAY, {"Modul 1.1": 6})
    assess(case_b, instrument, later, {"Modul 1.1": 4})
    assess(hidden, instrument, TODAY, {"Modul 1.1": 1})
    assess(hidden, instrument, later, {"Modul 1.1": 10})
    assess(once, instrument, TODAY, {"Modul 1.1": 9})
    # Outside the period: does not count.
    assess(case_b, instrument, TODAY - datetime.timedelta(days=400), {"Modul 1.1": 1})
    colleague = UserFactory(coach=True, unit=unit)
    rows = queries.step_change_by_area(colleague, TODAY, later)
    assert [
        (
            r.area,
            r.cases,
            r.first_mean,
            r.latest_mean,
            r.change,
            r.improved,
            r.unchanged,
            r.worsened,
        )
        for r in rows
    ] == [
        ("Område 1", 2, 4.0, 4.5, 0.5, 1, 0, 1),
        ("Område 2", 1, 4.0, 4.0, 0.0, 0, 1, 0),
    ]
    outsider = UserFactory(coach=True, unit__organisation=organisation)
    assert queries.step_change_by_area(outsider, TODAY, later) == []


def test_step_change_for_several_periods_is_each_periods_own_in_one_query(
    django_assert_num_queries,
):
    case_a = CaseFactory()
    case_b = CaseFactory(unit=case_a.unit)
    instrument = small_instrument(case_a.organisation)
    days = [TODAY - datetime.timedelta(days=n) for n in (500, 420, 300, 30, 10)]
    assess(case_a, instrument, days[0], {"Modul 1.1": 2, "Modul 2.1": 4})
    assess(case_a, instrument, days[1], {"Modul 1.1": 3})
    assess(case_a, instrument, days[3], {"Modul 1.1": 5, "Modul 2.1": 1})
    assess(case_a, instrument, days[4], {"Modul 1.1": 7, "Modul 2.1": 2})
    assess(case_b, instrument, days[2], {"Modul 1.1": 6})
    assess(case_b, instrument, days[4], {"Modul 1.1": 4})
    colleague = UserFactory(coach=True, unit=case_a.unit)
    # Two periods with a gap, and one that overlaps both.
    periods = [(days[0], days[1]), (days[3], TODAY), (days[1], days[3])]
    with django_assert_num_queries(1):
        together = queries.step_change_by_area_periods(colleague, periods)
    apart = [queries.step_change_by_area(colleague, start, end) for start, end in periods]
    assert together == apart
    assert all(apart), "a period without step change: a weak test"


def test_two_administrators_editing_one_module_do_not_overwrite_each_other():
    admin = administrator()
    instrument = small_instrument(admin.organisation, areas=1, modules=1)
    module = Module.objects.get(area__instrument=instrument)
    seen = instrument.version

    def save(name, step_prefix):
        services.module_save(
            actor=admin,
            area=module.area,
            module=module,
            name=name,
            steps=[f"{step_prefix} {n}" for n in range(1, 11)],
            expected_version=seen,
        )

    save("Först", "Första")
    with pytest.raises(EditConflictError):
        save("Sen", "Andra")
    module.refresh_from_db()
    assert module.name == "Först"
    assert module.steps.get(number=1).description == "Första 1"
