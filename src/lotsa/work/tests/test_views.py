import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.organisations.tests.factories import UserFactory
from lotsa.work.models import Employer, EmployerAgreement, EmployerContactLog, TrainingArena
from lotsa.work.tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    TrainingArenaFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, two-factor and other per-request queries, then the page's own reads.
EMPLOYER_LIST_QUERIES = 7
EMPLOYER_PAGE_QUERIES = 15  # with the list record of the people placed there (5)
ARENA_LIST_QUERIES = 7


def _signed_in(client, **trait):
    user = UserFactory(**trait)
    client.force_login(user)
    return user


def _employer_data(**overrides):
    return {
        "organisation_number": "556016-0680",
        "name": "Timrå Bygg AB",
        "sector": "private",
        "industry": "Bygg",
        "placement_capacity": "2",
        **overrides,
    }


def test_coach_creates_an_employer_and_lands_on_its_page(client):
    coach = _signed_in(client, coach=True)
    response = client.post(reverse("work:employer_create"), _employer_data())
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("work:employer_detail", args=[employer.pk])
    assert employer.organisation_id == coach.organisation_id


def test_invalid_organisation_number_is_shown_at_the_field_and_nothing_is_saved(client):
    _signed_in(client, coach=True)
    response = client.post(
        reverse("work:employer_create"), _employer_data(organisation_number="556016-0681")
    )
    assert response.status_code == 200
    assert (
        "Kontrollsiffran stämmer inte" in response.context["form"].errors["organisation_number"][0]
    )
    assert 'id="id_organisation_number_error"' in response.content.decode()
    assert not Employer.objects.exists()


def test_second_editor_is_told_about_the_conflict_in_swedish(client):
    coach = _signed_in(client, coach=True)
    employer = EmployerFactory(organisation=coach.organisation, name="Före")
    url = reverse("work:employer_edit", args=[employer.pk])
    first = _employer_data(organisation_number=employer.organisation_number, version="0")
    assert client.post(url, {**first, "name": "Första"}).status_code == 302
    response = client.post(url, {**first, "name": "Andra"})
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert response.context["form"]["version"].value() == "1"
    assert Employer.objects.get(pk=employer.pk).name == "Första"


def test_list_searches_by_name_and_number_and_filters(client):
    coach = _signed_in(client, coach=True)
    EmployerFactory(organisation=coach.organisation, name="Sågverket AB", with_capacity=True)
    EmployerFactory(
        organisation=coach.organisation,
        name="Kommunhuset",
        organisation_number="212000-2411",
        municipal=True,
    )
    EmployerFactory(name="Sågverket i annan kommun")
    url = reverse("work:employers")

    def names(**query):
        return [e.name for e in client.get(url, query).context["employers"]]

    assert names() == ["Kommunhuset", "Sågverket AB"]
    assert names(q="såg") == ["Sågverket AB"]
    assert names(q="2120002411") == ["Kommunhuset"]
    assert names(sector="municipal") == ["Kommunhuset"]
    assert names(has_capacity="on") == ["Sågverket AB"]


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_employer_list_runs_the_same_queries_for_5_and_50_employers(client):
    coach = _signed_in(client, coach=True)
    url = reverse("work:employers")
    EmployerFactory.create_batch(5, organisation=coach.organisation)
    client.get(url)  # warm the session
    with_5 = _count(client, url, {"sector": "private", "has_capacity": ""})
    EmployerFactory.create_batch(45, organisation=coach.organisation)
    with_50 = _count(client, url, {"sector": "private", "has_capacity": ""})
    assert with_5 == with_50
    assert with_50 <= EMPLOYER_LIST_QUERIES, f"{with_50} queries, budget {EMPLOYER_LIST_QUERIES}"
    assert len(client.get(url).context["employers"]) == 50


