"""The demo part: Storstadens stad's applications and decisions under Stockholm's guidelines."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from lotsa.decisions import queries
from lotsa.decisions.demo import build_demo
from lotsa.decisions.models import Application, Decision
from lotsa.demo.builders import build_organisation_structure
from lotsa.people.demo import DemoContext
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_demo_builds_the_city_decisions_through_the_services() -> None:
    world = build_organisation_structure()
    staff = world["staff"]
    today = timezone.localdate()
    context = DemoContext(
        rng=random.Random(1),
        today=today,
        world=world,
        staff=staff,
        people=[],
        guideline_version=None,
    )
    lines = build_demo(context)
    assert "15 ansökningar" in lines[0]
    assert Application.objects.count() == 15
    assert Decision.objects.filter(outcome="rejected").count() == 4
    assert Decision.objects.filter(kind="extension").count() == 1
    assert Decision.objects.filter(guideline_version__guideline__name__contains="Insteg").exists()
    officer = staff["streferrer1"]
    windows = [
        queries.expiring_decisions(officer, today=today, within_days=days).count()
        for days in (30, 60, 90)
    ]
    assert windows == [2, 3, 5]
    # Grants wait in the city's intake queue for stmanager1 to assign a coach.
    assert Referral.objects.filter(receiving_unit=staff["stmanager1"].unit).count() == 7
    rows = queries.decisions_by_district(staff["stmanager1"], today - timedelta(days=1200), today)
    assert sum(row.applications for row in rows) == 15
