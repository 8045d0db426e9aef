"""Registering a person from the referral form ("Saknas personen?") without leaving it: the
register page's service, policy, audit and one-identity rules (a hidden person's number is
never confirmed), reached through shell.inline."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from lotsa.organisations.models import User
from lotsa.people import services
from lotsa.people.forms import ParticipantIdentityForm
from lotsa.people.models import Participant
from lotsa.shell.inline import InlineCreation, inline_create

PREFIX = "ny_person"
BUTTON = "ny_person"


def participant_register_inline(*, actor: User, data: QueryDict) -> InlineCreation:
    """The inline form posted: the person registered in the actor's unit, or the form with
    Swedish field errors and nothing saved."""
    return inline_create(
        form_class=ParticipantIdentityForm,
        prefix=PREFIX,
        data=data,
        create=lambda cleaned: services.participant_register(actor=actor, **cleaned),
    )


def empty_form() -> ParticipantIdentityForm:
    return ParticipantIdentityForm(prefix=PREFIX)


def registered_message(participant: Participant) -> str:
    return _("%(name)s är registrerad och vald som deltagare.") % {"name": participant.full_name}
