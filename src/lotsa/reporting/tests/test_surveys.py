"""SKR's survey, Uppföljning Finsam and the kept files, with figures computed by hand.

SKR uses the fixed data set (dataset.py) of 2025 and adds to it:

| case | target groups (referral) | start mapping (education; time without work) |
| --- | --- | --- |
| A | Försörjningsstöd | compulsory, over 24 months; later upper secondary, under 6 (not counted) |
| B | Försörjningsstöd | upper secondary; not asked (a mapping from before the question) |
| D | Försörjningsstöd, Unga 16–29 | upper secondary; 12–24 months |
| J | – | post-secondary; over 24 months |
| H (closed 2024) | Försörjningsstöd | compulsory — outside the year |

Open some day of 2025: A B C D E F G I J = 9 persons (H closed 2024-12-31). So Försörjningsstöd
3, Unga 1, no group 6 (C E F G I J). Education: compulsory 1, upper secondary 2, post-secondary
1, missing 5. Time without work: over 24 months 2, 12–24 months 1, missing 6. One employment
(J, Jan–Mar 2025, 20 000 kr a month, grant 50 %): salary 60 000, grant 30 000, net 30 000.
Kolada (test_reports): 8 closures, work 2, studies 1.
"""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.assessments.constants import (
    Education,
    IncomeSource,
    MappingOccasion,
    TimeWithoutWork,
)
from lotsa.assessments.tests.factories import MappingFactory
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.cases.constants import CaseStatus, ClosureReason
from lotsa.cases.tests.factories import CaseFactory
from lotsa.core.concurrency import EditConflictError
from lotsa.guidelines.tests.factories import TargetGroupFactory
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.tests.factories import ReferralFactory
from lotsa.reporting import kept, services
from lotsa.reporting.common import PeriodError, ReportIncompleteError
from lotsa.reporting.finsam import NotAnAssociationError, produce_finsam
from lotsa.reporting.models import KeptReport, Orientation, StaffFte
from lotsa.reporting.skr import MISSING, produce_skr
from lotsa.reporting.tests import dataset
from lotsa.statistics.periods import Period, year
from lotsa.statistics.tables import publish
from lotsa.work.models import Employer, Placement

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = year(2025)


def _refer(case, *groups):
    referral = ReferralFactory(
        of_participant=True,
        accepted=True,
        participant=case.participant,
        receiving_unit=case.unit,
    )
    referral.target_groups.set(groups)
    type(case).objects.filter(pk=case.pk).update(referral=referral)
    return referral


@pytest.fixture
def data():
    data = dataset.build()
    cases = data.cases
    support = TargetGroupFactory(name="Försörjningsstöd")
    young = TargetGroupFactory(name="Unga 16–29")
    for key in ("A", "B", "H"):
        _refer(cases[key], support)
    _refer(cases["D"], support, young)

    def start(key, on, education, without=""):
        MappingFactory(
            case=cases[key], mapped_on=on, education=education, time_without_work=without
        )

    start("A", D(2024, 9, 2), Education.COMPULSORY, TimeWithoutWork.OVER_24)
    start("A", D(2024, 10, 1), Education.UPPER_SECONDARY, TimeWithoutWork.UNDER_6)
    start("B", D(2024, 10, 2), Education.UPPER_SECONDARY)  # from before the question
    start("D", D(2025, 1, 3), Education.UPPER_SECONDARY, TimeWithoutWork.MONTHS_12_TO_24)
    start("J", D(2025, 6, 2), Education.POST_SECONDARY, TimeWithoutWork.OVER_24)
    MappingFactory(case=cases["H"], mapped_on=D(2024, 5, 2), education=Education.COMPULSORY)
    MappingFactory(  # a closure mapping is not the start's
        case=cases["C"], occasion=MappingOccasion.CLOSURE, education=Education.COMPULSORY
    )
    employer = Employer.objects.create(
        organisation=data.organisation,
        organisation_number="556016-0680",
        name="Rapportby Bygg AB",
        sector="private",
    )
    Placement.objects.create(
        organisation=data.organisation,
        case=cases["J"],
        kind="employment",
        subsidy_type="new_start",
        employer=employer,
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 3, 31),
        hours_per_week=Decimal(40),
        monthly_salary_cost=Decimal(20_000),
        grant_rate=Decimal(50),
        status="ongoing",
        created_by=data.coach,
    )
    return data


