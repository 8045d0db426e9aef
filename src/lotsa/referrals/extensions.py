"""What referrals adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.policy import Relation, participant_relations
from lotsa.people.views import person_page_parts
from lotsa.referrals.models import Referral
from lotsa.referrals.policy import can_refer_participant
from lotsa.referrals.queries import referrals_visible_to


def people_through_referrals(actor: User) -> Relation:
    """A referrer works with the people they referred; a manager leads the people referred to
    their unit."""

    def having_referral(**condition: object) -> Q:
        referrals = Referral.objects.filter(organisation_id=actor.organisation_id, **condition)
        return Q(pk__in=referrals.values("participant_id"))

    if actor.role == Role.REFERRER:
        return Relation(own=having_referral(referrer=actor))
    if actor.role == Role.MANAGER:
        return Relation(unit=having_referral(receiving_unit_id=actor.unit_id))
    return Relation()


def person_page_referrals(actor: User, participant: Participant) -> dict[str, Any]:
    referrals = referrals_visible_to(actor).filter(participant=participant)
    return {
        "referrals": referrals.order_by("-submitted_at"),
        "can_refer": can_refer_participant(actor, participant),
    }


participant_relations.register("referrals", people_through_referrals, order=20)
person_page_parts.register("referrals", person_page_referrals, order=10)


nav_register(Role.REFERRER, _("Mina remisser"), "referrals:mine", order=10)
nav_register(Role.REFERRER, _("Ny remiss"), "referrals:new", order=20)
nav_register(Role.MANAGER, _("Remisskö"), "referrals:queue", order=10)
