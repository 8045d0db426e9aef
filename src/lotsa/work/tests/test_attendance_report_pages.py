"""The monthly attendance report's pages: the coach reviews and signs, the participant confirms on
Mina sidor, the referring officer reads a summary that names no workplace; the report goes with
its case when culled and is in the person's extract; query counts stay constant."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.referrals.models import Referral
from lotsa.retention import services as retention_services
from lotsa.retention.extract import participant_extract
from lotsa.retention.tests.factories import number_born_on
from lotsa.work import services
from lotsa.work.constants import AttendanceReportStatus
from lotsa.work.models import AttendanceReport, AttendanceReportDay
from lotsa.work.tests.attendance_data import APRIL, APRIL_END
from lotsa.work.tests.attendance_data import attendance_case as _case
from lotsa.work.tests.attendance_data import attendance_placement as _placement
from lotsa.work.tests.attendance_data import attendance_report as _report
from lotsa.work.tests.attendance_data import review_everything as _review_everything
from lotsa.work.tests.factories import catalogue_install

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def test_the_coach_creates_a_month_from_the_case_panel_and_bad_periods_stay_on_the_form(client):
    case = _case()
    _placement(case)
    client.force_login(case.coach)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Närvarorapporter per månad" in page
    url = reverse("work:attendance_report_create", args=[case.pk])

    response = client.post(url, {"start": "2025-04-01", "end": "2025-04-29"})
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["start"][0]
        .startswith(
            "Perioden måste vara en hel kalendermånad: från den 1:a till månadens sista dag, till "
            "exempel 2025-04-01 – 2025-04-30."
        )
    )
    assert not AttendanceReport.objects.exists()

    response = client.post(url, {"start": "2025-04-01", "end": "2025-04-30"})
    report = AttendanceReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    # 1–2 April present (25 h/week = 5,0 h a day), 3–4 April and the rest ej registrerat.
    assert "Ej registrerat" in page and "10,0" in page


def test_the_review_form_refuses_too_many_hours_and_text_keeping_the_input(client):
    case = _case()
    _placement(case)
    visit = ActivityFactory(case=case, starts_on=datetime.date(2025, 4, 1), ends_on=APRIL)
    report = _report(case)
    line = report.days.get(activity=visit)
    client.force_login(case.coach)
    url = report.get_absolute_url()

    response = client.post(url, {"version": report.version, f"hours-{line.pk}": "20"})
    assert response.status_code == 400
    assert (
        "1 april 2025 blir 25,0 timmar. Ett dygn har högst 24 timmar." in response.content.decode()
    )
    assert f'name="hours-{line.pk}" value="20"' in response.content.decode()
    response = client.post(url, {"version": report.version, f"hours-{line.pk}": "sju"})
    assert response.status_code == 400
    assert "1 april 2025: skriv timmar som ett tal, till exempel 7,5." in response.content.decode()
    assert AttendanceReportDay.objects.get(pk=line.pk).hours is None

    response = client.post(url, {"version": report.version, f"hours-{line.pk}": "2,5"})
    assert response.status_code == 302
    assert AttendanceReportDay.objects.get(pk=line.pk).hours == Decimal("2.5")


def test_sign_is_blocked_with_a_clear_message_then_signed_and_shared(client):
    case = _case()
    _placement(case)
    report = _report(case)
    client.force_login(case.coach)
    services.attendance_report_confirm(
        actor=participant_account_for(case.participant),
        report=report,
        version=report.version,
        agrees=True,
    )

    response = client.post(
        reverse("work:attendance_report_sign", args=[report.pk]), {"version": report.version}
    )
    assert response.status_code == 400
    assert (
        "Signera går inte än: 2 dagar är ej registrerade (3 april 2025, 4 april 2025)"
        in response.content.decode()
    )

    _review_everything(case, report)
    response = client.post(
        reverse("work:attendance_report_sign", args=[report.pk]), {"version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AttendanceReportStatus.SIGNED
    response = client.post(
        reverse("work:attendance_report_share", args=[report.pk]), {"version": report.version}
    )
    assert response.status_code == 302
    assert AttendanceReport.objects.get(pk=report.pk).status == AttendanceReportStatus.SHARED


def test_the_participant_confirms_on_mina_sidor_in_their_language(client):
    case = _case()
    _placement(case)
    report = _report(case)
    user = participant_account_for(case.participant)
    client.force_login(user)

    listing = client.get(reverse("portal:attendance")).content.decode()
    assert "Närvaro april 2025" in listing
    url = reverse("portal:attendance_report", args=[report.pk])
    response = client.post(url, {"version": report.version, "answer": "disagree", "comment": ""})
    assert response.status_code == 400
    assert "Skriv vad som inte stämmer." in response.content.decode()
    response = client.post(
        url, {"version": report.version, "answer": "disagree", "comment": "3 april var jag där."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participant_comment == "3 april var jag där."
    response = client.post(url, {"version": report.version, "answer": "agree", "comment": ""})
    assert response.status_code == 302
    assert AttendanceReport.objects.get(pk=report.pk).status == AttendanceReportStatus.CONFIRMED
    assert AuditRecord.objects.filter(
        actor=user, action=AuditAction.VIEW, object_id=str(report.pk)
    ).exists()

    client.post(reverse("portal:language_set"), {"language": "en", "next": url})
    page = client.get(url).content.decode()
    assert "Attendance April 2025" in page
    assert "Not registered" in page
    assert "Ej registrerat" not in page


def test_another_participant_cannot_open_the_month(client):
    case = _case()
    report = _report(case)
    client.force_login(participant_account_for(CaseFactory().participant))
    assert client.get(reverse("portal:attendance_report", args=[report.pk])).status_code == 404


def test_the_officer_summary_of_a_protected_person_names_no_workplace_unit_or_coach(client):
    case = _case(last_name="Skyddadsdotter", is_protected=True)
    _placement(case, employer_name="Hemliga Verkstaden AB")
    report = _review_everything(case, _report(case))
    services.attendance_report_sign(actor=case.coach, report=report, version=report.version)
    # The officer at försörjningsstöd, in a unit of their own, referred the person.
    officer = UserFactory(
        referrer=True,
        unit=UnitFactory(organisation=case.organisation, name="Försörjningsstöd Öst"),
        last_name="Handläggarsson",
    )
    Referral.objects.filter(pk=case.referral_id).update(referrer=officer)
    case.refresh_from_db()
    url = reverse("work:attendance_summary", args=[report.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 403  # signed, not yet shared with the officer

    services.attendance_report_share(actor=case.coach, report=report, version=report.version)
    answers = [
        client.get(url).content.decode(),
        client.get(reverse("work:attendance_summary_csv", args=[report.pk])).content.decode(),
    ]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("work:attendance_summary_xlsx", args=[report.pk])).content)
    )
    answers.append(
        " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)
    )
    for answer in answers:
        assert "Skyddadsdotter" in answer  # the officer already sees the person they referred
        assert "10" in answer  # 2 × 5,0 h at the placement
        for hidden in (
            "Hemliga Verkstaden",
            case.unit.name,
            case.coach.last_name,
            case.participant.personal_number,
        ):
            assert hidden not in answer
    assert "Frånvaro – giltig" in answers[1]
    assert (
        AuditRecord.objects.filter(
            actor=officer, action=AuditAction.EXPORT, object_id=str(report.pk)
        ).count()
        == 2
    )

    other_officer = UserFactory(referrer=True, unit=officer.unit)
    client.force_login(other_officer)
    response = client.get(url)
    assert response.status_code == 404 and "Skyddadsdotter" not in response.content.decode()


def test_the_pages_ask_a_constant_number_of_queries(client):
    small, large = _case(), _case(last_name="Storsson")
    _placement(small, days=(1,))
    for n in range(3):
        _placement(large, employer_name=f"Arbetsgivare {n} AB", days=(1, 2, 3))
        ActivityFactory(case=large, starts_on=APRIL, ends_on=APRIL_END)
    counts = {}
    for key, case in (("small", small), ("large", large)):
        report = _report(case)
        assert report.days.count() > 0
        client.force_login(case.coach)
        counts[key] = [
            _count(client, report.get_absolute_url()),
            _count(client, reverse("work:attendance_summary", args=[report.pk])),
            _count(client, reverse("cases:detail", args=[case.pk])),
        ]
        client.force_login(participant_account_for(case.participant))
        counts[key].append(_count(client, reverse("portal:attendance_report", args=[report.pk])))
    assert counts["small"] == counts["large"]
    assert (
        large.attendance_reports.get().days.count() == 3 * 4 + 3 * 22
    )  # placements 1–4 April, plan activities


def test_the_report_is_in_the_extract_and_goes_when_the_case_is_culled():
    case = CaseFactory(
        closed=True,
        start_date=datetime.date(2025, 1, 10),
        closed_on=APRIL_END,
        participant__last_name="Gallrasson",
        participant__personal_number=number_born_on(datetime.date(1984, 6, 3)),
    )
    catalogue_install(case.organisation)
    ActivityFactory(case=case, starts_on=APRIL, ends_on=None)
    report = _report(case)

    extract = participant_extract(case.participant)
    titles = [section["rubrik"] for section in extract["avsnitt"]]
    assert "Närvarorapporter" in titles and "Dagar i närvarorapport" in titles

    result = retention_services.culling_run(today=datetime.date(2040, 1, 1))
    assert result is not None
    assert not AttendanceReport.objects.filter(pk=report.pk).exists()
    assert not AttendanceReportDay.objects.exists()
