"""The case page's "Beslut och parallella stöd" section."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.core.batch import Reader
from lotsa.decisions.models import Decision, ParallelSupport
from lotsa.decisions.queries import applications_visible_to


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """The decisions behind the case (the one that sent the referral, its extensions and a
    continuation that attached to the case, shown
    to whoever sees the case), the person's other decisions the actor may see, and parallel
    supports. A reader of one round (lotsa.core.batch); None when there is nothing to show."""
    actor, case = access.actor, access.case

    if not can_view_case(actor, case):
        return None
    # The decisions that sent the referral, their extensions, and a continuation after Insteg
    # that attached to the open case all name the case (Decision.case).
    behind_case = Q(case_id=case.pk)
    decisions_read = (
        Decision.objects.filter(
            behind_case | Q(application__in=applications_visible_to(actor)),
            participant_id=case.participant_id,
            organisation_id=case.organisation_id,
        )
        .select_related("guideline_version__guideline")
        .order_by("-decided_on", "-id")
    )
    supports_read = ParallelSupport.objects.filter(
        participant_id=case.participant_id, organisation_id=case.organisation_id
    ).order_by("-starts_on", "-id")
    rows = yield {"decisions": decisions_read, "supports": supports_read}
    decisions, supports = rows["decisions"], rows["supports"]
    if not decisions and not supports:
        return None
    ends = [item.valid_to for item in decisions if item.outcome == "granted" and item.valid_to]
    summary = ngettext("%(count)d beslut", "%(count)d beslut", len(decisions)) % {
        "count": len(decisions)
    }
    if ends:
        summary += ", " + _("senaste gäller till %(date)s") % {"date": max(ends).isoformat()}
    if supports:
        summary += ", " + ngettext(
            "%(count)d parallellt stöd", "%(count)d parallella stöd", len(supports)
        ) % {"count": len(supports)}
    return Panel(
        heading=_("Beslut och parallella stöd"),
        anchor="decisions",
        summary=summary,
        folded=True,
        template="decisions/_case_panel.html",
        context={"decisions": decisions, "supports": supports},
    )
