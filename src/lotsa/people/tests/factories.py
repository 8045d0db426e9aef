import datetime

import factory

from lotsa.organisations.tests.factories import UnitFactory
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer


def _number(n: int) -> str:
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=(n * 137) % 15000)
    return make_personnummer(born, 980 + n % 20).canonical


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    unit = factory.SubFactory(UnitFactory)
    organisation = factory.LazyAttribute(lambda person: person.unit.organisation)
    personal_number = factory.Sequence(_number)
    birth_date = factory.LazyAttribute(
        lambda person: make_personnummer_birth(person.personal_number)
    )
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")
    gender = "woman"

    class Params:
        protected = factory.Trait(is_protected=True)


def make_personnummer_birth(canonical: str) -> datetime.date:
    from lotsa.people.personnummer import Personnummer

    return Personnummer(canonical).birth_date


__all__ = ["ParticipantFactory", "make_personnummer"]
