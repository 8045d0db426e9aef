"""The demo history keeps the open cases the apps' builders use, whatever day it is told from."""

import random
from datetime import date

import pytest
from django.utils import timezone

from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.demo import builders
from lotsa.demo.history import HistoryBuilder, catalogues_install
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _history(today: date, participants: int) -> tuple[HistoryBuilder, list, object]:
    world = builders.build_organisation_structure()
    staff = world["staff"]
    referrers = [user for name, user in staff.items() if name.startswith("referrer")]
    rng = random.Random(7)
    people = builders.build_participants(
        rng=rng, today=today, count=participants, referrers=referrers
    )
    version = catalogues_install(world["municipality"], today)
    history = HistoryBuilder(
        rng=rng, today=today, version=version, staff=staff, units=world["units"]
    )
    history.run(people)
    return history, people, world["units"][builders.SUPPORT_UNIT]


def test_short_of_open_cases_the_history_opens_running_cases_in_the_support_unit():
    today = timezone.localdate()
    history, people, unit = _history(today, participants=30)
    active = Case.objects.filter(unit=unit, status=CaseStatus.ACTIVE)
    before = active.count()
    wanted = before + 4

    opened = history.keep_open_cases(people, unit=unit, at_least=wanted)

    assert opened == 4
    assert active.count() == wanted
    newest = active.order_by("-pk")[:4]
    for case in newest:
        assert case.start_date < today  # a case with a history, not one opened today
        assert case.notes.exists()
    # Nobody is left waiting in the queue by the top-up, and nobody got two open cases.
    assert not Referral.objects.filter(
        participant__in=[case.participant for case in newest], status=ReferralStatus.SUBMITTED
    ).exists()
    for case in newest:
        assert (
            Case.objects.filter(
                participant=case.participant, status__in=[CaseStatus.ACTIVE, CaseStatus.PAUSED]
            ).count()
            == 1
        )
