import pytest
from django.core.management import call_command
from django.urls import reverse

from lotsa.reporting.models import KeptReport
from lotsa.work.constants import AttendanceReportStatus, PlacementKind, SubsidyType
from lotsa.work.models import Attendance, AttendanceReport, JobProfile, Placement

pytestmark = pytest.mark.django_db


def test_demo_has_placements_of_every_kind_osa_costs_a_week_of_attendance_and_interests(
    settings, capsys, client
):
    settings.LOTSA_ALLOW_DEMO_DATA = True
    call_command("seed_demo", participants=60, seed=7)
    placements = Placement.objects.filter(organisation__name="Solvik kommun")
    assert set(placements.values_list("kind", flat=True)) == set(PlacementKind.values)
    subsidies = set(placements.values_list("subsidy_type", flat=True)) - {""}
    assert subsidies == set(SubsidyType.values) - {SubsidyType.EXTRA_JOB}
    osa = placements.filter(subsidy_type=SubsidyType.OSA)
    assert osa.count() >= 3
    assert not osa.filter(monthly_salary_cost__isnull=True).exists()
    assert all(p.activity_id for p in placements)
    week = Attendance.objects.filter(placement__arena__name="Möbelprojekt")
    assert week.values("day").distinct().count() == 5
    assert JobProfile.objects.count() >= 5
    reports = AttendanceReport.objects.filter(case__organisation__name="Solvik kommun")
    assert reports.exists() and all(report.days.exists() for report in reports)
    out = capsys.readouterr().out
    assert "OSA-anställningar" in out and "närvarorapporter för förra månaden" in out
    # The reporting demo takes one month the whole way to the referring officer, and keeps it.
    shared = reports.get(status=AttendanceReportStatus.SHARED)
    assert (
        shared.confirmed_at
        and shared.signed_at
        and not shared.days.filter(hours__isnull=True, review="").exists()
    )
    assert f"Närvarorapport {shared.month:%Y-%m} skickad till handläggaren" in out
    client.force_login(shared.case.referral.referrer)
    listing = client.get(reverse("work:attendance_summaries")).content.decode()
    assert reverse("work:attendance_summary", args=[shared.pk]) in listing
    file = KeptReport.objects.get(organisation=shared.case.organisation, report="attendance")
    assert file.rows >= 1 and shared.case.participant.full_name in bytes(file.content).decode()
