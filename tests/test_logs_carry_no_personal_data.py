"""The logs of a representative run carry no names, personnummer, addresses or numbers.

Every logger at DEBUG through the production JSON formatter while staff open a person, a case,
search by name, get a 404, save a bad form, a participant asks for a sign-in code by SMS, and
the scheduled commands run; then the captured lines are grepped for the people's data.
"""

import io
import json
import logging
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotsa.cases.tests.factories import CaseFactory
from lotsa.core.observability import JsonFormatter
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = "Ingegerd", "Loggsdotter"
EMAIL, PHONE = "ingegerd.loggsdotter@example.se", "0705550123"


@pytest.fixture
def captured(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Everything at DEBUG but the two loggers settings.LOGGING keeps at WARNING (SQL, templates).
    noisy = {name: logging.getLogger(name).level for name in ("django", "lotsa", "django_tasks")}
    for name in noisy:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for name in ("django.db.backends", "django.template"):
        assert logging.getLogger(name).level == logging.WARNING
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, level in noisy.items():
            logging.getLogger(name).setLevel(level)


def test_a_representative_run_logs_no_personal_data(client, captured):
    case = CaseFactory(
        participant=ParticipantFactory(first_name=FIRST, last_name=LAST, email="", phone=PHONE)
    )
    person = case.participant
    person.email = EMAIL
    person.save(update_fields=["email"])
    client.force_login(case.coach)

    pages = [
        reverse("people:detail", args=[person.pk]),
        reverse("cases:detail", args=[case.pk]),
        reverse("people:list") + f"?q={LAST}",
        reverse("people:list") + f"?q={person.personal_number}",
        reverse("people:detail", args=[999_999]),  # 404, logged by django.request
        reverse("cases:my_cases"),
    ]
    for page in pages:
        client.get(page)
    client.post(reverse("people:create"), {"personal_number": "19850315-2390", "first_name": FIRST})
    client.logout()
    client.post(reverse("portal:sign_in"), {"contact": PHONE})
    for command in (
        ["send_reminders"],
        ["send_surveys"],
        ["expire_consents"],
        ["audit", "verify"],
        ["scheduler", "--once"],
    ):
        call_command(*command, stdout=io.StringIO(), stderr=io.StringIO())
    logging.getLogger("lotsa.test").warning("a page failed for %s", EMAIL)

    lines = [json.loads(line) for line in captured.getvalue().splitlines() if line.strip()]
    assert any(line["logger"] == "lotsa.test" for line in lines)  # every line is JSON
    text = captured.getvalue()
    short = person.personal_number[2:8] + "-" + person.personal_number[8:]
    for personal in (FIRST, LAST, EMAIL, PHONE, person.personal_number, short,
                     "19850315-2390", date(1985, 3, 15).strftime("%y%m%d-2390")):  # fmt: skip
        assert personal not in text, personal
