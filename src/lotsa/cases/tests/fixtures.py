"""The case fixture every app's tests share (registered in the repository's conftest.py).

`case` is an active case two months old with one pending follow-up (`CaseFactory()`); a test
module or an app's conftest that needs another case defines its own `case`, which wins.
"""

import pytest

from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory


@pytest.fixture
def case(db) -> Case:
    return CaseFactory()
