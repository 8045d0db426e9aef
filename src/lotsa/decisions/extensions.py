"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events
from lotsa.cases.caseload import CaseloadFilter, caseload_filters
from lotsa.cases.columns import CaseListColumn, case_list_columns
from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.decisions import demo, panels
from lotsa.decisions.columns import decision_end_cell
from lotsa.decisions.queries import annotate_decision_end, decision_ends_soon_q
from lotsa.decisions.services import decision_attach_to_opened_case
from lotsa.jobs import schedule
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders


def attach_decisions_to_opened_case(sender: Any, *, case: Any, **_: Any) -> None:
    """Inside the case-opening transaction: a granted decision's referral became a case."""
    decision_attach_to_opened_case(case=case)


events.case_opened.hook(attach_decisions_to_opened_case)
case_panels.register("decisions", panels.panel, order=20)
case_list_columns.register(
    "decisions",
    CaseListColumn(
        heading=_("Beslut gäller till"),
        annotate=annotate_decision_end,
        value=decision_end_cell,
    ),
    order=10,
)
caseload_filters.register(
    "beslut-slutar",
    CaseloadFilter(label=_("Beslut slutar inom 30 dagar"), condition=decision_ends_soon_q),
    order=50,
)
demo_builders.register("decisions", demo.build_demo, order=70)


nav_register(Role.REFERRER, _("Ansökningar och beslut"), "decisions:list", order=30)
nav_register(Role.MANAGER, _("Beslut"), "decisions:list", order=50)
nav_register(Role.ADMINISTRATOR, _("Jämlik tillgång"), "decisions:equal_access", order=80)
nav_register(Role.ADMINISTRATOR, _("Delegationer"), "decisions:delegations", order=85)

schedule.register(
    schedule.ScheduledJob(
        "send_reminders",
        schedule.Every(minutes=15),
        schedule.command("send_reminders"),
        "decisions ending within 30/60/90 days",
    )
)
