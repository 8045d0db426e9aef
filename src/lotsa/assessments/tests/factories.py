"""Factories for mappings, instruments, assessments and phases."""

import datetime

import factory
from django.utils import timezone

from lotsa.assessments.constants import (
    Answer,
    Education,
    Health,
    Housing,
    IncomeSource,
    MappingOccasion,
    Obstacle,
    SickCertificate,
    WorkHistory,
)
from lotsa.assessments.models import (
    Area,
    Assessment,
    CasePhase,
    Instrument,
    Mapping,
    Method,
    Module,
    Phase,
    Score,
    Step,
)
from lotsa.cases.tests.factories import CaseFactory


def mapping_answers(**overrides: object) -> dict[str, object]:
    """A complete set of mapping answers for the service, every one of them honest 'unknown'."""
    answers: dict[str, object] = {
        "occasion": MappingOccasion.START,
        "work_history": WorkHistory.UNKNOWN,
        "registered_at_employment_service": Answer.UNKNOWN,
        "has_unemployment_insurance": Answer.UNKNOWN,
        "obstacles": [Obstacle.NOT_CLARIFIED],
        "education": Education.UNKNOWN,
        "health": Health.UNKNOWN,
        "sick_certificate": SickCertificate.UNKNOWN,
        "main_income_source": IncomeSource.UNKNOWN,
        "housing": Housing.UNKNOWN,
        "children_at_home": Answer.UNKNOWN,
    }
    answers.update(overrides)
    return answers


class MappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mapping

    case = factory.SubFactory(CaseFactory)
    mapped_on = factory.LazyFunction(timezone.localdate)
    occasion = MappingOccasion.START
    work_history = WorkHistory.NEVER_WORKED
    registered_at_employment_service = Answer.YES
    has_unemployment_insurance = Answer.NO
    obstacles = factory.LazyFunction(lambda: [Obstacle.MENTAL_ILL_HEALTH])
    education = Education.COMPULSORY
    health = Health.MENTAL
    sick_certificate = SickCertificate.NONE
    main_income_source = IncomeSource.SOCIAL_ASSISTANCE
    housing = Housing.OWN_TENANCY
    children_at_home = Answer.NO
    recorded_by = factory.SelfAttribute("case.coach")


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    organisation = factory.SubFactory("lotsa.organisations.tests.factories.OrganisationFactory")
    name = factory.Sequence(lambda n: f"Stegskala {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    instrument = factory.SubFactory(InstrumentFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    position = factory.Sequence(lambda n: n)


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module with its ten described steps."""

    class Meta:
        model = Module
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Modul {n}")
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def steps(module, create, extracted, **kwargs):  # noqa: N805
        if create:
            Step.objects.bulk_create(
                Step(module=module, number=number, description=f"Klarar steg {number}.")
                for number in range(1, 11)
            )


def small_instrument(organisation, *, areas: int = 2, modules: int = 2) -> Instrument:
    """An instrument with `areas` areas of `modules` modules each."""
    instrument = InstrumentFactory(organisation=organisation)
    for area_number in range(1, areas + 1):
        area = AreaFactory(
            instrument=instrument, name=f"Område {area_number}", position=area_number
        )
        for module_number in range(1, modules + 1):
            ModuleFactory(area=area, name=f"Modul {area_number}.{module_number}")
    return instrument


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    instrument = factory.SubFactory(
        InstrumentFactory, organisation=factory.SelfAttribute("..case.organisation")
    )
    assessed_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("case.coach")


def assess(case, instrument, on: datetime.date, values: dict[str, int]) -> Assessment:
    """An assessment with a score for each named module."""
    assessment = AssessmentFactory(case=case, instrument=instrument, assessed_on=on)
    modules = {m.name: m for m in Module.objects.filter(area__instrument=instrument)}
    Score.objects.bulk_create(
        Score(assessment=assessment, module=modules[name], value=value)
        for name, value in values.items()
    )
    return assessment


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        skip_postgeneration_save = True

    organisation = factory.SubFactory("lotsa.organisations.tests.factories.OrganisationFactory")
    name = factory.Sequence(lambda n: f"Metod {n}")

    @factory.post_generation
    def phases(method, create, extracted, **kwargs):  # noqa: N805
        if create:
            names = extracted or ["Kartläggning", "Matchning", "Anställning"]
            Phase.objects.bulk_create(
                Phase(method=method, name=name, position=position)
                for position, name in enumerate(names, start=1)
            )


class CasePhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePhase

    case = factory.SubFactory(CaseFactory)
    phase = factory.LazyAttribute(
        lambda o: MethodFactory(organisation=o.case.organisation).phases.first()
    )
    started_on = factory.LazyAttribute(lambda o: o.case.start_date)
    recorded_by = factory.SelfAttribute("case.coach")


def administrator(organisation=None):
    """An administrator of `organisation` (a new one when not given)."""
    from lotsa.organisations.tests.factories import OrganisationFactory, UserFactory

    return UserFactory(
        administrator=True, organisation=organisation or OrganisationFactory(), unit=None
    )
