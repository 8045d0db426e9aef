"""The case page's "Meddelanden" section: threads with their state, and meeting answers."""

from typing import Any

from django.db.models import QuerySet

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.cases.queries import case_page_key
from lotsa.core.batch import Compiled, Reader, compiled
from lotsa.messaging import policy, queries
from lotsa.messaging.constants import Side
from lotsa.messaging.models import MeetingAnswer, Thread


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """A reader of one round: the threads (annotated) and the meeting answers, each compiled
    once per actor (lotsa.core.batch.compiled); the policy is asked here, with the case."""
    actor, case = access.actor, access.case
    side = policy.side_of(actor, case)
    if side is None:
        return None
    key = case_page_key(actor, "messaging")
    reads: dict[str, QuerySet[Any] | Compiled] = {}
    if side == Side.COACH:
        reads["threads"] = compiled(Thread, (*key, "threads"), queries.case_threads_of, case.pk)
    if can_view_case(actor, case):
        reads["answers"] = compiled(
            MeetingAnswer, (*key, "answers"), queries.case_meeting_answers_of, case.pk
        )
    rows = {"threads": [], "answers": [], **(yield reads)}
    return Panel(
        template="messaging/_case_panel.html",
        context={
            "case": case,
            "threads": rows["threads"],
            "answers": rows["answers"],
            "can_start": policy.can_start_thread(actor, case),
        },
    )
