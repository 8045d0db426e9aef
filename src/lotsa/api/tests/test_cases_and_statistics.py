import datetime

import pytest
from django.utils import timezone

from lotsa.api.queries import _published
from lotsa.api.tests.conftest import TokenClient, minimal_referral
from lotsa.statistics.suppression import suppress_below

pytestmark = pytest.mark.django_db


def test_case_status_plan_and_outcome(world, reader, sender):
    case = world["case"]
    body = reader.call("get", f"/api/v1/cases/{case.pk}/").json()
    assert body["status"] == "active"
    assert body["participant_id"] == world["own"].pk
    assert body["closure_reason"] == ""
    # The referrer account reads the case opened from its own referral, too.
    assert sender.call("get", f"/api/v1/cases/{case.pk}/").status_code == 200
    plan = reader.call("get", f"/api/v1/cases/{case.pk}/plan/").json()
    assert plan["case_id"] == case.pk and plan["goals"] == [] and plan["activities"] == []
    listed = reader.call("get", "/api/v1/cases/", {"participant_id": world["own"].pk}).json()
    assert [item["id"] for item in listed["items"]] == [case.pk]


def test_closed_case_shows_the_outcome(world, reader):
    from lotsa.cases.services import case_close

    case_close(
        actor=world["coach"], case=world["case"], reason="studies", closed_on=timezone.localdate()
    )
    body = reader.call("get", f"/api/v1/cases/{world['case'].pk}/").json()
    assert body["status"] == "closed"
    assert body["closure_reason"] == "studies"
    assert body["closure_reason_label"] == "Studier"


def test_cases_of_other_organisations_and_scopes(world):
    other = TokenClient(world["other"]["token"])
    assert other.call("get", f"/api/v1/cases/{world['case'].pk}/").status_code == 404
    assert other.call("get", f"/api/v1/cases/{world['case'].pk}/plan/").status_code == 404
    no_scope = TokenClient(world["only referrals:read"]["token"])
    assert no_scope.call("get", f"/api/v1/cases/{world['case'].pk}/").status_code == 403


def test_suppression_hides_small_counts_and_what_would_give_them_away():
    rows = [("a", "A", 12), ("b", "B", 3), ("c", "C", 7), ("d", "D", 0)]
    tallies, total = _published(rows, 22)
    # 3 is hidden; with the total shown it could be worked out, so one more cell goes. Not the
    # zero: a reader who sees ".." where the other cells add up to the total knows it is 0 and
    # gets the 3 back. The 7 goes: then B is anything from 1 to 4 (and C from 6 to 9).
    assert [(t.count, t.suppressed) for t in tallies] == [
        (12, False),
        (None, True),
        (None, True),
        (0, False),
    ]
    assert (total.count, total.suppressed) == (22, False)
    tallies, total = _published([("a", "A", 1), ("b", "B", 2)], 3)
    assert [t.count for t in tallies] == [None, None] and total.count is None
    tallies, total = _published([("a", "A", 6), ("b", "B", 2)], None)  # no total: no equations
    assert [t.count for t in tallies] == [6, None]
    assert suppress_below() == 5


def test_statistics(world, reader):
    today = timezone.localdate()
    response = reader.call(
        "get",
        "/api/v1/statistics/",
        {"from": str(today - datetime.timedelta(days=30)), "to": str(today)},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    # One referral (accepted) and one case: counts under five are never shown.
    assert body["referrals"]["total"] == {
        "key": "total",
        "label": "Totalt",
        "count": None,
        "suppressed": True,
    }
    accepted = next(row for row in body["referrals"]["by_status"] if row["key"] == "accepted")
    assert accepted["count"] is None and accepted["suppressed"]
    returned = next(row for row in body["referrals"]["by_status"] if row["key"] == "returned")
    assert returned["count"] == 0
    assert body["cases"]["by_target_group"][0]["key"] == "forsorjningsstod"
    assert body["cases"]["by_target_group"][0]["suppressed"]


def test_statistics_counts_five_or_more(world, reader):
    today = timezone.localdate()
    for number in range(5):
        minimal_referral(
            world, years=35, number=600 + number * 2, first_name="Stat", last_name=f"Person{number}"
        )
    body = reader.call("get", "/api/v1/statistics/", {"from": str(today), "to": str(today)}).json()
    by_status = {
        row["key"]: (row["count"], row["suppressed"]) for row in body["referrals"]["by_status"]
    }
    # 5 waiting and 1 accepted: the 1 is hidden, and so is one more cell, or the total would
    # give the 1 away. Not a zero (a reader would know it is 0): the 5 goes, and then either
    # could be anything from 0 to 6 as far as the published total says.
    assert by_status == {
        "submitted": (None, True),
        "accepted": (None, True),
        "returned": (0, False),
        "withdrawn": (0, False),
    }
    assert body["referrals"]["total"]["count"] == 6
    assert [(row["key"], row["count"]) for row in body["referrals"]["by_target_group"]] == [
        ("forsorjningsstod", 6)
    ]


def test_statistics_refuses_a_backwards_period(world, reader):
    response = reader.call("get", "/api/v1/statistics/", {"from": "2025-02-01", "to": "2025-01-01"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["to"]
    missing = reader.call("get", "/api/v1/statistics/")
    assert missing.status_code == 400
