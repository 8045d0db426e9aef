"""Reads of guidelines. Guidelines are public rules, not personal data, so no actor is needed."""

from datetime import date

from django.db.models import Prefetch

from lotsa.guidelines.constants import VersionStatus
from lotsa.guidelines.evaluation import (
    CriterionSpec,
    Evaluation,
    Facts,
    TargetGroupSpec,
    evaluate,
)
from lotsa.guidelines.models import Criterion, GuidelineVersion, TargetGroup


def guideline_version_in_force(*, organisation_id: int, on: date) -> GuidelineVersion | None:
    """The organisation's latest published version whose effective date has come by `on`."""
    return (
        GuidelineVersion.objects.filter(
            guideline__organisation_id=organisation_id,
            status=VersionStatus.PUBLISHED,
            effective_from__lte=on,
        )
        .select_related("guideline")
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        )
        .order_by("-effective_from", "-number", "-id")
        .first()
    )


def version_evaluate(version: GuidelineVersion, facts: Facts) -> Evaluation:
    """Evaluate `facts` against every criterion of `version` (see guidelines.evaluation)."""
    criteria = [
        CriterionSpec(
            code=criterion.code,
            label=criterion.label,
            kind=criterion.kind,
            fact=criterion.fact,
            params=dict(criterion.params or {}),
        )
        for criterion in version.criteria.all()
    ]
    groups = [
        TargetGroupSpec(
            code=group.code, name=group.name, requires_stability=group.requires_stability
        )
        for group in version.target_groups.all()
    ]
    return evaluate(
        criteria=criteria,
        target_groups=groups,
        facts=facts,
        priority_age_below=version.priority_age_below,
        combine_mode=version.combine,
    )
