"""The case panel, the case pages and the administrators' pages, through HTTP."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.assessments.models import Assessment, Instrument, Mapping, Module
from lotsa.assessments.panels import panel
from lotsa.assessments.tests.factories import (
    CasePhaseFactory,
    MappingFactory,
    administrator,
    assess,
    small_instrument,
)
from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.panels import panel_of
from lotsa.cases.policy import case_access
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The case's visibility (case_access), whether the actor works on it, then one statement for
# mappings, scores and phases (lotsa.core.batch).
PANEL_QUERIES = 3
START = datetime.date(2025, 1, 15)


def _case_with_assessments(count: int):
    case = CaseFactory(start_date=START - datetime.timedelta(days=10))
    instrument = small_instrument(case.organisation, areas=3, modules=2)
    for number in range(count):
        assess(
            case,
            instrument,
            START + datetime.timedelta(days=30 * number),
            {"Modul 1.1": 1 + number % 10, "Modul 1.2": 2, "Modul 2.1": 3, "Modul 3.2": 10},
        )
    for number in range(count):
        MappingFactory(case=case, mapped_on=START + datetime.timedelta(days=30 * number))
    CasePhaseFactory(case=case)
    return case


@pytest.mark.parametrize("count", [1, 10])
def test_the_panel_runs_the_same_queries_for_one_and_ten_assessments(
    count, django_assert_num_queries
):
    case = _case_with_assessments(count)
    case.refresh_from_db()  # a fresh object: its visibility is asked, not remembered
    case.__dict__.pop("_visible_to", None)
    with django_assert_num_queries(PANEL_QUERIES):
        built = panel_of(panel, case_access(case.coach, case))
    assert built is not None
    assert built.context["progress"].assessment_count == count


def test_the_case_page_does_not_grow_with_assessments(client):
    counts = []
    for count in (1, 10):
        case = _case_with_assessments(count)
        client.force_login(case.coach)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _chart_and_table_numbers(html: str) -> tuple[list[list[float]], list[list[float]]]:
    svg = html[html.index("<svg") : html.index("</svg>")]
    chart = [
        [float(v) for v in re.findall(r'data-value="([\d.]+)"', group)]
        for group in re.split(r'<g class="chart-series"', svg)[1:]
    ]
    table_html = html[html.index('<table class="step-table"') :]
    table_html = table_html[: table_html.index("</table>")]
    table = [
        [float(v) for v in re.findall(r'<td class="numeric" data-value="([\d.]+)"', row)]
        for row in re.findall(r"<tr data-area=.*?</tr>", table_html, flags=re.S)
    ]
    return chart, table


def test_the_chart_shows_the_same_numbers_as_the_table(client):
    case = CaseFactory(start_date=START)
    instrument = small_instrument(case.organisation, areas=2, modules=2)
    assess(case, instrument, START, {"Modul 1.1": 2, "Modul 1.2": 3, "Modul 2.1": 4})
    assess(case, instrument, START + datetime.timedelta(days=60), {"Modul 1.1": 5, "Modul 2.1": 7})
    assess(case, instrument, START + datetime.timedelta(days=120), {"Modul 1.2": 9, "Modul 2.2": 8})
    client.force_login(case.coach)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    chart, table = _chart_and_table_numbers(html)
    # Area 1: (2+3)/2, 5, 9; area 2: 4, 7, 8 — computed by hand.
    assert table == [[2.5, 5.0, 9.0], [4.0, 7.0, 8.0]]
    assert chart == table
    assert 'role="img"' in html
    assert "+6,5" in html and "+4,0" in html  # Swedish decimal comma in the table


def test_a_coach_records_a_mapping_with_unknown_answers(client):
    case = CaseFactory()
    client.force_login(case.coach)
    url = reverse("assessments:mapping_create", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "mapped_on": timezone.localdate().isoformat(),
        "occasion": "start",
        "obstacles": ["not_clarified"],
    }
    for name in (
        "work_history",
        "registered_at_employment_service",
        "has_unemployment_insurance",
        "education",
        "health",
        "sick_certificate",
        "main_income_source",
        "housing",
        "children_at_home",
    ):
        data[name] = "unknown"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Mapping.objects.get(case=case).main_income_source == "unknown"


def test_a_mapping_with_a_missing_answer_shows_the_error_and_saves_nothing(client):
    case = CaseFactory()
    client.force_login(case.coach)
    response = client.post(
        reverse("assessments:mapping_create", args=[case.pk]),
        {"mapped_on": timezone.localdate().isoformat(), "occasion": "start"},
    )
    assert response.status_code == 200
    assert "Något behöver rättas" in response.content.decode()
    assert not Mapping.objects.exists()


def test_a_score_outside_the_scale_is_shown_next_to_the_module(client):
    case = CaseFactory()
    instrument = small_instrument(case.organisation, areas=1, modules=2)
    module = Module.objects.filter(area__instrument=instrument).first()
    client.force_login(case.coach)
    url = reverse("assessments:assessment_create", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Klarar steg 10." in page
    response = client.post(
        url, {"assessed_on": timezone.localdate().isoformat(), f"module_{module.pk}": "11"}
    )
    html = response.content.decode()
    assert f'id="id_module_{module.pk}_error"' in html
    assert "Steget ska vara ett heltal från 1 till 10." in html
    assert not Assessment.objects.exists()
    response = client.post(
        url, {"assessed_on": timezone.localdate().isoformat(), f"module_{module.pk}": "6"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get().scores.get().value == 6


def test_the_certificate_shows_reached_steps_and_nothing_sensitive(client):
    case = CaseFactory()
    instrument = small_instrument(case.organisation, areas=1, modules=1)
    assess(case, instrument, START, {"Modul 1.1": 7})
    MappingFactory(case=case)  # mental ill-health
    NoteFactory(case=case, text="Samtal om diagnosen och medicineringen.")
    client.force_login(case.coach)
    html = client.get(reverse("assessments:certificate", args=[case.pk])).content.decode()
    assert "Klarar steg 7." in html
    assert case.participant.full_name in html
    assert "Psykisk ohälsa" not in html
    assert "diagnosen" not in html
    assert case.participant.personnummer.formatted not in html
    certificate = html[html.index('<article class="certificate"') : html.index("</article>")]
    assert case.unit.name not in certificate  # a unit's name can reveal the kind of support
    assert AuditRecord.objects.filter(
        action="export", participant_id=case.participant_id, summary="Intyg om uppnådda steg"
    ).exists()


def test_only_those_who_may_see_the_case_see_its_progress(client):
    case = CaseFactory(referred=True)
    instrument = small_instrument(case.organisation, areas=1, modules=1)
    assess(case, instrument, START, {"Modul 1.1": 4})
    MappingFactory(case=case)
    referrer = case.referral.referrer
    assert panel_of(panel, case_access(referrer, case)) is not None
    assert panel_of(panel, case_access(referrer, case)).context["can_view_mapping"] is False
    stranger = UserFactory(coach=True, unit__organisation=case.organisation)
    assert panel_of(panel, case_access(stranger, case)) is None
    client.force_login(referrer)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Stegförflyttning" in html
    assert "Psykisk ohälsa" not in html
    for name in ("mapping_history", "certificate", "mapping_create", "assessment_create"):
        assert client.get(reverse(f"assessments:{name}", args=[case.pk])).status_code == 403
    client.force_login(stranger)
    for name in ("mapping_history", "certificate", "assessment_create", "phase_set"):
        assert client.get(reverse(f"assessments:{name}", args=[case.pk])).status_code == 404


def test_an_administrator_installs_move_and_sees_it_locked_once_used(client):
    admin = administrator()
    client.force_login(admin)
    assert client.get(reverse("assessments:instruments")).status_code == 200
    response = client.post(reverse("assessments:instrument_install_move"))
    instrument = Instrument.objects.get(organisation=admin.organisation)
    assert response.url == reverse("assessments:instrument_detail", args=[instrument.pk])
    page = client.get(response.url).content.decode()
    assert "Kommunikation" in page and "Nytt område" in page
    case = CaseFactory(unit__organisation=admin.organisation)
    assess(case, instrument, START, {"Tapetsering": 3})
    page = client.get(response.url).content.decode()
    assert "Skapa ny version för ändringar" in page and "Nytt område" not in page


def test_an_administrator_installs_and_edits_methods(client):
    admin = administrator()
    client.force_login(admin)
    client.post(reverse("assessments:methods_install"))
    page = client.get(reverse("assessments:methods")).content.decode()
    assert "Igångsättning" in page and "IPS" in page
