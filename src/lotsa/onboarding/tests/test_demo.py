"""The demo shows onboarding (an association with two members, split in the board report) and
IPS fidelity reviews of the IPS unit."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotsa.assessments.models import FidelityReview
from lotsa.onboarding.demo import DEMO_ASSOCIATION
from lotsa.organisations.models import Organisation, User
from lotsa.statistics.periods import Period
from lotsa.statistics.report import ReportFilter, board_report

pytestmark = pytest.mark.django_db


def test_the_demo_onboards_an_association_and_reviews_the_ips_unit(settings):
    settings.LOTSA_ALLOW_DEMO_DATA = True
    call_command("seed_demo", participants=30, seed=5)
    operator = User.objects.get(username="instans")
    assert operator.is_instance_administrator and operator.check_password("demo")
    association = Organisation.objects.get(name=DEMO_ASSOCIATION)
    assert [m.name for m in association.member_municipalities.all()] == ["Hammarö", "Karlstad"]
    assert association.participants.filter(member_municipality__isnull=True).count() == 0
    today = timezone.localdate()
    report = board_report(
        ReportFilter(
            organisation=association,
            period=Period(start=today - datetime.timedelta(days=365), end=today),
        )
    )
    section = next(s for s in report.sections if s.key == "member_municipalities")
    table = section.tables[0]
    assert table.rows[:2] == ["Hammarö (1782)", "Karlstad (1780)"]
    active = [row[1] for row in table.current[:2]]
    assert active == [6, 9]
    reviews = FidelityReview.objects.filter(unit__name="Socialpsykiatri").order_by("reviewed_on")
    assert reviews.count() == 3
