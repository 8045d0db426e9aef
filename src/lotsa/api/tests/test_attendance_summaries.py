"""GET /api/v1/reports/attendance/?month=: the attendance summaries shared with the referring
officer (a referrer's service account), with the officer summary's fields only; never a person
with protected identity; each one an export in the audit log; a constant count of queries."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotsa.api.services import service_account_create
from lotsa.api.tests.conftest import TokenClient
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.work.tests.attendance_data import (
    attendance_case,
    referred_by,
    shared_months,
    signed_month,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/attendance/"
_names = itertools.count()


def _world(scopes=("reports:rows",)):
    organisation = OrganisationFactory(name="Närvaroby kommun")
    support = UnitFactory(organisation=organisation, name="Arbetsmarknadsenheten", support=True)
    referring = UnitFactory(organisation=organisation, name="Försörjningsstöd")
    admin = UserFactory(administrator=True, unit=None, organisation=organisation)

    def account(role, unit, chosen):
        created = service_account_create(
            actor=admin, name=f"System {next(_names)}", role=role, unit=unit, scopes=chosen
        )
        return created.account.user, TokenClient(created.token)

    user, client = account("referrer", referring, list(scopes))
    data = shared_months(officer=user, support=support)
    return data, client, account


def _get(client, month="2025-04"):
    return client.call("get", URL, {"month": month})


def test_the_referring_officers_account_gets_the_months_shared_summaries():
    data, client, _account = _world()
    answer = _get(client)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["month"] == "2025-04"
    # A and B: shared with the account's user. Not P (protected identity: a service account
    # never sees them), S (not shared) or O (another officer's).
    by_name = {item["participant_name"].split()[-1]: item for item in body["items"]}
    assert sorted(by_name) == ["Andersson", "Berglund"]
    assert body["count"] == 2
    andersson = by_name["Andersson"]
    assert andersson["id"] == data.reports["A"].pk
    assert andersson["case_id"] == data.reports["A"].case_id
    assert andersson["month"] == "2025-04"
    assert [day["day"] for day in andersson["days"]] == [
        "2025-04-01",
        "2025-04-02",
        "2025-04-03",
        "2025-04-04",
    ]
    assert [day["total"] for day in andersson["days"]] == [5.0, 5.0, 0.0, 0.0]
    totals = {kind["kind"]: kind["hours"] for kind in andersson["totals"]}
    assert totals == {"placement": 10.0, "arena": 0.0, "activity": 0.0}
    assert andersson["total"] == 10.0
    assert {a["reason"]: a["days"] for a in andersson["absence"]} == {
        "sick": 0,
        "valid": 2,
        "invalid": 0,
        "other": 0,
    }
    assert (andersson["gap_days"], andersson["unreviewed_days"]) == (0, 0)
    berglund = by_name["Berglund"]
    assert berglund["total"] == 5.0
    assert {a["reason"]: a["days"] for a in berglund["absence"]}["sick"] == 1
    assert {a["reason"]: a["days"] for a in berglund["absence"]}["valid"] == 1
    assert berglund["gap_days"] == 1
    assert berglund["signed_on"] and berglund["shared_on"] and berglund["confirmed_on"]


def test_no_workplace_unit_coach_or_protected_person_in_the_answer():
    data, client, _account = _world()
    text = _get(client).content.decode()
    case = data.reports["A"].case
    for hidden in (
        "Verkstad",  # the placements' employers
        case.unit.name,
        case.coach.last_name,
        data.reports["B"].case.coach.last_name,
        case.participant.personal_number,
        "Skyddadsdotter",
        data.reports["P"].case.participant.personal_number,
        "Signerasson",
        "Annansson",
    ):
        assert hidden not in text


def test_each_summary_handed_out_is_an_export_naming_its_participant():
    data, client, _account = _world()
    _get(client)
    exports = AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="work.attendancereport"
    )
    assert sorted(record.object_id for record in exports) == sorted(
        str(data.reports[key].pk) for key in ("A", "B")
    )
    assert {record.participant_id for record in exports} == {
        data.reports[key].case.participant_id for key in ("A", "B")
    }
    assert all("API: Närvarosammanfattningar 2025-04 (2 rader)" in r.summary for r in exports)
    # A month with nothing shared is still one export record (no rows).
    assert _get(client, "2025-03").json()["count"] == 0
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, summary__contains="2025-03 (0 rader)"
    ).exists()


FORMAT = "Ange månaden som ÅÅÅÅ-MM, till exempel 2025-03."


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2025-4", FORMAT),
        ("2025-13", FORMAT),
        ("april", FORMAT),
        ("", FORMAT),
        ("٢٠٢٥-٠٤", FORMAT),
        ("2025-04-01", "Texten är för lång."),  # the schema's limit, before the month is read
    ],
)
def test_a_bad_month_is_a_swedish_field_error(month, message):
    _data, client, _account = _world()
    answer = _get(client, month)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["month"] == [message]
    assert not AuditRecord.objects.filter(action=AuditAction.EXPORT).exists()


def test_who_may_not_read_the_summaries():
    data, client, account = _world()
    # A manager's account (even with every scope): the summaries are the referring officer's.
    _user, manager = account("manager", data.reports["A"].case.unit, ["reports:rows"])
    answer = _get(manager)
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == (
        "Närvarosammanfattningarna är till den remitterande handläggaren."
    )
    # The officer's own account without the row scope.
    _user, narrow = account("referrer", data.officer.unit, ["cases:read", "statistics:read"])
    assert _get(narrow).status_code == 403
    # No token, a session instead of a token.
    assert TokenClient(None).call("get", URL, {"month": "2025-04"}).status_code == 401
    # Another referrer account of the same unit: nothing shared with its user.
    _user, other = account("referrer", data.officer.unit, ["reports:rows", "cases:read"])
    assert _get(other).json() == {"month": "2025-04", "count": 0, "items": []}
    # An unknown parameter is refused, never ignored.
    assert client.call("get", URL, {"month": "2025-04", "case": 1}).status_code == 400


def _count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _get(client).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_summaries():
    data, client, _account = _world()
    _get(client)
    two = _count(client)
    support = data.reports["A"].case.unit
    for name in ("Femsson", "Sexsson", "Sjusson"):
        signed_month(referred_by(attendance_case(support, last_name=name), data.officer))
    _get(client)
    five = _count(client)
    assert _get(client).json()["count"] == 5
    assert two == five
