"""The case page's "Enkäter" section: surveys sent to the person, and sending one by hand."""

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.surveys import policy, queries


def panel(access: CaseAccess) -> Panel | None:
    """For the coaches and managers who may send; two queries however many were sent."""
    actor, case = access.actor, access.case
    if not policy.can_send_by_hand(actor, case):
        return None
    return Panel(
        template="surveys/_case_panel.html",
        context={"invitations": queries.invitations_for_case(actor, case.pk), "case": case},
    )
