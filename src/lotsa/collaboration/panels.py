"""The case page's "Samverkan" section: consents in force and coordination meetings."""

from django.utils import timezone

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.collaboration import policy
from lotsa.collaboration.models import Consent
from lotsa.collaboration.queries import in_force_q, meetings_for_case


def panel(access: CaseAccess) -> Panel | None:
    """Meetings for whoever sees the case; consents for those who keep them. Constant queries."""
    actor, case = access.actor, access.case
    from lotsa.cases.policy import can_view_case

    if not can_view_case(actor, case):
        return None
    can_keep_consents = policy.can_list_consents(actor, case.participant)
    consents = (
        list(
            Consent.objects.filter(in_force_q(timezone.now()), participant_id=case.participant_id)
            .prefetch_related("partners")
            .order_by("-given_on", "-id")
        )
        if can_keep_consents
        else []
    )
    return Panel(
        template="collaboration/_case_panel.html",
        context={
            "meetings": meetings_for_case(actor, case),
            "consents": consents,
            "can_keep_consents": can_keep_consents,
            "can_record_meeting": policy.can_record_meeting(actor, case),
        },
    )
