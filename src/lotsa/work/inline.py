"""Adding a missing employer or training arena from the placement form without leaving it
("Ny arbetsgivare", "Ny träningsarena"): the register's services with their policy, audit and
rules (a valid organisation number, once per organisation; an arena name once), reached
through shell.inline."""

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.translation import gettext as _

from lotsa.organisations.models import User
from lotsa.shell.inline import InlineCreation, inline_create
from lotsa.work import policy, services
from lotsa.work.forms import EmployerIdentityForm, TrainingArenaIdentityForm
from lotsa.work.models import Employer, TrainingArena

EMPLOYER_PREFIX = EMPLOYER_BUTTON = "ny_arbetsgivare"
ARENA_PREFIX = ARENA_BUTTON = "ny_arena"


def employer_create_inline(*, actor: User, data: QueryDict) -> InlineCreation:
    """The inline employer form posted: the employer added to the register, or field errors."""
    return inline_create(
        form_class=EmployerIdentityForm,
        prefix=EMPLOYER_PREFIX,
        data=data,
        create=lambda cleaned: services.employer_create(actor=actor, **cleaned),
    )


def arena_create_inline(*, actor: User, data: QueryDict) -> InlineCreation:
    """The inline arena form posted: an arena of the actor's unit, or field errors."""
    unit = actor.unit
    if unit is None or not can_create_arena_inline(actor):
        raise PermissionDenied
    return inline_create(
        form_class=TrainingArenaIdentityForm,
        prefix=ARENA_PREFIX,
        data=data,
        create=lambda cleaned: services.training_arena_create(actor=actor, unit=unit, **cleaned),
    )


def can_create_arena_inline(actor: User) -> bool:
    """The inline arena lands in the actor's own unit, so they need one."""
    return policy.can_create_arena(actor) and actor.unit_id is not None


def empty_forms() -> tuple[InlineCreation, InlineCreation]:
    return (
        InlineCreation(EmployerIdentityForm(prefix=EMPLOYER_PREFIX)),
        InlineCreation(TrainingArenaIdentityForm(prefix=ARENA_PREFIX)),
    )


def created_message(created: Employer | TrainingArena) -> str:
    if isinstance(created, Employer):
        return _("%(name)s finns nu i arbetsgivarregistret och är vald.") % {"name": created}
    return _("%(name)s finns nu bland träningsarenorna och är vald.") % {"name": created}
