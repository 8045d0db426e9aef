"""Reads of guidelines. Guidelines are public rules, not personal data, so evaluation needs no
actor; the editor's reads take one and return only the actor's own organisation's guidelines."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from lotsa.guidelines.constants import VersionStatus
from lotsa.guidelines.evaluation import (
    CriterionSpec,
    Evaluation,
    Facts,
    TargetGroupSpec,
    evaluate,
)
from lotsa.guidelines.models import Criterion, Guideline, GuidelineVersion, TargetGroup

if TYPE_CHECKING:
    from lotsa.organisations.models import User


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


def version_criterion_specs(version: GuidelineVersion) -> list[CriterionSpec]:
    """The criteria of `version` as guidelines.evaluation takes them."""
    return [
        CriterionSpec(
            code=criterion.code,
            label=criterion.label,
            kind=criterion.kind,
            fact=criterion.fact,
            params=dict(criterion.params or {}),
        )
        for criterion in version.criteria.all()
    ]


def version_evaluate(version: GuidelineVersion, facts: Facts) -> Evaluation:
    """Evaluate `facts` against every criterion of `version` (see guidelines.evaluation)."""
    criteria = version_criterion_specs(version)
    groups = [
        TargetGroupSpec(
            code=group.code,
            name=group.name,
            requires_stability=group.requires_stability,
            is_conditional=group.is_conditional,
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


def guidelines_visible_to(actor: "User") -> list[Guideline]:
    """The actor's organisation's guidelines with their versions, newest version first."""
    return list(
        Guideline.objects.filter(organisation_id=actor.organisation_id).prefetch_related(
            Prefetch("versions", queryset=GuidelineVersion.objects.order_by("-number"))
        )
    )


def guideline_get(actor: "User", guideline_id: int) -> Guideline:
    """One guideline of the actor's organisation, or 404."""
    return get_object_or_404(Guideline, pk=guideline_id, organisation_id=actor.organisation_id)


def version_get(actor: "User", version_id: int) -> GuidelineVersion:
    """One version of the actor's organisation with its rows, or 404."""
    return get_object_or_404(
        GuidelineVersion.objects.select_related("guideline").prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        ),
        pk=version_id,
        guideline__organisation_id=actor.organisation_id,
    )


def target_group_get(actor: "User", target_group_id: int) -> TargetGroup:
    return get_object_or_404(
        TargetGroup.objects.select_related("version__guideline"),
        pk=target_group_id,
        version__guideline__organisation_id=actor.organisation_id,
    )


def criterion_get(actor: "User", criterion_id: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.select_related("version__guideline"),
        pk=criterion_id,
        version__guideline__organisation_id=actor.organisation_id,
    )
