"""List endpoints run the same number of queries for one row and for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotsa.api.tests.conftest import minimal_referral
from lotsa.referrals import services as referral_services

pytestmark = pytest.mark.django_db
LISTS = ["/api/v1/participants/", "/api/v1/referrals/", "/api/v1/cases/"]


def _count(client, url: str) -> tuple[int, int]:
    client.call("get", url)  # the first call of a minute also records last use
    with CaptureQueriesContext(connection) as context:
        response = client.call("get", url)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["items"])


def _more_people_with_cases(world: dict, how_many: int) -> None:
    for number in range(how_many):
        referral = minimal_referral(
            world, years=33, number=700 + 2 * number, first_name="Fler", last_name=f"Person{number}"
        )
        referral_services.referral_accept(
            actor=world["manager"],
            referral=referral,
            coach=world["coach"],
            start_date=timezone.localdate(),
            individual_assessment="Tas emot efter individuell bedömning.",
        )


@pytest.mark.parametrize("url", LISTS)
def test_constant_queries(world, sender, url):
    few_queries, few_rows = _count(sender, url)
    _more_people_with_cases(world, 6)
    many_queries, many_rows = _count(sender, url)
    assert many_rows >= few_rows + 6
    assert many_queries == few_queries, (few_queries, many_queries)


def test_pages(world, sender):
    _more_people_with_cases(world, 3)
    first = sender.call("get", "/api/v1/participants/", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2 and first["next_page"] == 2
    last = sender.call("get", "/api/v1/participants/", {"page_size": 2, "page": 3}).json()
    assert len(last["items"]) == 1 and last["next_page"] is None
    seen = {
        item["id"]
        for page in (1, 2, 3)
        for item in sender.call(
            "get", "/api/v1/participants/", {"page_size": 2, "page": page}
        ).json()["items"]
    }
    assert len(seen) == 5
    too_big = sender.call("get", "/api/v1/participants/", {"page_size": 101})
    assert too_big.status_code == 400 and "page_size" in too_big.json()["error"]["fields"]