def _values(table):
    return [[cell.value for cell in cells] for _label, cells in publish(table, below=1).rows]


def test_skr_survey_answers_in_the_surveys_order(data, settings):
    services.staff_fte_set(
        actor=data.manager, unit=data.unit, year=2025, fte="3,5", expected_version=0
    )
    other = UnitFactory(organisation=data.organisation, support=True, name="Ö-enheten")
    survey = produce_skr(data.organisation, YEAR)
    assert survey.participants == 9
    assert survey.by_target_group == {"Försörjningsstöd": 3, "Unga 16–29": 1, "": 6}
    assert survey.education[Education.COMPULSORY] == 1
    assert survey.education[Education.UPPER_SECONDARY] == 2
    assert survey.education[Education.POST_SECONDARY] == 1
    assert survey.education[MISSING] == 5
    assert survey.fte == {data.unit.pk: Decimal("3.50"), other.pk: None}
    assert survey.net_cost == Decimal(30_000)
    assert (survey.left, survey.to_work, survey.to_studies) == (8, 2, 1)
    keys = [table.key for table in survey.tables]
    assert keys == [
        "skr_target_groups",
        "skr_units",
        "skr_gender",
        "skr_distinct",
        "skr_staff",
        "skr_net_cost",
        "skr_education",
        "skr_time_without_work",
        "skr_left",
        "skr_left_share",
    ]
    tables = {table.key: table for table in survey.tables}
    assert tables["skr_target_groups"].rows == ["Försörjningsstöd", "Unga 16–29", "Målgrupp saknas"]
    assert _values(tables["skr_staff"]) == [[Decimal("3.50")], [None], [Decimal("3.50")]]
    assert (
        _values(tables["skr_net_cost"]) == [[Decimal(60_000), Decimal(30_000), Decimal(30_000)]] * 2
    )
    # Working, under 6, 6–12, 12–24 (D), over 24 (A, J), never, unknown, missing (B's mapping
    # is from before the question; C E F G I have none), total.
    assert _values(tables["skr_time_without_work"]) == [[0], [0], [0], [1], [2], [0], [0], [6], [9]]
    assert survey.without_work[TimeWithoutWork.OVER_24] == 2
    assert _values(tables["skr_left"]) == [[2], [1], [5], [8]]
    assert _values(tables["skr_left_share"]) == [[25.0], [12.5]]
    # Published with the real threshold: small counts hidden, the one employment's cost too,
    # and a share whose part is below five.
    published = {p.key: p for p in (publish(t, compare=False) for t in survey.tables)}
    cost = [cell for _l, cells in published["skr_net_cost"].rows for cell in cells]
    assert all(cell.hidden for cell in cost)
    assert all(c.hidden for _l, cells in published["skr_left_share"].rows for c in cells)
    groups = [c.text for _l, cells in published["skr_target_groups"].rows for c in cells]
    assert groups[0] == "<5" and groups[2] == "6"


def test_skr_is_for_a_whole_year_and_waits_for_kolada(data):
    with pytest.raises(PeriodError, match="helt kalenderår"):
        produce_skr(data.organisation, Period(D(2025, 1, 1), D(2025, 6, 30)))
    # A closure to work without the follow-up a month later stops the survey, as it stops
    # Kolada's figure: nothing is produced half.
    CaseFactory(
        unit=data.unit,
        coach=data.coach,
        start_date=D(2025, 1, 1),
        status=CaseStatus.CLOSED,
        closed_on=D(2025, 11, 30),
        closure_reason=ClosureReason.WORK_UNSUBSIDISED,
        closure_employment_start=D(2025, 12, 1),
        closure_municipal_employment=False,
    )
    with pytest.raises(ReportIncompleteError):
        produce_skr(data.organisation, YEAR)


