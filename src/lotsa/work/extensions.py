"""What work adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events
from lotsa.cases.caseload import CaseloadFilter, caseload_filters
from lotsa.cases.panels import case_panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders
from lotsa.work import demo, panels
from lotsa.work.queries import placement_ends_soon_q
from lotsa.work.services import placement_follow_activity_end, placements_end_at_closure


def end_placements_at_closure(sender: Any, *, case: Any, actor: Any, on: Any, **_: Any) -> None:
    """Inside the closing transaction: the case's placements (arena seats, subsidised
    employments) end on the closure date exactly when the case closes."""
    placements_end_at_closure(actor=actor, case=case, closed_on=on)


def follow_corrected_activity_end(
    sender: Any, *, activity: Any, actor: Any, on: Any, **_: Any
) -> None:
    """A closed case's plan activity got a corrected end: its placement ends then too."""
    placement_follow_activity_end(actor=actor, activity=activity, ends_on=on)


events.case_closed.hook(end_placements_at_closure)
events.activity_end_corrected.hook(follow_corrected_activity_end)
case_panels.register("work", panels.placement_panel, order=30)
case_panels.register("work.attendance_reports", panels.attendance_report_panel, order=31)
caseload_filters.register(
    "placering-slutar",
    CaseloadFilter(label=_("Placering slutar inom 30 dagar"), condition=placement_ends_soon_q),
    order=60,
)
demo_builders.register("work", demo.build_demo, order=60)
partner_sections.register(
    "work.placements",
    PartnerSectionSource(ConsentScope.PLACEMENTS, panels.partner_section),
    order=40,
)


nav_register(Role.COACH, _("Arbetsgivare"), "work:employers", order=30)
nav_register(Role.REFERRER, _("Närvarorapporter"), "work:attendance_summaries", order=35)
nav_register(Role.MANAGER, _("Arbetsgivare"), "work:employers", order=60)
nav_register(Role.MANAGER, _("Kostnader för anställningar"), "work:costs", order=70)
