"""The case page's "Beslut och parallella stöd" section."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess, can_view_case
from lotsa.cases.queries import case_page_key
from lotsa.core.batch import Compiled, Reader, compiled
from lotsa.decisions.models import Decision, ParallelSupport
from lotsa.decisions.queries import applications_visible_to
from lotsa.organisations.constants import Role


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
    organisation_id = case.organisation_id  # in the key: the actor's filter names it too

    def decisions_read(case_id: int, participant_id: int) -> QuerySet[Decision]:
        return (
            Decision.objects.filter(
                Q(case_id=case_id) | Q(application__in=applications_visible_to(actor)),
                participant_id=participant_id,
                organisation_id=organisation_id,
            )
            .select_related("guideline_version__guideline")
            .order_by("-decided_on", "-id")
        )

    # A coach's visible applications are a function of who they are; a manager's or a
    # referrer's also of the delegation register, read while building: built each time.
    decisions_reads: QuerySet[Decision] | Compiled = (
        compiled(
            Decision,
            case_page_key(actor, "decisions", organisation_id),
            decisions_read,
            case.pk,
            case.participant_id,
        )
        if actor.role == Role.COACH
        else decisions_read(case.pk, case.participant_id)
    )
    supports_read = compiled(
        ParallelSupport,
        ("decisions", "supports"),
        lambda participant_id, organisation_id: ParallelSupport.objects.filter(
            participant_id=participant_id, organisation_id=organisation_id
        ).order_by("-starts_on", "-id"),
        case.participant_id,
        case.organisation_id,
    )
    rows = yield {"decisions": decisions_reads, "supports": supports_read}
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
