"""The data-subject extract holds everything about the person, and nothing about anyone else."""

import datetime
import json

import pytest

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.retention.constants import ExtractFormat
from lotsa.retention.extract import extract_as_html, participant_extract
from lotsa.retention.services import extract_export
from lotsa.retention.tests.factories import elsas_open_case, full_case, looked_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    case = elsas_open_case()
    looked_at(case.coach, case.participant, times=2)
    return case


def _section(extract, model):
    return next(section for section in extract["avsnitt"] if section["modell"] == model)


def test_the_extract_holds_details_referrals_cases_plan_notes_and_who_looked(case):
    extract = participant_extract(case.participant)

    person = _section(extract, "people.participant")
    assert person["rubrik"] == "Deltagare"
    details = person["poster"][0]["uppgifter"]
    assert details["Förnamn"] == "Elsa"
    assert details["E-post"] == "elsa@example.se"
    assert details["Skyddad identitet"] == "Nej"

    referral = _section(extract, "referrals.referral")["poster"][0]["uppgifter"]
    assert referral["Anledning till remissen"].startswith("Har varit utan arbete")
    assert referral["Status"] == "Ärende öppnat"
    assert len(referral["Målgrupper"]) == 1

    assert _section(extract, "cases.case")["rubrik"] == "Ärenden"
    assert _section(extract, "cases.case")["poster"][0]["uppgifter"]["Startdatum"] == "2025-01-13"
    activity = _section(extract, "cases.activity")["poster"][0]["uppgifter"]
    assert activity["Aktivitet"] == "Praktik"
    assert activity["SKR-kategori"].startswith("5. Praktik")
    assert _section(extract, "cases.goal")["poster"][0]["uppgifter"]["Mål"] == "Arbete"
    assert _section(extract, "cases.planversion")["poster"][0]["uppgifter"]["Planen"] == {
        "goals": ["Arbete"],
        "activities": ["Praktik"],
    }
    assert _section(extract, "cases.followup")["poster"]
    notes = _section(extract, "journal.note")
    assert notes["rubrik"] == "Journalanteckningar"
    texts = [post["uppgifter"]["Anteckning"] for post in notes["poster"]]
    assert "Tillägg: rättat datum." in texts

    log = _section(extract, "audit.auditrecord")
    assert log["rubrik"] == "Loggposter"
    views = [
        post["uppgifter"] for post in log["poster"] if post["uppgifter"]["Händelse"] == "Visade"
    ]
    assert len(views) == 2
    assert views[0]["Användare"] == str(case.coach)
    assert views[0]["Enhet"] == str(case.unit)
    assert views[0]["Objekttyp"] == "Deltagare"


def test_the_extract_leaves_out_other_people_and_bookkeeping_columns(case):
    someone_else = full_case(start=datetime.date(2025, 2, 3), closed=None, unit=case.unit)
    NoteFactory(case=someone_else, text="Hemlig anteckning om någon annan.", signed_on_the_day=True)
    looked_at(case.coach, someone_else.participant)

    extract = participant_extract(case.participant)
    text = json.dumps(extract, ensure_ascii=False)

    assert "Hemlig anteckning" not in text
    assert someone_else.participant.first_name not in text
    assert len(_section(extract, "cases.case")["poster"]) == 1
    assert len(_section(extract, "audit.auditrecord")["poster"]) == 2
    details = _section(extract, "people.participant")["poster"][0]["uppgifter"]
    assert "Version" not in details  # the edit counter is not a fact about the person
    assert "Skapad" in details


def test_the_extract_is_plain_json_and_renders_as_a_document(case):
    extract = participant_extract(case.participant)
    assert json.loads(json.dumps(extract)) == extract
    html = extract_as_html(extract)
    assert "<h1>Registerutdrag</h1>" in html
    assert "Journalanteckningar" in html
    assert "Elsa" in html


def test_every_extract_is_written_to_the_log_as_an_export(case):
    extract_export(actor=None, participant=case.participant, form=ExtractFormat.JSON)
    record = AuditRecord.objects.get(action="export")
    assert record.participant_id == case.participant_id
    assert record.actor is None
    assert record.summary == "Registerutdrag (JSON)"


def test_the_number_of_queries_does_not_grow_with_the_records(case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        participant_extract(case.participant)
    for day in range(20):
        NoteFactory(
            case=case,
            occurred_on=datetime.date(2025, 3, 1) + datetime.timedelta(day),
            signed_on_the_day=True,
        )
    looked_at(case.coach, case.participant, times=20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        participant_extract(case.participant)
