"""The case page's "Progress" section (phase, latest mapping, step change per area) and the
partner view's section for a consent to assessments."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotsa.assessments import policy, queries
from lotsa.assessments.charts import step_chart
from lotsa.assessments.models import CasePhase, Mapping, Score
from lotsa.cases.panels import Panel
from lotsa.cases.policy import CaseAccess
from lotsa.cases.queries import case_stand_in
from lotsa.collaboration.sections import PartnerAccess, PartnerSection
from lotsa.core.batch import Compiled, Reader, compiled


def panel(access: CaseAccess) -> Reader[Panel | None]:
    """A reader of one round (lotsa.core.batch) however many assessments, mappings or phases
    the case has."""
    actor, case = access.actor, access.case
    if not policy.can_view_progress(actor, case):
        return None
    can_record = policy.can_record_progress(actor, case)
    can_view_mapping = can_record or policy.can_view_mapping(actor, case)
    # Their SQL depends on the case's id only: each compiled once (lotsa.core.batch.compiled).
    reads: dict[str, QuerySet[Any] | Compiled] = {
        "scores": compiled(
            Score,
            ("assessments", "scores"),
            lambda case_id: queries.case_scores(case_stand_in(case_id)),
            case.pk,
        ),
        "phases": compiled(
            CasePhase,
            ("assessments", "phases"),
            lambda case_id: queries.case_phases(case_stand_in(case_id)),
            case.pk,
        ),
    }
    if can_view_mapping:
        reads["mappings"] = compiled(
            Mapping,
            ("assessments", "mappings"),
            lambda case_id: queries.case_mappings(case_stand_in(case_id)),
            case.pk,
        )
    rows = yield reads
    mappings = rows.get("mappings", [])
    first, latest = (mappings[0], mappings[-1]) if mappings else (None, None)
    progress = queries.progress_from_scores(rows["scores"])
    for item in progress.instruments:
        item.chart = step_chart(item.dates, [(row.name, row.values) for row in item.areas])
    phases = queries.phase_periods(rows["phases"])
    summary = ngettext(
        "%(count)d skattning", "%(count)d skattningar", progress.assessment_count
    ) % {"count": progress.assessment_count}
    if can_view_mapping:
        summary += ", " + ngettext(
            "%(count)d kartläggning", "%(count)d kartläggningar", len(mappings)
        ) % {"count": len(mappings)}
    return Panel(
        heading=_("Progression"),
        anchor="progress",
        summary=summary,
        folded=True,
        template="assessments/_panel.html",
        context={
            "case": case,
            "can_record": can_record,
            "can_view_mapping": can_view_mapping,
            "can_print_certificate": can_view_mapping and progress.assessment_count > 0,
            "mapping_count": len(mappings),
            "latest_mapping": latest,
            "latest_answers": queries.mapping_answers(latest) if latest else [],
            "first_mapping": first,
            "mapping_changes": queries.mapping_changes(first, latest) if first and latest else [],
            "progress": progress,
            "phases": phases,
            "current_phase": phases[-1] if phases and phases[-1].is_current else None,
        },
    )


def partner_section(access: PartnerAccess) -> PartnerSection:
    """Mappings and step change for a partner with consent to assessments (two queries)."""
    return PartnerSection(
        template="assessments/_partner_section.html",
        context={"progress": queries.partner_progress(access)},
    )