def test_staff_fte_is_checked_audited_and_versioned(data):
    with pytest.raises(ValidationError) as raised:
        services.staff_fte_set(
            actor=data.manager, unit=data.unit, year=2025, fte="tre", expected_version=0
        )
    assert "mellan 0 och 10 000" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        services.staff_fte_set(
            actor=data.manager, unit=data.unit, year=2025, fte="1,255", expected_version=0
        )
    assert "två decimaler" in str(raised.value)
    row = services.staff_fte_set(
        actor=data.manager, unit=data.unit, year=2025, fte="2", expected_version=0
    )
    services.staff_fte_set(
        actor=data.manager, unit=data.unit, year=2025, fte="2,5", expected_version=row.version
    )
    with pytest.raises(EditConflictError):  # someone opened the form before the last save
        services.staff_fte_set(
            actor=data.manager, unit=data.unit, year=2025, fte="4", expected_version=row.version
        )
    row.refresh_from_db()
    assert row.fte == Decimal("2.50")
    assert AuditRecord.objects.filter(object_type="reporting.stafffte").count() == 2


def test_skr_page_staff_form_and_command(client, data, tmp_path, django_assert_max_num_queries):
    client.force_login(data.manager)
    url = reverse("reporting:staff_edit", args=[2025, data.unit.pk])
    bad = client.post(url, {"fte": "-1", "version": 0})
    assert "mellan 0 och 10 000" in bad.content.decode()
    assert client.post(url, {"fte": "3,5", "version": 0}).status_code == 302
    assert "3,5" in client.get(url).content.decode()
    with django_assert_max_num_queries(40):
        page = client.get(reverse("reporting:skr"), {"year": 2025})
    content = page.content.decode()
    assert "SKR:s enkät om arbetsmarknadsverksamheten 2025" in content
    assert "1. Deltagare per målgrupp" in content
    assert "5b. Tid utan arbete före inskrivning" in content
    assert "Mer än 24 månader" in content
    assert data.cases["F"].participant.last_name not in content
    download = client.get(reverse("reporting:skr"), {"year": 2025, "export": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.skr", actor=data.manager
    ).exists()
    from django.core.management import call_command

    out = tmp_path / "skr.csv"
    call_command(
        "report", "skr", "--org", data.organisation.name, "--from", "2025-01-01",
        "--to", "2025-12-31", "--format", "csv", "--output", str(out), "--no-progress",
    )  # fmt: skip
    text = out.read_text(encoding="utf-8-sig")
    assert "Deltagare per målgrupp" in text and "Försörjningsstöd" in text


# Uppföljning Finsam ---------------------------------------------------------------------------


@pytest.fixture
def association():
    """A coordination association, its unit and two insatser.

    | person | gender | consent | protected | case | start mapping | closure mapping |
    | --- | --- | --- | --- | --- | --- | --- |
    | P1 | woman | yes | no | 2025-02-01 – 10-31 | social assistance, compulsory | salary, upper |
    | P2 | man | no | no | 2024-06-01 – 2025-12-31 | sickness benefit, compulsory | the same |
    | P3 | woman | yes | yes | 2025-03-01 – open | activity support, unknown | – |
    | P4 | man | yes | no | 2024-01-01 – 12-31 (outside) | – | – |

    P2 closes on the last day of the year: counted.
    """
    organisation = OrganisationFactory(
        name="Samordningsförbundet Rapport", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    unit = UnitFactory(organisation=organisation, support=True, name="Steget")
    manager = UserFactory(manager=True, unit=unit)
    coach = UserFactory(coach=True, unit=unit)
    people = {}

    def case(key, gender, start, closed=None, *, consent=True, protected=False):
        person = ParticipantFactory(unit=unit, gender=gender, is_protected=protected)
        extra = (
            {
                "status": CaseStatus.CLOSED,
                "closed_on": closed,
                "closure_reason": ClosureReason.OTHER,
            }
            if closed
            else {}
        )
        people[key] = CaseFactory(
            unit=unit, coach=coach, participant=person, start_date=start, **extra
        )
        if consent:
            referral = _refer(people[key])
            type(referral).objects.filter(pk=referral.pk).update(consent_given_on=start)

    case("P1", "woman", D(2025, 2, 1), D(2025, 10, 31))
    case("P2", "man", D(2024, 6, 1), D(2025, 12, 31), consent=False)
    case("P3", "woman", D(2025, 3, 1), protected=True)
    case("P4", "man", D(2024, 1, 1), D(2024, 12, 31))

    def mapping(key, occasion, income, education, on):
        MappingFactory(
            case=people[key],
            occasion=occasion,
            main_income_source=income,
            education=education,
            mapped_on=on,
        )

    start, end = MappingOccasion.START, MappingOccasion.CLOSURE
    mapping("P1", start, IncomeSource.SOCIAL_ASSISTANCE, Education.COMPULSORY, D(2025, 2, 3))
    mapping("P1", end, IncomeSource.SALARY, Education.UPPER_SECONDARY, D(2025, 10, 31))
    mapping("P2", start, IncomeSource.SICKNESS_BENEFIT, Education.COMPULSORY, D(2024, 6, 3))
    mapping("P2", end, IncomeSource.SICKNESS_BENEFIT, Education.COMPULSORY, D(2025, 12, 31))
    mapping("P3", start, IncomeSource.ACTIVITY_SUPPORT, Education.UNKNOWN, D(2025, 3, 3))
    individual = services.insats_save(
        actor=manager,
        insats=None,
        name="Steget vidare",
        orientation=Orientation.INDIVIDUAL,
        target_group="Unga vuxna 18–29 år med aktivitetsersättning",
        unit=unit,
        follows_individuals=True,
    )
    structural = services.insats_save(
        actor=manager,
        insats=None,
        name="Samverkansforum",
        orientation=Orientation.STRUCTURAL,
        target_group="Personal hos parterna",
        unit=None,
        follows_individuals=False,
    )
    services.insats_year_set(
        actor=manager, insats=individual, year=2025, budget="450 000", outcome="412500"
    )
    services.insats_year_set(
        actor=manager, insats=structural, year=2025, budget="80000", outcome=""
    )
    return {
        "organisation": organisation,
        "unit": unit,
        "manager": manager,
        "cases": people,
        "individual": individual,
        "structural": structural,
    }


def test_finsam_counts_each_insats_by_hand(association):
    report = produce_finsam(association["organisation"], YEAR)
    individual, structural = association["individual"], association["structural"]
    assert report.participants[individual.pk] == {"woman": 2, "man": 1, "other": 0}
    assert individual.pk in report.before_after and structural.pk not in report.before_after
    income = report.before_after[individual.pk]["income"]
    assert income[IncomeSource.SOCIAL_ASSISTANCE] == [1, 0]
    assert income[IncomeSource.SICKNESS_BENEFIT] == [1, 1]
    assert income[IncomeSource.SALARY] == [0, 1]
    assert income[IncomeSource.ACTIVITY_SUPPORT] == [0, 0]  # P3 has not left
    education = report.before_after[individual.pk]["education"]
    assert education[Education.COMPULSORY] == [2, 1]
    assert education[Education.UPPER_SECONDARY] == [0, 1]
    tables = {table.key: table for table in report.tables}
    money = publish(tables["finsam_insatser"], compare=False)
    # Ordered by name: Samverkansforum, Steget vidare.
    assert [[c.value for c in cells] for _l, cells in money.rows] == [
        [Decimal(80_000), None],
        [Decimal(450_000), Decimal(412_500)],
    ]
    assert "Strukturövergripande" in money.rows[0][0]
    assert tables["finsam_participants"].current == [[2, 1, 0]]  # structural has none
    published = publish(tables["finsam_participants"], compare=False)
    assert all(c.text in ("<5", "..", "0", "–") for _l, cells in published.rows for c in cells)


def test_finsam_rows_are_anonymous_without_consent_or_with_protected_identity(association):
    cases = association["cases"]
    report = produce_finsam(association["organisation"], YEAR, actor=association["manager"])
    by_start = {row[3] + row[2]: row for row in report.rows}
    assert len(report.rows) == 3  # P4 left in 2024
    p1 = next(row for row in report.rows if row[1])
    assert p1 == [
        "Steget vidare",
        cases["P1"].participant.personal_number,
        "woman",
        "2025",
        "social_assistance",
        "salary",
        "compulsory",
        "upper_secondary",
    ]
    assert by_start["2024man"] == ["Steget vidare", "", "man", "2024", "", "", "", ""]  # no consent
    assert by_start["2025woman"] in (p1, ["Steget vidare", "", "woman", "2025", "", "", "", ""])
    protected = [row for row in report.rows if row[2] == "woman" and not row[1]]
    assert protected == [["Steget vidare", "", "woman", "2025", "", "", "", ""]]
    # Without a reader (the schedule), still nobody with protected identity is named.
    unattended = produce_finsam(association["organisation"], YEAR)
    assert cases["P3"].participant.personal_number not in str(unattended.rows)


def test_finsam_is_for_associations_and_checks_its_input(association, data):
    with pytest.raises(NotAnAssociationError, match="samordningsförbund"):
        produce_finsam(data.organisation, YEAR)
    manager = association["manager"]
    with pytest.raises(ValidationError) as raised:
        services.insats_save(
            actor=manager,
            insats=None,
            name="steget VIDARE",
            orientation="both",
            target_group="",
            unit=association["unit"],
            follows_individuals=True,
        )
    errors = raised.value.message_dict
    assert set(errors) == {"name", "orientation", "target_group"}
    with pytest.raises(ValidationError) as raised:
        services.insats_year_set(
            actor=manager, insats=association["individual"], year=2025, budget="12,5", outcome="x"
        )
    assert set(raised.value.message_dict) == {"budget", "outcome"}
    with pytest.raises(EditConflictError):
        services.insats_year_set(
            actor=manager,
            insats=association["individual"],
            year=2025,
            budget="1",
            outcome="",
            expected_version=0,
        )


def test_finsam_pages_and_row_file(client, association, django_assert_max_num_queries):
    client.force_login(association["manager"])
    with django_assert_max_num_queries(40):
        page = client.get(reverse("reporting:finsam"), {"year": 2025})
    content = page.content.decode()
    assert "Uppföljning Finsam 2025" in content and "Steget vidare" in content
    rows = client.get(reverse("reporting:finsam"), {"year": 2025, "export": "rows"})
    text = rows.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("insats;personnummer;kon;startar")
    assert association["cases"]["P1"].participant.personal_number in text
    assert AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.finsam"
    ).exists()
    listing = client.get(reverse("reporting:insatser"), {"year": 2025})
    assert "450000 kr" in listing.content.decode()
    edit = reverse("reporting:insats_year", args=[association["structural"].pk, 2025])
    response = client.post(edit, {"budget": "", "outcome": "", "version": 1})
    assert "Ange budgeten i hela kronor" in response.content.decode()
    response = client.post(edit, {"budget": "90000", "outcome": "85000", "version": 1})
    assert response.status_code == 302
    create = reverse("reporting:insats_create")
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {"name": "Samverkansforum", "orientation": "structural", "target_group": "X", "version": 0},
    )
    assert "redan en insats med det namnet" in response.content.decode()
    response = client.post(
        create,
        {
            "name": "Språkstöd",
            "orientation": "structural",
            "target_group": "Nyanlända",
            "unit": association["unit"].pk,
            "version": 0,
        },
    )
    assert "inga deltagare" in response.content.decode()  # a structural insats has no unit
    response = client.post(
        create,
        {
            "name": "Språkstöd",
            "orientation": "structural",
            "target_group": "Nyanlända",
            "version": 0,
        },
    )
    assert response.status_code == 302


