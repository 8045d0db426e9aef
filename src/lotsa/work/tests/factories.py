import factory

from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory
from lotsa.people.personnummer import luhn_check_digit
from lotsa.work.constants import Sector
from lotsa.work.models import Employer, EmployerContact, TrainingArena


def make_organisation_number(serial: int) -> str:
    """A valid NNNNNN-NNNN number (third digit 5, as for aktiebolag) for synthetic data."""
    nine = f"556{serial:06d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organisation = factory.SubFactory(OrganisationFactory)
    organisation_number = factory.Sequence(make_organisation_number)
    name = factory.Sequence(lambda n: f"Arbetsgivare {n} AB")
    sector = Sector.PRIVATE
    industry = "Bygg"
    placement_capacity = 0

    class Params:
        with_capacity = factory.Trait(placement_capacity=3)
        municipal = factory.Trait(sector=Sector.MUNICIPAL)


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Platschef"


class TrainingArenaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingArena

    unit = factory.SubFactory(UnitFactory, support=True)
    organisation = factory.LazyAttribute(lambda arena: arena.unit.organisation)
    name = factory.Sequence(lambda n: f"Arena {n}")
    places = 4


def catalogue_install(organisation: object) -> None:
    """The shipped activity catalogue, so placements find an activity in every SKR category."""
    import json

    from lotsa.cases import services as case_services

    path = case_services.ACTIVITY_CATALOGUE
    case_services.activity_catalogue_install(
        organisation=organisation,  # type: ignore[arg-type]
        data=json.loads(path.read_text(encoding="utf-8")),
    )
