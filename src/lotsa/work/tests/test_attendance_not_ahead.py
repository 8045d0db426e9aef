"""Attendance tells what happened: a day that has not come yet is refused at the field."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.tests.factories import CaseFactory
from lotsa.work import services
from lotsa.work.constants import AttendanceStatus, PlacementKind, PlacementStatus
from lotsa.work.models import Attendance
from lotsa.work.tests.factories import TrainingArenaFactory, catalogue_install

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement():
    case = CaseFactory()
    catalogue_install(case.organisation)
    return services.placement_create(
        actor=case.coach,
        case=case,
        kind=PlacementKind.WORK_TRAINING,
        arena=TrainingArenaFactory(unit=case.unit),
        starts_on=timezone.localdate() - timedelta(days=30),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
    )


def test_attendance_for_tomorrow_is_refused_with_a_swedish_message(placement):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=placement.case.coach,
            placement=placement,
            day=tomorrow,
            status=AttendanceStatus.PRESENT,
        )
    assert error.value.message_dict["day"] == [
        f"Närvaro registreras i efterhand: {tomorrow.isoformat()} har inte varit än. "
        "Välj i dag eller en tidigare dag."
    ]
    assert not Attendance.objects.exists()
    services.attendance_record(
        actor=placement.case.coach,
        placement=placement,
        day=timezone.localdate(),
        status=AttendanceStatus.PRESENT,
    )
    assert Attendance.objects.count() == 1


def test_the_attendance_form_shows_the_refusal_at_the_day_field(client, placement):
    client.force_login(placement.case.coach)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("work:attendance_add", args=[placement.pk]),
        {"day": tomorrow.isoformat(), "status": AttendanceStatus.SICK, "note": ""},
    )
    assert response.status_code == 200
    assert "har inte varit än" in response.context["form"].errors["day"][0]
    assert 'id="id_day_error"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_week_with_a_day_ahead_saves_nothing(placement):
    today = timezone.localdate()
    entries = [
        (placement, today - timedelta(days=1), AttendanceStatus.PRESENT),
        (placement, today + timedelta(days=1), AttendanceStatus.PRESENT),
    ]
    with pytest.raises(ValidationError) as error:
        services.attendance_record_week(
            actor=placement.case.coach, arena=placement.arena, entries=entries
        )
    assert "har inte varit än" in error.value.messages[0]
    assert not Attendance.objects.exists()
