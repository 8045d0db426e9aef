"""The national reports on the fixed data set (dataset.py), with figures computed by hand."""

import datetime

import pytest
from django.urls import reverse

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.cases import services as case_services
from lotsa.cases.constants import ClosureReason, SkrCategory
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.reporting import services
from lotsa.reporting.common import PeriodError, ReportIncompleteError, month_period
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.reporting.tests import dataset
from lotsa.statistics.periods import Period, year
from lotsa.statistics.tables import publish

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = year(2025)
DECEMBER = Period(D(2025, 12, 1), D(2025, 12, 31))


@pytest.fixture
def data():
    return dataset.build()


def test_kolada_counts_each_closure_by_the_published_definition(data, settings):
    report = produce_kolada(data.organisation, YEAR)
    # A and G: work that lasted a month; D: Komvux with CSN. C is a municipal labour-market
    # employment, B's job ended after three weeks and I's had a break, E's studies give no
    # CSN, F moved (protected identity, counted all the same). H closed in 2024.
    assert report.counts == {
        "work": 2,
        "studies": 1,
        "municipal": 1,
        "short_work": 2,
        "studies_no_csn": 1,
        "other": 1,
    }
    settings.LOTSA_SUPPRESS_BELOW = 1  # to read the hand-computed share
    share = publish(report.tables[1], compare=False)
    assert share.rows[0][1][0].value == 37.5  # 3 of 8
    counts = publish(report.tables[0], compare=False)
    assert [cell.value for _label, cells in counts.rows for cell in cells] == [2, 1, 1, 2, 1, 1, 8]
    # The 18-month measure sits beside it, with its own definition.
    assert [table.key for table in report.tables] == [
        "kolada_closures",
        "kolada_share",
        "work_studies_counts",
        "work_studies_share",
    ]
    assert "548 dagar" in report.tables[2].definition
    assert "minst en månad i följd" in report.tables[0].definition


def test_kolada_hides_small_counts_through_the_one_routine(data):
    counts = publish(produce_kolada(data.organisation, YEAR).tables[0], compare=False)
    texts = [cell.text for _label, cells in counts.rows for cell in cells]
    assert "1" not in texts and "2" not in texts
    assert texts[-1] == "8"


def test_kolada_names_the_cases_that_lack_what_it_needs(data):
    unit, coach = data.unit, data.coach
    bare = CaseFactory(unit=unit, coach=coach, start_date=D(2025, 1, 5))
    case_services.case_close(  # an import or an old closure: no details
        actor=coach, case=bare, reason=ClosureReason.WORK_SUBSIDISED, closed_on=D(2025, 2, 1)
    )
    with pytest.raises(ReportIncompleteError) as raised:
        produce_kolada(data.organisation, YEAR)
    problems = raised.value.problems
    assert [p.case_id for p in problems] == [bare.pk]
    assert "anställningen började" in problems[0].what
    assert problems[0].url == reverse("cases:detail", args=[bare.pk])


def test_kolada_waits_for_the_follow_up_that_confirms_a_month(data):
    later = CaseFactory(unit=data.unit, coach=data.coach, start_date=D(2025, 1, 5))
    case_services.case_close(
        actor=data.coach,
        case=later,
        reason=ClosureReason.WORK_UNSUBSIDISED,
        closed_on=D(2025, 11, 3),
        details=dataset.ClosureDetails(employment_start=D(2025, 11, 3), municipal_employment=False),
    )
    with pytest.raises(ReportIncompleteError) as raised:
        produce_kolada(data.organisation, YEAR)
    assert raised.value.problems[0].case_id == later.pk
    assert "2025-12-03" in raised.value.problems[0].what


def test_esf_status_one_and_six_months_after_leaving(data):
    report = produce_esf(data.organisation, YEAR)
    # 1 month: A, G, I in work; D studies; E seeking work; B no support (other); C, F none.
    assert report.counts[1] == {"work": 3, "studies": 1, "seeking": 1, "other": 1, "none": 2}
    # 6 months: only A recorded (in work).
    assert report.counts[6] == {"work": 1, "studies": 0, "seeking": 0, "other": 0, "none": 7}


def test_the_monthly_file_has_one_row_per_person_with_codes(data):
    monthly = produce_socialstyrelsen(data.organisation, DECEMBER, actor=data.manager)
    assert monthly.header == [
        "personnummer",
        "manad",
        "kommunkod",
        "insats_01",
        "insats_02",
        "insats_03",
        "insats_04",
        "insats_05",
        "insats_06",
        "avslutsorsak",
    ]
    by_number = {row[0]: row[1:] for row in monthly.rows}
    cases = data.cases
    # F (protected: the manager of the unit is entitled): SKR 12 → 06, moved → 04.
    assert by_number[cases["F"].participant.personal_number] == [
        "202512", "2262", "0", "0", "0", "0", "0", "1", "04",
    ]  # fmt: skip
    # G: internship (SKR 5 → 02), closed to work on the last day of the month → 01.
    assert by_number[cases["G"].participant.personal_number] == [
        "202512", "2262", "0", "1", "0", "0", "0", "0", "01",
    ]  # fmt: skip
    # J: job seeking (SKR 2 → 01) and language (SKR 10 → 03); the cancelled SKR 8 and the
    # SKR 1 that ended in November are not there.
    assert by_number[cases["J"].participant.personal_number] == [
        "202512", "2262", "1", "0", "1", "0", "0", "0", "",
    ]  # fmt: skip
    assert len(monthly.rows) == 3


