"""The person picker of the referral form: searches as one types, by name or by personnummer in
any written form, and answers only with people the actor may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer():
    return UserFactory(referrer=True, unit=UnitFactory())


def _options(client, text):
    response = client.get(reverse("people:picker"), {"sok": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_personnummer_in_any_written_form_finds_the_person(client, referrer):
    person = ParticipantFactory(unit=referrer.unit, first_name="Saga", last_name="Strand")
    number = person.personal_number  # canonical, twelve digits
    client.force_login(referrer)
    for written in (
        number,
        f"{number[:8]}-{number[8:]}",
        f"{number[2:8]}-{number[8:]}",
        number[2:],
    ):
        html = _options(client, written)
        assert f'value="{person.pk}" selected' in html, written
    assert "Strand, Saga" in _options(client, "saga str")


def test_no_hit_and_someone_not_visible_answer_the_same(client, referrer):
    hidden = ParticipantFactory(unit=UnitFactory(), protected=True, last_name="Dold")
    client.force_login(referrer)
    assert _options(client, "Dold") == _options(client, "Finnsintealls")
    assert "Ingen träff. Saknas personen? Registrera hen nedan." in _options(
        client, hidden.personal_number
    )
    assert "Dold" not in _options(client, hidden.personal_number)


def test_the_referral_form_offers_the_search_as_you_type(client, referrer):
    danderyd_install(referrer.organisation)
    client.force_login(referrer)
    html = client.get(reverse("referrals:new")).content.decode()
    assert f'hx-get="{reverse("people:picker")}"' in html
    assert '<label for="person-search">Sök deltagare</label>' in html


def test_the_pickers_query_count_does_not_grow_with_the_hits(client, referrer):
    client.force_login(referrer)
    _options(client, "Berg")  # the session's first request does more

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _options(client, "Berg")
        return len(queries)

    ParticipantFactory(unit=referrer.unit, last_name="Berg")
    one = count()
    ParticipantFactory.create_batch(30, unit=referrer.unit, last_name="Bergström")
    assert "20 träffar" in _options(client, "Berg")  # the list is capped
    assert count() == one


def test_the_inline_registrations_query_count_is_the_same_for_any_person(client, referrer):
    client.force_login(referrer)
    counts = []
    for serial, protected in ((241, ""), (243, "on"), (245, "")):
        number = make_personnummer(datetime.date(1990, 1, serial % 28 + 1), serial).canonical
        data = {
            "ny_person-personal_number": number,
            "ny_person-first_name": "Ny",
            "ny_person-last_name": "Nysson",
            "ny_person-is_protected": protected,
        }
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("people:inline_create"), data, HTTP_HX_REQUEST="true")
        assert "är registrerad och vald" in response.content.decode()
        counts.append(len(queries))
    assert counts[1] == counts[2]  # the session's first request does more
