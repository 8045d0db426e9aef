"""The case page's "Samverkan" section, and collaboration's own sections of the partner view."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import Panel, PanelAction
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.collaboration import policy, queries
from lotsa.collaboration.sections import PartnerAccess, PartnerSection
from lotsa.core.batch import Reader, read_in_step


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """Meetings for whoever sees the case; consents for those who keep them. A reader of one
    round (lotsa.core.batch)."""
    actor, case = access.actor, access.case

    if not can_view_case(actor, case):
        return None
    can_keep_consents = policy.can_list_case_consents(actor, case)
    readers: list[Reader[list[Any]]] = [queries.case_meetings_reads(actor, case)]
    if can_keep_consents:
        readers.append(queries.consents_in_force_reads(case.participant_id))
    read: list[list[Any]] = yield from read_in_step(readers)
    meetings, consents = read[0], (read[1] if len(read) > 1 else [])
    can_record_meeting = policy.can_record_meeting(actor, case)
    return Panel(
        heading=_("Samverkan"),
        anchor="collaboration",
        actions=[
            PanelAction(
                _("Boka samverkansmöte"), reverse("collaboration:meeting_create", args=[case.pk])
            )
        ]
        if can_record_meeting
        else [],
        template="collaboration/_case_panel.html",
        context={
            "meetings": meetings,
            "consents": consents,
            "can_keep_consents": can_keep_consents,
            "is_protected": case.participant.is_protected,
            "can_record_meeting": can_record_meeting,
        },
    )


# The partner view: plan, notes and meetings (registered in collaboration.extensions) --------


def partner_plan_section(access: PartnerAccess) -> PartnerSection:
    return PartnerSection(
        template="collaboration/_partner_plan.html",
        context={"plan": queries.partner_plan(access)},
    )


def partner_notes_section(access: PartnerAccess) -> PartnerSection:
    return PartnerSection(
        template="collaboration/_partner_notes.html",
        context={"notes": queries.partner_notes(access)},
    )


def partner_meetings_section(access: PartnerAccess) -> PartnerSection:
    return PartnerSection(
        template="collaboration/_partner_meetings.html",
        context={"meetings": queries.partner_meetings(access)},
    )
