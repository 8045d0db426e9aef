"""`lotsa extract <personnummer>`: any written form of the number, JSON or HTML, to a file."""

import datetime
import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.retention.tests.factories import full_case, number_born_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return full_case(
        start=datetime.date(2025, 1, 13),
        closed=None,
        first_name="Kalle",
        personal_number=number_born_on(datetime.date(1981, 12, 18)),
    )


def _short_form(canonical):
    return f"{canonical[2:8]}-{canonical[8:]}"


def test_the_command_prints_json_for_the_number_in_its_short_form(case, capsys):
    call_command("extract", _short_form(case.participant.personal_number))
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["Namn"] == case.participant.full_name
    assert data["organisation"] == case.organisation.name
    record = AuditRecord.objects.get(action="export")
    assert (record.participant_id, record.actor_id) == (case.participant_id, None)


def test_the_command_writes_html_to_a_private_file(case, tmp_path, capsys):
    target = tmp_path / "utdrag.html"
    call_command("extract", case.participant.personal_number, "--format=html", f"--output={target}")
    assert "Registerutdraget är sparat" in capsys.readouterr().out
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Kalle" in html and "Journalanteckningar" in html
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_invalid_number_is_refused_in_swedish():
    with pytest.raises(CommandError, match="Kontrollsiffran stämmer inte"):
        call_command("extract", "811218-9875")


def test_an_unknown_person_is_reported():
    with pytest.raises(CommandError, match="Det finns ingen deltagare med personnumret"):
        call_command("extract", "811218-9876")


def test_a_person_in_two_organisations_needs_the_organisation_named(case, capsys):
    other = OrganisationFactory(name="Samordningsförbundet Norr")
    ParticipantFactory(
        unit=UnitFactory(organisation=other), personal_number=case.participant.personal_number
    )
    with pytest.raises(CommandError, match="flera organisationer.*Samordningsförbundet Norr"):
        call_command("extract", case.participant.personal_number)

    call_command(
        "extract", case.participant.personal_number, f"--organisation={case.organisation.name}"
    )
    assert json.loads(capsys.readouterr().out)["organisation"] == case.organisation.name