# Kept files -----------------------------------------------------------------------------------


def test_scheduled_files_are_kept_once_and_every_fetch_is_audited(
    client, data, association, settings
):
    december = Period(D(2025, 12, 1), D(2025, 12, 31))
    first = kept.keep_files(kept.MONTHLY, december)
    mine = [row for row in first if row.organisation_id == data.organisation.pk]
    assert sorted(row.report for row in mine) == ["esf", "kolada", "socialstyrelsen"]
    assert kept.keep_files(kept.MONTHLY, december) == []  # idempotent
    monthly = KeptReport.objects.get(organisation=data.organisation, report="socialstyrelsen")
    assert monthly.is_row_level and monthly.rows == 2  # G and J: F has protected identity
    assert monthly.checksum == hashlib.sha256(bytes(monthly.content)).hexdigest()
    yearly = kept.keep_files(kept.YEARLY, YEAR)
    ours = {data.organisation.pk, association["organisation"].pk}
    assert {(r.organisation_id, r.report) for r in yearly if r.organisation_id in ours} == {
        (data.organisation.pk, "skr"),
        (association["organisation"].pk, "skr"),
        (association["organisation"].pk, "finsam"),
    }
    coach = UserFactory(coach=True, unit=data.unit)
    client.force_login(coach)
    assert client.get(reverse("reporting:kept_download", args=[monthly.pk])).status_code == 403
    client.force_login(data.manager)
    listing = client.get(reverse("reporting:kept")).content.decode()
    assert "socialstyrelsen-2025-12.csv" in listing and "skr-2025.xlsx" in listing
    response = client.get(reverse("reporting:kept_download", args=[monthly.pk]))
    assert response.status_code == 200
    assert bytes(response.content) == bytes(monthly.content)
    fetched = AuditRecord.objects.filter(
        action=AuditAction.EXPORT, object_type="reporting.keptreport", actor=data.manager
    )
    assert list(fetched.values_list("object_id", flat=True)) == [str(monthly.pk)]
    other = UserFactory(manager=True, unit=association["unit"])
    client.force_login(other)
    assert client.get(reverse("reporting:kept_download", args=[monthly.pk])).status_code == 404


