import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from lotsa.audit.models import AuditRecord
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work import services
from lotsa.work.models import TrainingArena
from lotsa.work.tests.factories import TrainingArenaFactory

pytestmark = pytest.mark.django_db

TIMRA_ARENAS = {
    "Hemservice",
    "Ledsagarservice",
    "Möbelprojekt",
    "Bilrekond",
    "Elektronikdemontering",
    "Kommuncafé",
}


def test_manager_creates_an_arena_in_a_unit_of_the_organisation():
    manager = UserFactory(manager=True)
    arena = services.training_arena_create(
        actor=manager, name="Möbelprojekt", unit=manager.unit, places=6, supervisors="Ali\nBo"
    )
    assert arena.supervisor_list == ["Ali", "Bo"]
    assert AuditRecord.objects.filter(object_type="work.trainingarena").count() == 1


def test_unit_of_another_organisation_and_duplicate_names_are_refused():
    manager = UserFactory(manager=True)
    with pytest.raises(ValidationError, match="egen organisation"):
        services.training_arena_create(actor=manager, name="Café", unit=UnitFactory())
    services.training_arena_create(actor=manager, name="Café", unit=manager.unit)
    with pytest.raises(ValidationError, match="redan en arena"):
        services.training_arena_create(actor=manager, name="café", unit=manager.unit)


@pytest.mark.parametrize("trait", ["coach", "referrer"])
def test_coaches_and_referrers_may_not_create_arenas(trait):
    actor = UserFactory(**{trait: True})
    with pytest.raises(PermissionDenied):
        services.training_arena_create(actor=actor, name="Café", unit=actor.unit)


def test_arena_update_detects_a_conflicting_edit():
    manager = UserFactory(manager=True)
    arena = TrainingArenaFactory(unit=manager.unit, organisation=manager.organisation)
    stale = TrainingArena.objects.get(pk=arena.pk)
    services.training_arena_update(actor=manager, arena=arena, expected_version=0, places=8)
    with pytest.raises(EditConflictError):
        services.training_arena_update(actor=manager, arena=stale, expected_version=0, places=2)
    assert TrainingArena.objects.get(pk=arena.pk).places == 8


def test_timra_example_installs_six_arenas_once():
    unit = UnitFactory(support=True, name="Arbetsmarknadsenheten")
    installed = services.training_arenas_install(organisation=unit.organisation, unit=unit)
    assert {arena.name for arena in installed} == TIMRA_ARENAS
    again = services.training_arenas_install(organisation=unit.organisation, unit=unit)
    assert again == []
    assert TrainingArena.objects.count() == 6
    assert (
        AuditRecord.objects.filter(
            object_type="work.trainingarena", organisation_id=unit.organisation_id
        ).count()
        == 6
    )


def test_install_command_adds_the_example_arenas_to_a_named_unit():
    unit = UnitFactory(support=True, name="Arbetsmarknadsenheten")
    out = io.StringIO()
    call_command(
        "install_training_arenas", unit.organisation.name, "Arbetsmarknadsenheten", stdout=out
    )
    assert "6 nya arenor" in out.getvalue()
    assert set(TrainingArena.objects.values_list("name", flat=True)) == TIMRA_ARENAS


def test_install_command_refuses_an_unknown_unit():
    unit = UnitFactory()
    with pytest.raises(CommandError, match="finns inte"):
        call_command("install_training_arenas", unit.organisation.name, "Saknas")
