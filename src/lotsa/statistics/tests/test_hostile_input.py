"""Hostile input to the statistics filters, the cost table and the follow-up comment: refused or
stored and shown escaped, never a 500."""

import pytest
from django.urls import reverse

from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE cases_case; --",
    "1 OR 1=1",
    "x" * 100_000,
    "null\x00byte",
    "{{ request.user.password }}",
    "9999-99-99",
    "-1",
]


@pytest.fixture
def world():
    return handbuilt.build()


def _safe(response) -> str:
    assert response.status_code < 500
    body = response.content.decode("utf-8", errors="replace")
    assert "<script>alert('x')</script>" not in body
    return body


def test_filters_survive_hostile_values(client, world):
    client.force_login(world["manager"])
    for value in HOSTILE:
        for field in ("start", "end", "unit", "district", "target_group"):
            _safe(client.get(reverse("statistics:board"), {field: value}))
        _safe(client.get(reverse("statistics:skr"), {"year": value}))
        _safe(client.get(reverse("statistics:evaluation"), {"start": value, "export": "csv"}))
        _safe(client.get(reverse("statistics:long_term"), {"end": value, "export": value}))
    assert client.get(reverse("statistics:board_export", args=["exe"])).status_code == 404


def test_the_follow_up_comment_is_stored_and_shown_escaped(client, world):
    follow_up = world["E"].outcome_follow_ups.get(months_after=6)
    client.force_login(world["coach"])
    url = reverse("outcomes:record", args=[follow_up.pk])
    response = client.post(
        url,
        {"status": "in_work", "recorded_on": "2025-01-01", "version": 1, "comment": HOSTILE[0]},
    )
    assert response.status_code == 302
    assert OutcomeFollowUp.objects.get(pk=follow_up.pk).comment == HOSTILE[0]
    _safe(client.get(url))
    for value in HOSTILE[1:]:
        _safe(client.post(url, {"status": value, "recorded_on": value, "version": value}))
