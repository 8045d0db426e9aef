"""The decisions tests' shared fixture: a city deciding under Stockholm's guidelines."""

import pytest

from lotsa.decisions.tests.factories import City, build_city


@pytest.fixture
def city() -> City:
    return build_city()
