"""Amounts on the statistics pages read as Swedish: "120 000", never "120000"."""

import pytest
from django.urls import reverse

from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def test_the_evaluation_assumptions_show_kronor_with_thousands_separators(client):
    world = handbuilt.build()
    client.force_login(world["manager"])
    response = client.get(
        reverse("statistics:evaluation"), {"start": "2025-01-01", "end": "2025-06-30"}
    )
    page = response.content.decode()
    assert f'<td class="numeric">120{NBSP}000</td>' in page  # the programme's cost per year
    assert '<td class="numeric">120000</td>' not in page
