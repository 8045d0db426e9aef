import factory

from lotsa.organisations.constants import Role
from lotsa.organisations.tests.factories import UserFactory


class InstanceAdministratorFactory(UserFactory):
    role = Role.INSTANCE_ADMINISTRATOR
    unit = None
    organisation = None
    username = factory.Sequence(lambda n: f"instans{n}")
