import pytest

from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import policy
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("trait", "reads", "writes"),
    [
        ("coach", True, True),
        ("manager", True, True),
        ("referrer", True, False),
        ("administrator", True, False),
    ],
)
def test_employer_access_by_role(trait, reads, writes):
    actor = UserFactory(**{trait: True})
    employer = EmployerFactory(organisation=actor.organisation)
    assert policy.can_view_employer(actor, employer) is reads
    assert policy.can_edit_employer(actor, employer) is writes
    assert policy.can_create_employer(actor) is writes


def test_other_organisation_neither_reads_nor_writes_an_employer():
    actor = UserFactory(manager=True)
    employer = EmployerFactory()
    assert not policy.can_view_employer(actor, employer)
    assert not policy.can_edit_employer(actor, employer)


@pytest.mark.parametrize(
    ("trait", "reads", "writes"),
    [
        ("coach", True, False),
        ("manager", True, True),
        ("referrer", False, False),
        ("administrator", True, True),
    ],
)
def test_arena_access_by_role(trait, reads, writes):
    actor = UserFactory(**{trait: True})
    arena = TrainingArenaFactory(
        organisation=actor.organisation, unit__organisation=actor.organisation
    )
    assert policy.can_view_arenas(actor) is reads
    assert policy.can_edit_arena(actor, arena) is writes
    assert not policy.can_edit_arena(UserFactory(manager=True), arena)
