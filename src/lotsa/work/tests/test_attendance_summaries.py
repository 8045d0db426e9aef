"""The referring officer's list "Närvarorapporter": every summary shared with them across their
cases, newest month first, each linked to its summary; nobody else's; a constant count of
queries; reachable from their navigation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import queries, services
from lotsa.work.tests.attendance_data import (
    attendance_case,
    referred_by,
    review_everything,
    shared_months,
    signed_month,
)

pytestmark = pytest.mark.django_db

LIST = reverse("work:attendance_summaries")


def _march(case):
    """A March 2025 month for `case` (no placement then: every line reviewed), shared."""
    report = services.attendance_report_create(
        actor=case.coach,
        case=case,
        start=datetime.date(2025, 3, 1),
        end=datetime.date(2025, 3, 31),
    )
    report = review_everything(case, report)
    services.attendance_report_sign(actor=case.coach, report=report, version=report.version)
    services.attendance_report_share(actor=case.coach, report=report, version=report.version)
    report.refresh_from_db()
    return report


def test_the_officer_lists_only_the_summaries_shared_with_them_newest_first(client):
    data = shared_months()
    march = _march(data.reports["A"].case)
    client.force_login(data.officer)
    response = client.get(LIST)
    assert response.status_code == 200
    listed = response.context["reports"]
    # April's three shared months (A, B and the protected P the officer referred), then March;
    # not S (signed, not shared) nor O (shared with another officer).
    assert [report.month for report in listed] == [datetime.date(2025, 4, 1)] * 3 + [
        datetime.date(2025, 3, 1)
    ]
    assert {report.pk for report in listed} == {data.reports[key].pk for key in ("A", "B", "P")} | {
        march.pk
    }
    page = response.content.decode()
    for report in listed:
        assert reverse("work:attendance_summary", args=[report.pk]) in page
    for shown in ("Andersson", "Berglund", "Skyddadsdotter", "mars 2025", "april 2025"):
        assert shown in page
    for hidden in ("Signerasson", "Annansson", "Verkstad", data.reports["A"].case.unit.name):
        assert hidden not in page
    assert page.index("april 2025") < page.index("mars 2025")
    assert AuditRecord.objects.filter(
        actor=data.officer, action=AuditAction.SEARCH, object_type="work.attendancereport"
    ).exists()


def test_the_list_is_in_the_officers_navigation_and_for_nobody_else(client):
    data = shared_months()
    client.force_login(data.officer)
    start = client.get(reverse("shell:home"), follow=True).content.decode()
    assert f'href="{LIST}"' in start and "Närvarorapporter" in start
    coach = data.reports["A"].case.coach
    client.force_login(coach)
    assert client.get(LIST).status_code == 403
    assert f'href="{LIST}"' not in client.get(reverse("shell:home"), follow=True).content.decode()
    assert not queries.shared_attendance_summaries(actor=coach).exists()


def test_an_officer_with_nothing_shared_sees_an_empty_list(client):
    data = shared_months()
    client.force_login(UserFactory(referrer=True, unit=data.officer.unit))
    page = client.get(LIST).content.decode()
    assert "Inga sammanfattningar har skickats till dig än." in page
    assert "Andersson" not in page


def _count(client) -> int:
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return len(captured)


def test_the_list_asks_the_same_number_of_queries_for_three_summaries_and_for_five(client):
    data = shared_months()
    client.force_login(data.officer)
    three = _count(client)
    assert len(client.get(LIST).context["reports"]) == 3
    support = data.reports["A"].case.unit
    for name in ("Femsson", "Sexsson"):
        signed_month(referred_by(attendance_case(support, last_name=name), data.officer))
    five = _count(client)
    assert len(client.get(LIST).context["reports"]) == 5
    assert three == five
