"""Hostile text in the employer forms and search: refused or stored escaped, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.organisations.tests.factories import UserFactory
from lotsa.work.models import Employer
from lotsa.work.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE work_employer; --",
    "x" * 100_000,
    "null\x00byte",
    "åäö 漢字 🙂",
    "{{ request.user.password }}",
    "\u202eRTL override",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_breaks_the_employer_pages(client, text):
    coach = UserFactory(coach=True)
    client.force_login(coach)
    for field in ("organisation_number", "name", "industry", "visiting_address"):
        data = {
            "organisation_number": "556016-0680",
            "name": "Bygg AB",
            "sector": "private",
            "placement_capacity": "0",
            field: text,
        }
        response = client.post(reverse("work:employer_create"), data)
        assert response.status_code in (200, 302), field
        assert "<script>alert" not in response.content.decode()
        Employer.objects.all().delete()
    response = client.get(reverse("work:employers"), {"q": text})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def _coach_signed_in_with_an_employer(client, case) -> Employer:
    """The case's coach, signed in, and an employer of the case's organisation to place with."""
    client.force_login(case.coach)
    return EmployerFactory(organisation=case.organisation)


NUMBERS = ["NaN", "Infinity", "-1", "1e999", "12,5,5", "<script>alert('x')</script>", "0x10"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_placements_and_job_interests(client, case, text):
    from lotsa.work.models import JobProfile, Placement

    employer = _coach_signed_in_with_an_employer(client, case)
    data = {
        "kind": "internship",
        "employer": employer.pk,
        "starts_on": "2026-03-02",
        "hours_per_week": "20",
        "status": "ongoing",
        "supervisor": text,
        "tasks": text,
    }
    response = client.post(reverse("work:placement_create", args=[case.pk]), data)
    assert response.status_code in (200, 302)
    assert "<script>alert" not in response.content.decode()
    for placement in Placement.objects.all():
        page = client.get(placement.get_absolute_url()).content.decode()
        assert "<script>alert" not in page
    response = client.post(
        reverse("work:job_profile_edit", args=[case.participant.pk]),
        {"interests": text, "travel_areas": text, "adaptations": text, "version": "0"},
    )
    assert response.status_code in (200, 302)
    if JobProfile.objects.exists():
        page = client.get(reverse("work:match_participant", args=[case.participant.pk]))
        assert "<script>alert" not in page.content.decode()


@pytest.mark.parametrize("number", NUMBERS)
def test_hostile_numbers_are_refused_next_to_the_field(client, case, number):
    from lotsa.work.models import Placement

    employer = _coach_signed_in_with_an_employer(client, case)
    base = {
        "kind": "employment",
        "subsidy_type": "osa",
        "employer": employer.pk,
        "starts_on": "2026-03-02",
        "hours_per_week": "20",
        "status": "ongoing",
        "monthly_salary_cost": "25000",
        "grant_rate": "80",
    }
    for field in ("hours_per_week", "monthly_salary_cost", "grant_rate"):
        response = client.post(
            reverse("work:placement_create", args=[case.pk]), {**base, field: number}
        )
        assert response.status_code == 200, (field, number)
        assert f"id_{field}_error" in response.content.decode(), (field, number)
    assert not Placement.objects.exists()


def test_hostile_week_grid_and_month_urls(client, case):
    from lotsa.work import services
    from lotsa.work.models import Attendance
    from lotsa.work.tests.factories import TrainingArenaFactory

    client.force_login(case.coach)
    arena = TrainingArenaFactory(unit=case.unit)
    placement = services.placement_create(
        actor=case.coach,
        case=case,
        kind="work_training",
        arena=arena,
        starts_on=timezone.localdate() - timedelta(days=30),
        hours_per_week="20",
    )
    url = reverse("work:arena_week", args=[arena.pk])
    assert client.get(url, {"week": "<script>"}).status_code == 200
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    response = client.post(
        url,
        {
            "week": monday.isoformat(),
            f"p{placement.pk}_{monday.isoformat()}": "<script>alert('x')</script>",
            "p999999_2026-01-01": "present",
        },
    )
    assert response.status_code == 200
    assert "Välj närvaro eller orsak till frånvaro." in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Attendance.objects.exists()
    bad_month = reverse("work:attendance_month", args=[case.pk, 2026, 13])
    assert client.get(bad_month).status_code == 404
