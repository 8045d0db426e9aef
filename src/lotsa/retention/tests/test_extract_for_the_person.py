"""The extract is for the person: no secrets, no internal ids, every time in Swedish time."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lotsa.collaboration.constants import MeetingKind
from lotsa.collaboration.models import CoordinationMeeting
from lotsa.portal.models import SignInCode
from lotsa.portal.services import code_request, participant_account_for
from lotsa.retention.extract import extract_as_html, extract_as_json, participant_extract
from lotsa.retention.tests.factories import elsas_open_case

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def case():
    return elsas_open_case()


def _all_fields(extract):
    for section in extract["avsnitt"]:
        for record in section["poster"]:
            yield section["modell"], record["uppgifter"]


def test_a_meeting_with_a_clock_time_is_in_the_extract(case):
    CoordinationMeeting.objects.create(
        case=case,
        kind=MeetingKind.choices[0][0],
        meets_on=datetime.date(2025, 2, 3),
        starts_at=datetime.time(9, 30),
        registered_by=case.coach,
    )
    extract = participant_extract(case.participant)
    json.loads(extract_as_json(extract))  # "Object of type time is not JSON serializable"
    meeting = next(
        fields
        for model, fields in _all_fields(extract)
        if model == "collaboration.coordinationmeeting"
    )
    assert meeting["Klockan"] == "09:30"
    assert "09:30" in extract_as_html(extract)


def test_sign_in_code_hashes_passwords_and_internal_ids_are_left_out(case):
    user = participant_account_for(case.participant)
    code_request(contact_text="elsa@example.se", ip_address="127.0.0.1")
    code = SignInCode.objects.get(participant=case.participant)
    extract = participant_extract(case.participant)
    text = extract_as_json(extract)
    assert code.code_hash not in text
    assert user.password not in text
    labels = {label.lower() for _model, fields in _all_fields(extract) for label in fields}
    assert not {label for label in labels if "hash" in label or "lösenord" in label}
    assert "id" not in labels
    assert "inloggningskoder" in text.lower()  # the request itself is there: when, and how


def test_every_time_is_swedish_time_whatever_the_servers_zone(case, settings):
    settings.TIME_ZONE = "America/New_York"
    code_request(contact_text="elsa@example.se", ip_address="127.0.0.1")
    code = SignInCode.objects.get(participant=case.participant)
    with timezone.override("America/New_York"):
        extract = participant_extract(case.participant)
    swedish = code.created_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
    record = next(
        record
        for section in extract["avsnitt"]
        if section["modell"] == "portal.signincode"
        for record in section["poster"]
    )
    assert record["uppgifter"]["Skapad"] == swedish
    assert swedish in record["rubrik"]
    created = datetime.datetime.strptime(extract["skapat"], "%Y-%m-%d %H:%M")
    now = timezone.now().astimezone(STOCKHOLM).replace(tzinfo=None)
    assert abs(now - created) < datetime.timedelta(minutes=2)
