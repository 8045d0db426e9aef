"""`lotsa report attendance --organisation … --month YYYY-MM [--output file.csv]` on the fixed
data set of work/tests/attendance_data.py, with the figures computed by hand: one row per
summary shared with a referring officer, never a person with protected identity."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lotsa.reporting.attendance import produce_attendance
from lotsa.statistics.periods import Period
from lotsa.work.tests.attendance_data import APRIL, APRIL_END, attendance_case, signed_month

pytestmark = pytest.mark.django_db

HEADER = [
    "Ärende",
    "Deltagare",
    "Månad",
    "Signerad",
    "Skickad till handläggaren",
    "Timmar: Praktik eller anställning",
    "Timmar: Arbetsträning på arena",
    "Timmar: Aktivitet i planen",
    "Timmar totalt",
    "Dagar: Frånvaro – sjuk",
    "Dagar: Frånvaro – giltig",
    "Dagar: Frånvaro – ogiltig",
    "Dagar: Frånvaro – annat",
    "Dagar: Registreringsglapp (ingen frånvaro)",
    "Dagar: Ej registrerat",
]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.fixture
def data():
    from lotsa.work.tests.attendance_data import shared_months

    return shared_months()


def test_the_file_holds_each_shared_month_of_the_organisation_computed_by_hand(data, tmp_path):
    elsewhere = attendance_case(last_name="Utsocknesson")  # another organisation's, shared
    signed_month(elsewhere)
    output = tmp_path / "narvaro.csv"
    call_command(
        "report", "attendance", "--organisation", data.organisation.name, "--month", "2025-04",
        "--output", str(output), "--no-progress",
    )  # fmt: skip
    rows = _rows(output.read_text(encoding="utf-8"))
    today = timezone.localdate().isoformat()
    a, b, o = data.reports["A"], data.reports["B"], data.reports["O"]
    assert rows == [
        HEADER,
        # A: present 1–2 April at 5,0 h; 3–4 April valid absence.
        [str(a.case_id), a.case.participant.full_name, "2025-04", today, today,
         "10.0", "0", "0", "10.0", "0", "2", "0", "0", "0", "0"],
        # B: present 1 April; 2 April sick, 3 April a registration gap, 4 April valid.
        [str(b.case_id), b.case.participant.full_name, "2025-04", today, today,
         "5.0", "0", "0", "5.0", "1", "1", "0", "0", "1", "0"],
        # O: shared with another officer of the organisation; the file is the organisation's.
        [str(o.case_id), o.case.participant.full_name, "2025-04", today, today,
         "10.0", "0", "0", "10.0", "0", "2", "0", "0", "0", "0"],
    ]  # fmt: skip
    # Not P (protected identity), S (signed, not shared) nor the other organisation's month.


def test_without_output_the_csv_goes_to_standard_output(data):
    out = io.StringIO()
    call_command(
        "report", "attendance", "--org", data.organisation.name, "--month", "2025-04",
        "--no-progress", stdout=out,
    )  # fmt: skip
    rows = _rows(out.getvalue())
    assert rows[0] == HEADER
    assert len(rows) == 1 + 3  # A, B and O


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2025-04-01", "--to", "2025-04-15"], "hel kalendermånad"),
        (["--month", "2025-4"], "Not a month"),
        (["--month", "2025-04", "--from", "2025-04-01", "--to", "2025-04-30"], "either --month"),
        ([], "Give --month"),
        (["--month", "2025-04", "--format", "xlsx"], "row-level file"),
    ],
)
def test_a_period_that_is_not_a_whole_month_is_refused(data, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "report", "attendance", "--org", data.organisation.name, *arguments, "--no-progress"
        )


def test_a_month_that_has_not_ended_is_refused(data):
    this_month = f"{timezone.localdate():%Y-%m}"
    with pytest.raises(CommandError, match="inte slut än"):
        call_command(
            "report", "attendance", "--org", data.organisation.name, "--month", this_month,
            "--no-progress",
        )  # fmt: skip


def test_the_producer_reads_in_a_constant_number_of_queries(data, django_assert_num_queries):
    with django_assert_num_queries(2):  # the summaries, their days
        rows = produce_attendance(data.organisation, Period(APRIL, APRIL_END))
    assert len(rows) == 1 + 3


def test_the_month_is_kept_on_schedule_once_and_every_fetch_is_audited(data, client, monkeypatch):
    """The scheduled job keeps April's file on 12 May — the same rows as the command, no
    protected person —, a second run keeps nothing more, and a manager's download is an
    export in the audit log."""
    import datetime
    from types import SimpleNamespace

    from django.urls import reverse

    from lotsa.audit.constants import AuditAction
    from lotsa.audit.models import AuditRecord
    from lotsa.jobs.schedule import Monthly, scheduled_jobs
    from lotsa.organisations.tests.factories import UserFactory
    from lotsa.reporting import kept
    from lotsa.reporting.models import KeptReport

    job = {job.name: job for job in scheduled_jobs}["attendance_files_monthly"]
    assert job.schedule == Monthly(12, 3, 0)
    may_12 = SimpleNamespace(localdate=lambda: datetime.date(2025, 5, 12))
    monkeypatch.setattr(kept, "timezone", may_12)
    job.run()
    job.run()  # idempotent
    files = KeptReport.objects.filter(organisation=data.organisation, report="attendance")
    assert files.count() == 1
    file = files.get()
    assert (file.filename, file.period_start, file.period_end) == (
        "narvaro-2025-04.csv",
        APRIL,
        APRIL_END,
    )
    assert file.is_row_level and file.rows == 3  # A, B and O: not P (protected), not S
    rows = _rows(bytes(file.content).decode("utf-8"))
    assert rows[0] == HEADER
    assert [row[1] for row in rows[1:]] == [
        data.reports[key].case.participant.full_name for key in ("A", "B", "O")
    ]
    assert "Skyddadsdotter" not in bytes(file.content).decode("utf-8")

    manager = UserFactory(manager=True, unit=data.reports["A"].case.unit)
    client.force_login(manager)
    assert "narvaro-2025-04.csv" in client.get(reverse("reporting:kept")).content.decode()
    response = client.get(reverse("reporting:kept_download", args=[file.pk]))
    assert response.status_code == 200 and bytes(response.content) == bytes(file.content)
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.keptreport", actor=manager,
        object_id=str(file.pk),
    ).count() == 1  # fmt: skip
    coach = UserFactory(coach=True, unit=manager.unit)
    client.force_login(coach)
    assert client.get(reverse("reporting:kept_download", args=[file.pk])).status_code == 403
