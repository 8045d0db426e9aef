"""The case page's "Samverkan" section, and collaboration's own sections of the partner view."""

from django.utils import timezone

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.collaboration import policy, queries
from lotsa.collaboration.models import Consent
from lotsa.collaboration.sections import PartnerAccess, PartnerSection


def panel(access: CaseAccess) -> Panel | None:
    """Meetings for whoever sees the case; consents for those who keep them. Constant queries."""
    actor, case = access.actor, access.case

    if not can_view_case(actor, case):
        return None
    can_keep_consents = policy.can_list_consents(actor, case.participant)
    consents = (
        list(
            Consent.objects.filter(
                queries.in_force_q(timezone.now()), participant_id=case.participant_id
            )
            .prefetch_related("partners")
            .order_by("-given_on", "-id")
        )
        if can_keep_consents
        else []
    )
    return Panel(
        template="collaboration/_case_panel.html",
        context={
            "meetings": queries.meetings_for_case(actor, case),
            "consents": consents,
            "can_keep_consents": can_keep_consents,
            "is_protected": case.participant.is_protected,
            "can_record_meeting": policy.can_record_meeting(actor, case),
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
