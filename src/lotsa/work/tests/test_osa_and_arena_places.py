"""OSA is employment by social services placed in municipal operations; an arena's places are a
limit that only a manager's recorded override passes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.models import Activity
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import services
from lotsa.work.constants import Sector, SubsidyType
from lotsa.work.models import Placement
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory
from lotsa.work.tests.placing import employment_start, work_training_start

pytestmark = pytest.mark.django_db
START = timezone.localdate() + timedelta(days=7)


def _osa(case, employer):
    return employment_start(case, employer, starts_on=START)


@pytest.mark.parametrize("sector", [Sector.PRIVATE, Sector.NON_PROFIT])
def test_osa_at_a_private_or_non_profit_employer_is_refused(case, sector):
    employer = EmployerFactory(organisation=case.organisation, sector=sector)
    with pytest.raises(ValidationError) as refused:
        _osa(case, employer)
    assert "kommunal verksamhet" in " ".join(refused.value.message_dict["employer"])
    assert not Placement.objects.exists()
    assert not Activity.objects.filter(case=case).exists()


def test_osa_in_municipal_operations_is_accepted(case):
    employer = EmployerFactory(organisation=case.organisation, municipal=True)
    assert _osa(case, employer).subsidy_type == SubsidyType.OSA


def test_a_wage_subsidy_at_a_private_employer_is_still_fine(case):
    employer = EmployerFactory(organisation=case.organisation)
    placement = employment_start(
        case, employer, subsidy_type=SubsidyType.WAGE_SUBSIDY, starts_on=START
    )
    assert placement.employer == employer


def _book(actor, case, arena, **extra):
    return work_training_start(case, arena, actor=actor, starts_on=START, **extra)


def _full_arena(case, places=2):
    arena = TrainingArenaFactory(unit=case.unit, places=places)
    for _number in range(places):
        other = CaseFactory(unit=case.unit, organisation=case.organisation)
        _book(other.coach, other, arena)
    return arena


def test_a_booking_past_the_arenas_places_is_refused_for_a_coach(case):
    arena = _full_arena(case)
    with pytest.raises(ValidationError) as refused:
        _book(case.coach, case, arena, capacity_override_reason="Behöver platsen.")
    message = " ".join(refused.value.message_dict["arena"])
    assert "2 platser och alla är bokade" in message
    assert "enhetschef" in message
    assert Placement.objects.filter(arena=arena).count() == 2


def test_a_manager_books_past_the_places_only_with_a_recorded_reason(case):
    arena = _full_arena(case)
    manager = UserFactory(manager=True, unit=case.unit)
    with pytest.raises(ValidationError) as refused:
        _book(manager, case, arena)
    assert "capacity_override_reason" in refused.value.message_dict
    assert Placement.objects.filter(arena=arena).count() == 2
    placement = _book(
        manager, case, arena, capacity_override_reason="Handledaren tar en extra deltagare i maj."
    )
    assert placement.capacity_override_by == manager
    assert placement.capacity_override_reason == "Handledaren tar en extra deltagare i maj."
    assert AuditRecord.objects.filter(
        object_id=str(placement.pk), summary__contains="över dess 2 platser"
    ).exists()


def test_a_seat_that_ended_before_the_period_is_free(case):
    arena = TrainingArenaFactory(unit=case.unit, places=1)
    other = CaseFactory(unit=case.unit, organisation=case.organisation)
    work_training_start(
        other, arena, starts_on=START - timedelta(days=60), ends_on=START - timedelta(days=1)
    )
    assert _book(case.coach, case, arena).arena == arena


def test_changing_hours_on_a_full_arena_is_not_a_new_booking(case):
    arena = _full_arena(case, places=1)
    placement = Placement.objects.get(arena=arena)
    changed = services.placement_update(
        actor=placement.case.coach,
        placement=placement,
        expected_version=placement.version,
        hours_per_week="25",
    )
    assert changed.hours_per_week == 25


def test_the_placement_form_shows_the_refusal_at_the_field(client, case):
    arena = _full_arena(case)
    client.force_login(case.coach)
    response = client.post(
        reverse("work:placement_create", args=[case.pk]),
        {
            "kind": "work_training",
            "arena": arena.pk,
            "starts_on": START.isoformat(),
            "hours_per_week": "20",
            "status": "ongoing",
        },
    )
    assert response.status_code == 200
    assert "alla är bokade" in response.content.decode()
    assert Placement.objects.filter(case=case).count() == 0
