"""The case page's "Meddelanden" section: threads with their state, and meeting answers."""

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.messaging import policy, queries


def panel(access: CaseAccess) -> Panel | None:
    """Constant queries: the threads (one, annotated) and the meeting answers (one)."""
    actor, case = access.actor, access.case
    if policy.side_of(actor, case) is None:
        return None
    return Panel(
        template="messaging/_case_panel.html",
        context={
            "case": case,
            "threads": queries.threads_for_case(actor, case),
            "answers": queries.meeting_answers_for_case(actor, case),
            "can_start": policy.can_start_thread(actor, case),
        },
    )
