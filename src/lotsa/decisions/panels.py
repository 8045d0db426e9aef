"""The case page's "Beslut och parallella stöd" section."""

from django.db.models import Q

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.decisions.models import Decision, ParallelSupport
from lotsa.decisions.queries import applications_visible_to


def panel(access: CaseAccess) -> Panel | None:
    """The decisions behind the case (the one that sent the referral and its extensions, shown
    to whoever sees the case), the person's other decisions the actor may see, and parallel
    supports. Two queries; None when there is nothing to show."""
    actor, case = access.actor, access.case

    if not can_view_case(actor, case):
        return None
    behind_case = Q(referral_id=case.referral_id) | Q(
        application_id__in=Decision.objects.filter(referral_id=case.referral_id).values(
            "application_id"
        )
    )
    decisions = list(
        Decision.objects.filter(
            behind_case | Q(application__in=applications_visible_to(actor)),
            participant_id=case.participant_id,
            organisation_id=case.organisation_id,
        )
        .select_related("guideline_version__guideline")
        .order_by("-decided_on", "-id")
    )
    supports = list(
        ParallelSupport.objects.filter(
            participant_id=case.participant_id, organisation_id=case.organisation_id
        ).order_by("-starts_on", "-id")
    )
    if not decisions and not supports:
        return None
    return Panel(
        template="decisions/_case_panel.html",
        context={"decisions": decisions, "supports": supports},
    )
