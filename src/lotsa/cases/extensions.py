"""What cases adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.cases import demo
from lotsa.cases.models import Case
from lotsa.cases.panels import case_panels, shared_plan_panel
from lotsa.cases.queries import cases_visible_to
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.organisations.models import User
from lotsa.people.demo import demo_builders
from lotsa.people.models import Participant
from lotsa.people.policy import Relation, participant_relations
from lotsa.people.views import person_page_parts


def people_through_cases(actor: User) -> Relation:
    """A coach works with the people of their own cases; coaches and managers see the people
    of the cases their unit runs (protected ones only through their own coach or manager)."""

    def having_case(**condition: object) -> Q:
        cases = Case.objects.filter(organisation_id=actor.organisation_id, **condition)
        return Q(pk__in=cases.values("participant_id"))

    if actor.role == Role.COACH:
        return Relation(own=having_case(coach=actor), unit=having_case(unit_id=actor.unit_id))
    if actor.role == Role.MANAGER:
        return Relation(unit=having_case(unit_id=actor.unit_id))
    return Relation()


def person_page_cases(actor: User, participant: Participant) -> dict[str, Any]:
    cases = (
        cases_visible_to(actor)
        .filter(participant=participant)
        .select_related("coach", "unit")
        .order_by("-start_date")
    )
    return {"cases": cases}


participant_relations.register("cases", people_through_cases, order=10)
person_page_parts.register("cases", person_page_cases, order=20)
# Right after the journal: what the participant added to the plan and what they have read.
case_panels.register("cases", shared_plan_panel, order=5)
# After the portal's builder, which picks the demo participant whose hand-over Mina sidor shows.
demo_builders.register("cases", demo.build_demo, order=35)


nav_register(Role.COACH, _("Mina ärenden"), "cases:my_cases", order=10)
nav_register(Role.MANAGER, _("Enhetens ärenden"), "cases:unit_cases", order=20)
nav_register(Role.ADMINISTRATOR, _("Aktivitetskatalog"), "cases:catalogue", order=40)
