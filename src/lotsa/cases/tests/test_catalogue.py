"""The activity catalogue: the shipped data, installing it, and the administrators' page."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases import services
from lotsa.cases.constants import ActivityArea, ResponsibleParty, SkrCategory
from lotsa.cases.models import ActivityType
from lotsa.cases.tests.factories import ActivityFactory, ActivityTypeFactory
from lotsa.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "activity_catalogue.json"


def _data():
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def test_the_shipped_catalogue_covers_danderyd_timra_and_every_skr_category():
    activities = {item["name"]: item for item in _data()["activities"]}
    expected = {
        "Jobbsökarstöd": 2,
        "Samtal i motiverande syfte": 2,
        "Praktik": 5,
        "Initiering av ekonomiskt anställningsstöd via Arbetsförmedlingen": 12,
        "Initiering av insats via Arbetsförmedlingen": 12,
        "Initiering av studier": 3,
        "Arbetsförmågebedömning": 1,
        "Arbetsträning": 1,
        "Praktik med stöd": 5,
        "Språkstödjare på arbetsplatsen": 10,
        "Vägledning i grupp med fokus arbetsmarknad": 2,
        "Studier i samverkan med Komvux": 3,
        "Utbildning på specifika arbetsplatser": 3,
        "Stöd till körkort": 3,
        "Samverkan med regionen": 12,
        "Studievägledning": 2,
        "Orienterings- och förberedelsekurser": 3,
        "Aktiviteter parallellt med SFI": 10,
        "Validering": 11,
        "Matchning": 4,
    }
    assert {name: activities[name]["skr_category"] for name in expected} == expected
    for name in ("Motivationsgrupp", "Peer support"):
        assert activities[name]["area"] == ActivityArea.SOCIAL
    for name in ("Samverkan med regionen", "Samtalsstöd", "Hälsogrupp"):
        assert activities[name]["area"] == ActivityArea.HEALTH
    assert {item["skr_category"] for item in activities.values()} == set(SkrCategory.values)


def test_installing_adds_what_is_missing_and_keeps_local_edits():
    organisation = OrganisationFactory()
    ActivityTypeFactory(organisation=organisation, name="Praktik", skr_category=9)
    result = services.activity_catalogue_install(organisation=organisation, data=_data())
    total = len(_data()["activities"])
    assert result == {"created": total - 1, "existing": 1}
    assert ActivityType.objects.filter(organisation=organisation).count() == total
    assert ActivityType.objects.get(organisation=organisation, name="Praktik").skr_category == 9
    assert services.activity_catalogue_install(organisation=organisation, data=_data()) == {
        "created": 0,
        "existing": total,
    }
    assert AuditRecord.objects.filter(object_type="cases.activitytype").count() == 2


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ({"name": "X", "skr_category": 13, "area": "work"}, "SKR:s kategorier 1–12"),
        ({"name": "X", "skr_category": 1, "area": "leisure"}, "Välj område"),
        ({"name": "", "skr_category": 1, "area": "work"}, "Ange aktivitetens namn"),
        ({"name": "X", "skr_category": 1, "area": "work", "price": 5}, "okända fält price"),
        (
            {"name": "X", "skr_category": 1, "area": "work", "default_responsible": "mum"},
            "Välj vem som brukar ansvara",
        ),
    ],
)
def test_a_faulty_catalogue_installs_nothing(item, problem):
    organisation = OrganisationFactory()
    data = {"activities": [{"name": "Bra", "skr_category": 2, "area": "work"}, item]}
    with pytest.raises(ValidationError) as error:
        services.activity_catalogue_install(organisation=organisation, data=data)
    assert any(problem in message for message in error.value.messages)
    assert not ActivityType.objects.filter(organisation=organisation).exists()


def test_duplicate_names_and_empty_files_are_refused():
    organisation = OrganisationFactory()
    twice = {"name": "Praktik", "skr_category": 5, "area": "work"}
    with pytest.raises(ValidationError, match="finns två gånger"):
        services.activity_catalogue_install(
            organisation=organisation, data={"activities": [twice, dict(twice, name="praktik")]}
        )
    with pytest.raises(ValidationError, match="inga aktiviteter"):
        services.activity_catalogue_install(organisation=organisation, data={"activities": []})


def test_the_install_command_loads_the_shipped_catalogue(tmp_path):
    organisation = OrganisationFactory(name="Timrå kommun")
    out = StringIO()
    call_command("install_catalogue", "Timrå kommun", stdout=out)
    assert "30 nya aktiviteter" in out.getvalue()
    assert ActivityType.objects.filter(organisation=organisation).count() == 30

    own = tmp_path / "egen.json"
    own.write_text(
        json.dumps({"activities": [{"name": "Cykelverkstad", "skr_category": 1, "area": "work"}]}),
        encoding="utf-8",
    )
    call_command("install_catalogue", "Timrå kommun", str(own), stdout=StringIO())
    assert ActivityType.objects.filter(organisation=organisation, name="Cykelverkstad").exists()


def test_the_install_command_reports_problems(tmp_path):
    OrganisationFactory(name="Timrå kommun")
    with pytest.raises(CommandError, match="finns inte"):
        call_command("install_catalogue", "Ingen kommun", stdout=StringIO())
    broken = tmp_path / "trasig.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="inte giltig JSON"):
        call_command("install_catalogue", "Timrå kommun", str(broken), stdout=StringIO())
    wrong = tmp_path / "fel.json"
    wrong.write_text(json.dumps({"activities": [{"name": "X", "skr_category": 0}]}), "utf-8")
    with pytest.raises(CommandError, match="SKR"):
        call_command("install_catalogue", "Timrå kommun", str(wrong), stdout=StringIO())


@pytest.fixture
def administrator():
    organisation = OrganisationFactory()
    return UserFactory(administrator=True, unit=None, organisation=organisation)


def test_administrator_adds_edits_and_deactivates_catalogue_items(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("cases:catalogue"))
    assert response.status_code == 200

    bad = client.post(reverse("cases:catalogue_create"), {"name": "", "skr_category": ""})
    assert bad.context["form"].errors["name"] == ["Ange aktivitetens namn."]
    assert bad.context["form"].errors["skr_category"] == ["Välj en av SKR:s kategorier 1–12."]

    created = client.post(
        reverse("cases:catalogue_create"),
        {
            "name": "Cykelverkstad",
            "skr_category": "1",
            "area": "work",
            "default_responsible": "coach",
        },
    )
    assert created.status_code == 302
    item = ActivityType.objects.get(organisation=administrator.organisation, name="Cykelverkstad")
    assert item.skr_category == 1 and item.is_active

    edited = client.post(
        reverse("cases:catalogue_edit", args=[item.pk]),
        {
            "name": "Cykelverkstaden",
            "skr_category": "5",
            "area": "work",
            "default_responsible": "employer",
            "is_active": "on",
            "version": item.version,
        },
    )
    assert edited.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.skr_category, item.default_responsible) == (
        "Cykelverkstaden",
        5,
        ResponsibleParty.EMPLOYER,
    )

    client.post(
        reverse("cases:catalogue"),
        {"activity_type": item.pk, "is_active": "0", "version": item.version},
    )
    item.refresh_from_db()
    assert not item.is_active
    assert "Inaktiv" in client.get(reverse("cases:catalogue")).content.decode()


def test_reclassifying_a_catalogue_item_leaves_existing_plans_alone(administrator):
    item = ActivityTypeFactory(organisation=administrator.organisation, skr_category=5)
    activity = ActivityFactory(activity_type=item, case__unit__organisation=item.organisation)
    services.activity_type_update(
        actor=administrator, activity_type=item, expected_version=item.version, skr_category=1
    )
    activity.refresh_from_db()
    assert activity.skr_category == 5


def test_names_are_unique_per_organisation(administrator):
    ActivityTypeFactory(organisation=administrator.organisation, name="Praktik")
    with pytest.raises(ValidationError) as error:
        services.activity_type_create(
            actor=administrator, name="praktik", skr_category=5, area="work"
        )
    assert error.value.message_dict["name"] == ["Det finns redan en aktivitet med det namnet."]


@pytest.mark.parametrize("role", ["coach", "manager", "referrer"])
def test_only_administrators_keep_the_catalogue(client, role):
    user = UserFactory(**{role: True})
    client.force_login(user)
    assert client.get(reverse("cases:catalogue")).status_code == 403
    assert client.get(reverse("cases:catalogue_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.activity_type_create(actor=user, name="X", skr_category=1, area="work")


def test_an_administrator_cannot_touch_another_organisations_catalogue(client, administrator):
    foreign = ActivityTypeFactory()
    client.force_login(administrator)
    assert client.get(reverse("cases:catalogue_edit", args=[foreign.pk])).status_code == 404
    assert (
        client.post(reverse("cases:catalogue"), {"activity_type": foreign.pk, "is_active": "0"})
    ).status_code == 404
    with pytest.raises(PermissionDenied):
        services.activity_type_update(
            actor=administrator, activity_type=foreign, expected_version=1, is_active=False
        )
