"""The case page's "Meddelanden" section: threads with their state, and meeting answers."""

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.core.batch import Reader
from lotsa.messaging import policy, queries


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """A reader of one round: the threads (annotated) and the meeting answers."""
    actor, case = access.actor, access.case
    if policy.side_of(actor, case) is None:
        return None
    rows = yield {
        "threads": queries.case_threads(actor, case),
        "answers": queries.case_meeting_answers(actor, case),
    }
    return Panel(
        template="messaging/_case_panel.html",
        context={
            "case": case,
            "threads": rows["threads"],
            "answers": rows["answers"],
            "can_start": policy.can_start_thread(actor, case),
        },
    )
