import pytest

from lotsa.cases.tests.factories import CaseFactory
from lotsa.work.tests.factories import catalogue_install


@pytest.fixture
def case():
    """A case whose organisation has the shipped activity catalogue, so placements find their
    plan activity."""
    case = CaseFactory()
    catalogue_install(case.organisation)
    return case
