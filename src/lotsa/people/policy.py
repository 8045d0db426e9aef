"""Who may see and change which participant. Pages, exports, search and the API all ask here.

Rules (docs/security.md): everyone works inside their own organisation. Staff see the
participants their unit is responsible for, the participants of cases their unit runs and the
participants they referred. A participant with protected identity is visible only to the
coach of one of their cases, the manager of the responsible unit or of a unit running their
case, and the referrer who registered or referred them — as people: a service account (another
system calling the API as a user) never sees a protected person, whatever its role.
Administrators manage users and units; they see no participant data.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.people.models import Participant


def visible_participants_q(actor: "User") -> Q:
    """A filter on Participant that keeps exactly the people `actor` may see.

    Cases and referrals enter as sub-queries scoped to the organisation, not as joins: a join
    with OR made PostgreSQL read the whole case table (docs/performance.md) and needed DISTINCT.
    """
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])
    from lotsa.cases.models import Case
    from lotsa.referrals.models import Referral

    organisation_id = actor.organisation_id
    unit_id = actor.unit_id

    def people_with_case(**condition: object) -> Q:
        cases = Case.objects.filter(organisation_id=organisation_id, **condition)
        return Q(pk__in=cases.values("participant_id"))

    def people_with_referral(**condition: object) -> Q:
        referrals = Referral.objects.filter(organisation_id=organisation_id, **condition)
        return Q(pk__in=referrals.values("participant_id"))

    org = Q(organisation_id=organisation_id)
    if getattr(actor, "is_service_account", False):
        org &= Q(is_protected=False)
    if actor.role == Role.COACH:
        own_case = people_with_case(coach=actor)
        open_to_unit = Q(unit_id=unit_id) | people_with_case(unit_id=unit_id)
        return org & (own_case | (Q(is_protected=False) & open_to_unit))
    if actor.role == Role.REFERRER:
        own_person = people_with_referral(referrer=actor) | Q(registered_by=actor)
        return org & (own_person | (Q(is_protected=False) & Q(unit_id=unit_id)))
    if actor.role == Role.MANAGER:
        led = (
            Q(unit_id=unit_id)
            | people_with_case(unit_id=unit_id)
            | people_with_referral(receiving_unit_id=unit_id)
        )
        return org & led
    return Q(pk__in=[])


def can_view_participant(actor: "User", participant: "Participant") -> bool:
    from lotsa.people.models import Participant

    return Participant.objects.filter(visible_participants_q(actor), pk=participant.pk).exists()


def can_search_participants(actor: "User") -> bool:
    """Staff who work with people search them; administrators do not."""
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_register_participant(actor: "User") -> bool:
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_edit_participant(actor: "User", participant: "Participant") -> bool:
    return can_register_participant(actor) and can_view_participant(actor, participant)


def can_see_protected_flag_choice(actor: "User") -> bool:
    """Only those who can keep protected people protected may set the flag."""
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_read_access_log(actor: "User", participant: "Participant") -> bool:
    """A manager may open 'who has looked at this person' for people their unit handles."""
    return (
        actor.is_authenticated
        and actor.role == Role.MANAGER
        and can_view_participant(actor, participant)
    )
