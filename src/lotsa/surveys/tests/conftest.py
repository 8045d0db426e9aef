"""The surveys tests' shared fixtures: a case whose person has an e-mail address, the
organisation's administrator, and the rating survey installed from its template."""

import pytest

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.surveys import services


@pytest.fixture
def case():
    return CaseFactory(participant__email="deltagare@example.se")


@pytest.fixture
def admin(case):
    return UserFactory(administrator=True, unit=None, organisation=case.organisation)


@pytest.fixture
def rating(admin):
    return services.survey_template_install(actor=admin, key="rating")
