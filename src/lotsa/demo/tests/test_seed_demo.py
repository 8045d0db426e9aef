"""The demo data: synthetic, complete enough to walk every page, never in production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Q

from lotsa.cases.constants import OPEN_ACTIVITY_STATUSES, CaseStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, Case
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral
from lotsa.work.constants import OPEN_PLACEMENT_STATUSES
from lotsa.work.models import Employer, Placement, TrainingArena

pytestmark = pytest.mark.django_db


def test_demo_refuses_to_run_without_debug(settings):
    settings.LOTSA_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", participants=5)
    assert not User.objects.exists()


def test_demo_builds_people_referrals_and_cases_in_every_state(settings, capsys):
    settings.LOTSA_ALLOW_DEMO_DATA = True
    call_command("seed_demo", participants=60, seed=7)
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "coach1",
        "coach6",
        "referrer1",
        "referrer6",
        "manager1",
        "manager2",
        "admin",
    } <= usernames
    assert User.objects.get(username="coach1").check_password("demo")
    invited = User.objects.get(username="nya.coachen")
    assert not invited.has_usable_password() and invited.invitations.get().used_at is None
    solvik = Participant.objects.filter(organisation__name="Solvik kommun")
    # Sixty registered by staff, and one who applied on the public form "Ansök om stöd".
    assert solvik.exclude(referrals__source="self").count() == 60
    assert solvik.filter(referrals__source="self", referrals__status="submitted").count() == 1
    assert Participant.objects.filter(is_protected=True).exists()
    assert set(Referral.objects.values_list("status", flat=True)) >= {"submitted", "accepted"}
    assert set(Case.objects.values_list("status", flat=True)) >= {"active", "closed"}
    assert Note.objects.filter(status="signed").exists()
    assert all(case.coach.unit_id == case.unit_id for case in Case.objects.select_related("coach"))
    assert Employer.objects.filter(organisation__name="Solvik kommun").count() == 8
    assert TrainingArena.objects.filter(organisation__name="Solvik kommun").exists()
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


def test_demo_loads_once_and_leaves_existing_data_alone(settings, capsys):
    settings.LOTSA_ALLOW_DEMO_DATA = True
    call_command("seed_demo", participants=20, seed=3)
    names = list(
        Participant.objects.order_by("personal_number").values_list("first_name", "last_name")
    )
    call_command("seed_demo", participants=20, seed=3)
    assert "finns redan" in capsys.readouterr().out
    assert (
        list(Participant.objects.order_by("personal_number").values_list("first_name", "last_name"))
        == names
    )


def test_demo_data_hold_no_closed_case_with_anything_still_running(settings):
    settings.LOTSA_ALLOW_DEMO_DATA = True
    call_command("seed_demo", participants=60, seed=7)
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    assert closed.count() >= 10
    assert Activity.objects.filter(case__in=closed).exists()
    past_closure = Q(ends_on__isnull=True) | Q(ends_on__gt=F("case__closed_on"))
    running = Activity.objects.filter(case__in=closed).filter(
        Q(status__in=OPEN_ACTIVITY_STATUSES) | (past_closure & ~Q(status="cancelled"))
    )
    assert list(running.values_list("case_id", "status", "ends_on")) == []
    placements = Placement.objects.filter(case__in=closed).filter(
        Q(status__in=OPEN_PLACEMENT_STATUSES) | (past_closure & ~Q(status="cancelled"))
    )
    assert list(placements.values_list("case_id", "status", "ends_on")) == []