def test_the_jobs_are_registered_with_the_scheduler():
    from lotsa.jobs.schedule import Monthly, scheduled_jobs

    jobs = {job.name: job for job in scheduled_jobs}
    assert jobs["report_files_monthly"].schedule == Monthly(5, 3, 0)
    assert jobs["report_files_yearly"].schedule == Monthly(20, 3, 0)


def test_the_demo_enters_the_yearly_figures_and_shows_every_report(data, association):
    from types import SimpleNamespace

    from lotsa.reporting import demo

    lines = demo.build_demo(SimpleNamespace(today=D(2026, 2, 10)))
    text = "\n".join(lines)
    assert (
        "SKR:s enkät 2025, Rapportkommun: 9 deltagare, 8 avslutade, årsarbetare registrerade "
        "för 1 enheter" in text
    )
    # The fixture's two insatser and the demo's two; P3 is still open in 2026.
    assert "Uppföljning Finsam 2026, Samordningsförbundet Rapport: 4 insatser" in text
    assert KeptReport.objects.filter(organisation=data.organisation, report="skr").exists()
    assert KeptReport.objects.filter(
        organisation=association["organisation"], report="finsam"
    ).exists()


def test_hostile_input_is_refused_or_shown_escaped_never_a_500(client, association):
    client.force_login(association["manager"])
    unit = association["unit"]
    url = reverse("reporting:staff_edit", args=[2025, unit.pk])
    for text in ("x" * 100_000, "1\x00", "1e400", "NaN", "-0,5", "‮3"):
        response = client.post(url, {"fte": text, "version": 0})
        assert response.status_code == 200, text
    assert not StaffFte.objects.filter(unit=unit).exists()  # nothing half-saved
    edit = reverse("reporting:insats_edit", args=[association["structural"].pk])
    response = client.post(
        edit,
        {
            "name": "<script>alert(1)</script>",
            "orientation": "structural",
            "target_group": "Parterna",
            "version": 1,
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("reporting:insatser")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and "<script>alert" not in listing
    year = reverse("reporting:insats_year", args=[association["individual"].pk, 2025])
    for budget in ("1e400", "Infinity", "-5", "9" * 30):
        assert client.post(year, {"budget": budget, "outcome": "", "version": 1}).status_code == 200
