"""The case page's "Enkäter" section: surveys sent to the person, and sending one by hand."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.core.batch import Reader, compiled
from lotsa.surveys import policy, queries
from lotsa.surveys.models import Invitation


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """For the coaches and managers who may send; a reader of one round however many were
    sent (lotsa.core.batch)."""
    actor, case = access.actor, access.case
    if not policy.can_send_by_hand(actor, case):
        return None
    rows = yield {
        "invitations": compiled(
            Invitation,
            ("surveys", "invitations"),  # the case's id is all its SQL depends on
            lambda case_id: queries.case_invitations(actor, case_id),
            case.pk,
        )
    }
    invitations = rows["invitations"]
    return Panel(
        heading=_("Enkäter"),
        anchor="surveys",
        summary=ngettext("%(count)d enkät skickad", "%(count)d enkäter skickade", len(invitations))
        % {"count": len(invitations)},
        folded=True,
        template="surveys/_case_panel.html",
        context={"invitations": invitations, "case": case},
    )
