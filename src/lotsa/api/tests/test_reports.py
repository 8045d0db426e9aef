"""/api/v1/reports/ on reporting's fixed data set: the same figures as the pages; the monthly
file never holds a person with protected identity for a service account."""

import pytest

from lotsa.api.services import service_account_create
from lotsa.api.tests.conftest import TokenClient
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory
from lotsa.reporting.tests import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return dataset.build()


def _client(data, scopes) -> TokenClient:
    admin = UserFactory(administrator=True, unit=None, organisation=data.organisation)
    created = service_account_create(
        actor=admin, name="Ekonomiskt bistånd", role="manager", unit=data.unit, scopes=scopes
    )
    return TokenClient(created.token)


def test_the_monthly_file_for_the_social_services_system(data):
    client = _client(data, ["reports:rows"])
    answer = client.call("get", "/api/v1/reports/socialstyrelsen/", {"month": "2025-12"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["header"][:3] == ["personnummer", "manad", "kommunkod"]
    numbers = [row[0] for row in body["rows"]]
    # G and J; F has protected identity and never reaches a service account.
    assert sorted(numbers) == sorted(
        data.cases[key].participant.personal_number for key in ("G", "J")
    )
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.socialstyrelsen"
    ).exists()
    bad = client.call("get", "/api/v1/reports/socialstyrelsen/", {"month": "2025-1"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["month"]
    # Without the row scope, no rows (the aggregated reports need statistics:read).
    assert client.call("get", "/api/v1/reports/kolada/", {"year": 2025}).status_code == 403


def test_kolada_through_the_api_is_suppressed_as_published(data):
    client = _client(data, ["statistics:read"])
    body = client.call("get", "/api/v1/reports/kolada/", {"year": 2025}).json()
    closures = body["tables"][0]
    assert closures["key"] == "kolada_closures"
    total = closures["rows"][-1]["cells"][0]
    assert (total["value"], total["suppressed"]) == (8.0, False)
    small = closures["rows"][0]["cells"][0]  # 2 in work: hidden
    assert (small["value"], small["text"], small["suppressed"]) == (None, "<5", True)
    esf = client.call("get", "/api/v1/reports/esf/", {"year": 2025})
    assert esf.status_code == 200


def test_skr_and_finsam_through_the_api(data):
    client = _client(data, ["statistics:read"])
    answer = client.call("get", "/api/v1/reports/skr/", {"year": 2025})
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"] == "SKR:s enkät om arbetsmarknadsverksamheten 2025"
    left = next(table for table in body["tables"] if table["key"] == "skr_left")
    total = left["rows"][-1]["cells"][0]
    assert (total["value"], total["suppressed"]) == (8.0, False)  # eight closures in 2025
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.skr"
    ).exists()
    finsam = client.call("get", "/api/v1/reports/finsam/", {"year": 2025})
    assert finsam.status_code == 409  # a municipality has no Uppföljning Finsam
    assert "samordningsförbund" in finsam.json()["error"]["message"]
