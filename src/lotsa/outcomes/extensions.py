"""What outcomes adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events
from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.outcomes import demo, panels
from lotsa.outcomes.services import outcomes_schedule_for_case
from lotsa.people.demo import demo_builders


def schedule_follow_ups_after_closure(sender: Any, *, case: Any, **_: Any) -> None:
    """Inside the closing transaction: the follow-ups after closure exist exactly when the
    closure does, and the closure's audit record covers them."""
    outcomes_schedule_for_case(case=case)


events.case_closed.hook(schedule_follow_ups_after_closure)
case_panels.register("outcomes", panels.panel, order=60)
demo_builders.register("outcomes", demo.build_demo, order=10)


nav_register(Role.COACH, _("Efter avslut"), "outcomes:list", order=40)
nav_register(Role.MANAGER, _("Efter avslut"), "outcomes:list", order=80)
nav_register(Role.ADMINISTRATOR, _("Uppföljning efter avslut"), "outcomes:settings", order=100)
