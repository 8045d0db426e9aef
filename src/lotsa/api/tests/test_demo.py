from types import SimpleNamespace

import pytest

from lotsa.api.demo import build_demo
from lotsa.api.models import ServiceAccount
from lotsa.api.tests.conftest import TokenClient
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_account_works_with_the_printed_token():
    unit = UnitFactory(name="Försörjningsstöd")
    staff = {
        "admin": UserFactory(administrator=True, unit=None, organisation=unit.organisation),
        "referrer1": UserFactory(referrer=True, unit=unit),
    }
    lines = build_demo(SimpleNamespace(staff=staff))
    token = lines[0].rsplit(" ", 1)[1]
    account = ServiceAccount.objects.get()
    assert account.user.role == "referrer" and account.user.unit == unit
    assert TokenClient(token).call("get", "/api/v1/participants/").status_code == 200
