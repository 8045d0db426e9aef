"""What messaging adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events
from lotsa.cases.caseload import CaseloadFilter, caseload_filters
from lotsa.cases.columns import CaseListColumn, case_list_columns
from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.jobs import schedule
from lotsa.messaging import panels, queries
from lotsa.messaging.columns import annotate_messages, messages_cell
from lotsa.messaging.models import MeetingAnswer, Thread
from lotsa.organisations.constants import Role


def cull_messages_with_case(sender: Any, *, case: Any, **_: Any) -> None:
    """Inside the culling transaction: the case's threads, messages, read receipts and meeting
    answers go before the case does."""
    MeetingAnswer.objects.filter(meeting__case=case).delete()
    Thread.objects.filter(case=case).delete()


events.case_culled.hook(cull_messages_with_case)
case_panels.register("messaging", panels.panel, order=7)
case_list_columns.register(
    "messaging",
    CaseListColumn(
        heading=_("Meddelanden"),
        annotate=annotate_messages,
        value=messages_cell,
    ),
    order=5,
)
caseload_filters.register(
    "vantar",
    CaseloadFilter(label=_("Väntar på mig"), condition=queries.waiting_for_coach_q),
    order=40,
)

nav_register(Role.PARTNER, _("Meddelanden"), "messaging:partner_threads", order=30)

schedule.register(
    schedule.ScheduledJob(
        "send_meeting_reminders",
        schedule.Daily(9, 0),  # in the day: many choose a text message
        schedule.command("send_meeting_reminders"),
        "the day-before reminder of each meeting, by the person's channel",
    )
)
