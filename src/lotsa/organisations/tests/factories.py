import factory

from lotsa.organisations.constants import Role
from lotsa.organisations.models import District, Organisation, Unit, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testkommun {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")

    class Params:
        support = factory.Trait(
            runs_support=True, name=factory.Sequence(lambda n: f"Arbetsmarknadsenhet {n}")
        )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stadsdel {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    unit = factory.SubFactory(UnitFactory)
    organisation = factory.LazyAttribute(lambda user: user.unit.organisation if user.unit else None)
    role = Role.COACH
    password = factory.django.Password("correct horse battery staple")

    class Params:
        coach = factory.Trait(role=Role.COACH)
        referrer = factory.Trait(role=Role.REFERRER)
        manager = factory.Trait(role=Role.MANAGER)
        administrator = factory.Trait(role=Role.ADMINISTRATOR)