def test_the_scheduled_file_leaves_out_protected_identity_and_a_stranger_sees_none(data):
    scheduled = produce_socialstyrelsen(data.organisation, DECEMBER)
    numbers = {row[0] for row in scheduled.rows}
    assert data.cases["F"].participant.personal_number not in numbers
    assert len(scheduled.rows) == 2
    other_unit_manager = UserFactory(manager=True, unit__organisation=data.organisation)
    assert produce_socialstyrelsen(data.organisation, DECEMBER, actor=other_unit_manager).rows == []


def test_the_monthly_file_needs_a_whole_month_and_every_code(data):
    with pytest.raises(PeriodError, match="hel kalendermånad"):
        produce_socialstyrelsen(data.organisation, Period(D(2025, 12, 1), D(2025, 12, 30)))
    with pytest.raises(PeriodError):
        month_period("2025-13")
    assert month_period("2024-02") == Period(D(2024, 2, 1), D(2024, 2, 29))
    admin = UserFactory(administrator=True, organisation=data.organisation)
    services.report_code_update(
        actor=admin,
        kind="activity",
        key=str(int(SkrCategory.LANGUAGE)),
        code="",
        label="",
        expected_version=0,
    )
    with pytest.raises(ReportIncompleteError) as raised:
        produce_socialstyrelsen(data.organisation, DECEMBER, actor=data.manager)
    assert [p.case_id for p in raised.value.problems] == [data.cases["J"].pk]
    assert "10. Språkträning, SFI" in raised.value.problems[0].what


def test_pages_show_the_reports_and_downloads_are_audited(
    client, data, django_assert_max_num_queries
):
    client.force_login(data.manager)
    page = client.get(reverse("reporting:kolada"), {"year": 2025})
    assert page.status_code == 200
    content = page.content.decode()
    assert "Resultat vid avslut (Kolada) 2025-01-01 – 2025-12-31" in content
    assert "Arbete eller studier inom 18 månader" in content
    assert data.cases["F"].participant.last_name not in content
    with django_assert_max_num_queries(30):
        client.get(reverse("reporting:esf"), {"year": 2025})
    download = client.get(reverse("reporting:kolada"), {"year": 2025, "export": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    monthly = client.get(
        reverse("reporting:socialstyrelsen"), {"month": "2025-12", "export": "csv"}
    )
    text = monthly.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("personnummer;manad;kommunkod;insats_01")
    assert data.cases["F"].participant.personal_number in text
    exports = AuditRecord.objects.filter(action=AuditAction.EXPORT, actor=data.manager)
    assert set(exports.values_list("object_type", flat=True)) == {
        "reporting.kolada",
        "reporting.socialstyrelsen",
    }
    bad = client.get(reverse("reporting:socialstyrelsen"), {"month": "december"})
    assert bad.status_code == 200
    assert "Ange månaden som ÅÅÅÅ-MM" in bad.content.decode()


def test_coaches_read_no_reports_and_administrators_keep_the_codes(client, data):
    client.force_login(data.coach)
    assert client.get(reverse("reporting:kolada")).status_code == 403
    assert client.get(reverse("reporting:socialstyrelsen")).status_code == 403
    admin = UserFactory(administrator=True, organisation=data.organisation)
    client.force_login(admin)
    assert client.get(reverse("reporting:codes")).status_code == 200
    url = reverse("reporting:code_edit", args=["closure", "moved"])
    response = client.post(url, {"code": "x!", "label": "", "version": 0})
    assert "högst tio siffror" in response.content.decode()
    response = client.post(url, {"code": "09", "label": "Flyttat till annan kommun", "version": 0})
    assert response.status_code == 302
    monthly = produce_socialstyrelsen(data.organisation, DECEMBER, actor=data.manager)
    row = next(r for r in monthly.rows if r[0] == data.cases["F"].participant.personal_number)
    assert row[-1] == "09"


def test_lotsa_report_writes_each_report_or_says_what_is_missing(data, tmp_path):
    from django.core.management import CommandError, call_command

    kolada = tmp_path / "kolada.csv"
    call_command(
        "report", "kolada", "--org", data.organisation.name, "--from", "2025-01-01",
        "--to", "2025-12-31", "--format", "csv", "--output", str(kolada), "--no-progress",
    )  # fmt: skip
    assert "Arbete som varat minst en månad i följd" in kolada.read_text(encoding="utf-8-sig")
    monthly = tmp_path / "month.csv"
    call_command(
        "report", "socialstyrelsen", "--org", data.organisation.name, "--from", "2025-12-01",
        "--to", "2025-12-31", "--format", "csv", "--output", str(monthly),
    )  # fmt: skip
    lines = monthly.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3  # the header, G and J (no protected identity without an actor)
    with pytest.raises(CommandError, match="hel kalendermånad"):
        call_command(
            "report", "socialstyrelsen", "--org", data.organisation.name, "--from",
            "2025-12-01", "--to", "2025-12-15", "--format", "csv", "--output", str(monthly),
        )  # fmt: skip


def test_the_data_subject_extract_holds_what_the_closure_and_follow_up_recorded(data):
    from lotsa.retention.extract import extract_as_json, participant_extract

    text = extract_as_json(participant_extract(data.cases["A"].participant))
    assert "anställningen började" in text.lower()
    assert "kommunal arbetsmarknadsanställning" in text.lower()
    assert "arbetet har varat minst en månad i följd" in text.lower()