def test_employer_page_runs_the_same_queries_for_5_and_50_contacts_and_log_entries(client):
    coach = _signed_in(client, coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    url = reverse("work:employer_detail", args=[employer.pk])

    def grow(how_many):
        for contact in EmployerContactFactory.create_batch(how_many, employer=employer):
            EmployerContactLog.objects.create(
                employer=employer,
                occurred_on=timezone.localdate(),
                staff=UserFactory(coach=True, unit=coach.unit),
                contact=contact,
                kind="phone",
                outcome="Ring igen.",
            )
            EmployerAgreement.objects.create(
                employer=employer, kind="cooperation", valid_from=timezone.localdate()
            )

    grow(5)
    client.get(url)
    with_5 = _count(client, url)
    grow(45)
    with_50 = _count(client, url)
    assert with_5 == with_50
    assert with_50 <= EMPLOYER_PAGE_QUERIES, f"{with_50} queries, budget {EMPLOYER_PAGE_QUERIES}"
    assert client.get(url).content.decode().count("Ring igen.") == 50


def test_referrer_reads_but_sees_no_edit_links(client):
    referrer = _signed_in(client, referrer=True)
    employer = EmployerFactory(organisation=referrer.organisation)
    response = client.get(reverse("work:employer_detail", args=[employer.pk]))
    assert response.status_code == 200
    assert reverse("work:employer_edit", args=[employer.pk]) not in response.content.decode()
    assert client.get(reverse("work:employer_edit", args=[employer.pk])).status_code == 403


def test_other_organisation_gets_404(client):
    _signed_in(client, manager=True)
    employer = EmployerFactory()
    assert client.get(reverse("work:employer_detail", args=[employer.pk])).status_code == 404
    assert client.get(reverse("work:employer_edit", args=[employer.pk])).status_code == 404


def test_coach_adds_contact_agreement_and_log_entry(client):
    coach = _signed_in(client, coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("work:employer_contact_add", args=[employer.pk]),
        {"name": "Eva Ek", "role": "Platschef", "phone": "060-123 45", "email": "eva@example.se"},
    )
    assert response.status_code == 302
    contact = employer.contacts.get()
    response = client.post(
        reverse("work:employer_agreement_add", args=[employer.pk]),
        {"kind": "cooperation", "valid_from": today, "note": "Samverkansavtal 2026"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("work:employer_contact_log_add", args=[employer.pk]),
        {"occurred_on": today, "kind": "visit", "contact": contact.pk, "outcome": "Två platser."},
    )
    assert response.status_code == 302
    page = client.get(reverse("work:employer_detail", args=[employer.pk])).content.decode()
    assert "Eva Ek" in page
    assert "Samverkansavtal" in page
    assert "Två platser." in page


def test_contact_log_form_offers_only_this_employers_contact_people(client):
    coach = _signed_in(client, coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    EmployerContactFactory(employer=employer, name="Hos oss")
    EmployerContactFactory(name="Hos någon annan")
    page = client.get(reverse("work:employer_contact_log_add", args=[employer.pk]))
    assert "Hos oss" in page.content.decode()
    assert "Hos någon annan" not in page.content.decode()


def test_manager_creates_and_edits_an_arena_and_coach_only_reads(client):
    manager = _signed_in(client, manager=True)
    response = client.post(
        reverse("work:arena_create"),
        {"name": "Kommuncafé", "unit": manager.unit.pk, "places": "4", "supervisors": "Ali"},
    )
    assert response.status_code == 302
    arena = TrainingArena.objects.get()
    response = client.post(
        reverse("work:arena_edit", args=[arena.pk]),
        {"name": "Kommuncafé", "unit": manager.unit.pk, "places": "5", "version": "0"},
    )
    assert response.status_code == 302
    arena.refresh_from_db()
    assert (arena.places, arena.version) == (5, 1)

    coach = UserFactory(coach=True, unit=manager.unit)
    client.force_login(coach)
    listing = client.get(reverse("work:arenas")).content.decode()
    assert "Kommuncafé" in listing
    assert f'href="{reverse("work:arena_edit", args=[arena.pk])}"' not in listing
    assert client.get(reverse("work:arena_edit", args=[arena.pk])).status_code == 403


def test_arena_list_runs_the_same_queries_for_5_and_50_arenas(client):
    manager = _signed_in(client, manager=True)
    url = reverse("work:arenas")
    TrainingArenaFactory.create_batch(5, unit=manager.unit, organisation=manager.organisation)
    client.get(url)
    with_5 = _count(client, url)
    TrainingArenaFactory.create_batch(
        45, unit__organisation=manager.organisation, organisation=manager.organisation
    )
    with_50 = _count(client, url)
    assert with_5 == with_50
    assert with_50 <= ARENA_LIST_QUERIES, f"{with_50} queries, budget {ARENA_LIST_QUERIES}"
