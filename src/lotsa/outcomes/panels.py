"""The case page's "Efter avslut" section: the follow-ups after closure and what they found."""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.core.batch import Reader, compiled
from lotsa.outcomes import policy
from lotsa.outcomes.models import OutcomeFollowUp


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """Closed cases only; the case page has already checked that the actor may see the case.
    A reader of one round (lotsa.core.batch): the follow-ups."""
    actor, case = access.actor, access.case
    if not case.is_closed:
        return None
    rows = yield {
        "follow_ups": compiled(
            OutcomeFollowUp,
            ("outcomes", "follow_ups"),
            lambda case_id: (
                OutcomeFollowUp.objects.filter(case_id=case_id)
                .select_related("recorded_by")
                .order_by("due_on")
            ),
            case.pk,
        )
    }
    follow_ups: list[OutcomeFollowUp] = rows["follow_ups"]
    if not follow_ups:
        return None
    follow_ups[0].case = case
    return Panel(
        heading=_("Uppföljning efter avslut"),
        anchor="outcomes",
        template="outcomes/_case_panel.html",
        context={
            "follow_ups": follow_ups,
            "can_record": policy.can_record_outcome(actor, follow_ups[0]),
        },
    )
