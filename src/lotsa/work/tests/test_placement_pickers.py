"""The placement form finds employers and arenas as one types and adds a missing one without
leaving the form (issue 17, item 4): with htmx through the picker endpoints, without JavaScript
as a post of the placement form that comes back as typed. The register's rules hold (a valid
organisation number, once per organisation in whatever form it is written; an arena name once),
errors in Swedish on the fields, nothing half-saved; the picker's query count is constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work.models import Employer, Placement, TrainingArena
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory

pytestmark = pytest.mark.django_db

NUMBER = "556016-0680"


@pytest.fixture
def manager(case):
    return UserFactory(manager=True, unit=case.unit)


def _options(client, name, text):
    response = client.get(reverse(name), {"sok": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_employer_search_finds_the_number_in_any_written_form(client, case):
    employer = EmployerFactory(
        organisation=case.organisation, organisation_number=NUMBER, name="Sundets Bygg AB"
    )
    EmployerFactory(organisation=case.organisation, name="Annat Café AB")
    EmployerFactory(organisation_number=NUMBER, name="Annan Kommuns Bygg AB")  # not ours
    client.force_login(case.coach)
    for written in (NUMBER, "5560160680", "１６５５６０１６０６８０", "sundets"):
        html = _options(client, "work:employer_picker", written)
        assert f'value="{employer.pk}" selected>Sundets Bygg AB' in html, written
        assert "Annat Café" not in html and "Annan Kommuns" not in html
    html = _options(client, "work:employer_picker", "Finnsinte")
    assert "Ingen träff. Saknas den? Lägg till den nedan." in html
    # a cleared search brings the whole register back, nothing chosen
    html = _options(client, "work:employer_picker", "")
    assert "Sundets Bygg AB" in html and "Annat Café AB" in html and "selected" not in html


def test_the_arena_search_finds_by_name(client, case, manager):
    arena = TrainingArenaFactory(unit=case.unit, name="Möbelverkstaden")
    TrainingArenaFactory(unit=case.unit, name="Caféet")
    client.force_login(case.coach)
    html = _options(client, "work:arena_picker", "möbel")
    assert f'value="{arena.pk}" selected>Möbelverkstaden' in html and "Caféet" not in html
    # a coach may not add arenas, so is not told to
    assert _options(client, "work:arena_picker", "x").count("Ingen träff.") == 1
    assert "Lägg till" not in _options(client, "work:arena_picker", "x")
    client.force_login(manager)
    assert "Saknas den? Lägg till den nedan." in _options(client, "work:arena_picker", "x")


@pytest.mark.parametrize("name", ["work:employer_picker", "work:arena_picker"])
def test_the_pickers_query_count_is_constant(client, case, name):
    client.force_login(case.coach)
    _options(client, name, "a")  # the session's first request does more

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _options(client, name, "a")
        return len(queries)

    EmployerFactory(organisation=case.organisation, name="Ett AB")
    TrainingArenaFactory(unit=case.unit, name="Arena ett")
    few = count()
    EmployerFactory.create_batch(25, organisation=case.organisation)
    TrainingArenaFactory.create_batch(25, unit=case.unit)
    assert count() == few


def _inline_employer(client, actor, **fields):
    client.force_login(actor)
    data = {
        "ny_arbetsgivare-organisation_number": NUMBER,
        "ny_arbetsgivare-name": "Sundets Bygg AB",
        "ny_arbetsgivare-sector": "private",
        "lista": "id_employer",
    }
    data.update({f"ny_arbetsgivare-{key}": value for key, value in fields.items()})
    return client.post(reverse("work:employer_inline"), data, HTTP_HX_REQUEST="true")


def test_htmx_adds_the_employer_and_chooses_it(client, case):
    response = _inline_employer(client, case.coach)
    employer = Employer.objects.get()
    assert (employer.organisation_id, employer.organisation_number) == (
        case.organisation_id,
        NUMBER,
    )
    body = response.content.decode()
    assert "Sundets Bygg AB finns nu i arbetsgivarregistret och är vald." in body
    assert 'hx-swap-oob="innerHTML:#id_employer"' in body
    assert f'<option value="{employer.pk}" selected>Sundets Bygg AB</option>' in body
    assert response["HX-Trigger-After-Settle"] == "lotsa-picked"
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="work.employer", actor=case.coach
    ).exists()


def test_an_invalid_organisation_number_is_a_field_error_and_saves_nothing(client, case):
    body = _inline_employer(client, case.coach, organisation_number="556016-0681", name="")
    body = body.content.decode()
    assert "Kontrollsiffran stämmer inte. Kontrollera organisationsnumret." in body
    assert 'id="id_ny_arbetsgivare-name_error"' in body
    assert 'value="556016-0681"' in body  # kept as typed
    assert "hx-swap-oob" not in body
    assert not Employer.objects.exists()


def test_the_same_number_written_otherwise_is_a_duplicate(client, case):
    EmployerFactory(organisation=case.organisation, organisation_number=NUMBER)
    body = _inline_employer(client, case.coach, organisation_number="5560160680").content.decode()
    assert "Det finns redan en arbetsgivare med det numret." in body
    assert Employer.objects.count() == 1


def test_a_referrer_may_not_add_employers(client, case):
    referrer = UserFactory(referrer=True, unit=case.unit)
    assert _inline_employer(client, referrer).status_code == 403
    assert not Employer.objects.exists()


def test_htmx_adds_an_arena_of_the_managers_unit_and_only_a_manager(client, case, manager):
    data = {"ny_arena-name": "Möbelverkstaden", "ny_arena-places": "3", "lista": "id_arena"}
    client.force_login(case.coach)
    assert client.post(reverse("work:arena_inline"), data).status_code == 403
    client.force_login(manager)
    body = client.post(reverse("work:arena_inline"), data).content.decode()
    arena = TrainingArena.objects.get()
    assert (arena.unit, arena.places) == (case.unit, 3)
    assert f'<option value="{arena.pk}" selected>Möbelverkstaden</option>' in body
    again = client.post(reverse("work:arena_inline"), {**data, "ny_arena-name": "möbelverkstaden"})
    assert "Det finns redan en arena med det namnet." in again.content.decode()
    assert TrainingArena.objects.count() == 1


def _placement_post(client, case, **extra):
    client.force_login(case.coach)
    data = {
        "kind": "internship",
        "starts_on": "2026-04-16",
        "hours_per_week": "20",
        "status": "planned",
        "tasks": "Snickeri med handledare.",
        "ny_arbetsgivare-organisation_number": NUMBER,
        "ny_arbetsgivare-name": "Sundets Bygg AB",
        "ny_arbetsgivare-sector": "private",
        **extra,
    }
    return client.post(reverse("work:placement_create", args=[case.pk]), data)


def test_without_javascript_the_placement_form_comes_back_as_typed_with_the_employer(client, case):
    response = _placement_post(client, case, ny_arbetsgivare="1")
    assert response.status_code == 200
    employer = Employer.objects.get()
    form = response.context["form"]
    assert not form.is_bound
    assert form["employer"].value() == employer.pk
    assert form["hours_per_week"].value() == "20"
    body = response.content.decode()
    assert "Sundets Bygg AB finns nu i arbetsgivarregistret och är vald." in body
    assert f'<option value="{employer.pk}" selected>Sundets Bygg AB</option>' in body
    assert "Snickeri med handledare." in body
    assert not Placement.objects.exists()
    # then saved as usual; the inline fields are not a second employer
    saved = _placement_post(client, case, employer=employer.pk)
    assert saved.status_code == 302
    assert Placement.objects.get().employer == employer
    assert Employer.objects.count() == 1


def test_without_javascript_bad_input_opens_the_inline_form_and_keeps_the_placement(client, case):
    response = _placement_post(
        client, case, ny_arbetsgivare="1", **{"ny_arbetsgivare-organisation_number": "123"}
    )
    assert not Employer.objects.exists()
    assert "organisation_number" in response.context["employer_form"].errors
    body = response.content.decode()
    assert 'id="new-employer-details" open' in body
    assert "Snickeri med handledare." in body


def test_the_placement_form_offers_the_pickers(client, case, manager):
    url = reverse("work:placement_create", args=[case.pk])
    client.force_login(case.coach)
    body = client.get(url).content.decode()
    assert f'hx-get="{reverse("work:employer_picker")}"' in body
    assert f'hx-get="{reverse("work:arena_picker")}"' in body
    assert "Saknas arbetsgivaren? Ny arbetsgivare" in body
    assert "Saknas arenan?" not in body  # coaches do not add arenas
    client.force_login(manager)
    assert "Saknas arenan? Ny träningsarena" in client.get(url).content.decode()
