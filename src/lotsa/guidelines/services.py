"""Writes to guidelines: install from data, publish a version, start a new draft.

A municipality's guideline is data, not code (DOMAIN.md §2): it arrives as a JSON document
(`data/*.json`, loaded by `lotsa install_guideline`) and changes through new versions.
A published version never changes, so every referral can say which rules it was checked against.
"""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.guidelines import policy
from lotsa.guidelines.constants import Combine, CriterionKind, Fact, VersionStatus
from lotsa.guidelines.evaluation import fact_params_problems
from lotsa.guidelines.models import Criterion, Guideline, GuidelineVersion, TargetGroup

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User

GUIDELINE_KEYS = {"name", "reference", "source", "uses_formal_decisions"}
VERSION_KEYS = {
    "combine",
    "decided_by",
    "rejection_information",
    "standard_motivation",
    "follow_up_interval_months",
    "priority_age_below",
    "time_limit_months",
}
TARGET_GROUP_KEYS = {"code", "name", "description", "requires_stability", "is_optional"}
CRITERION_KEYS = {"code", "label", "kind", "fact", "params", "help_text"}


def guideline_install(
    *, organisation: "Organisation", data: Mapping[str, Any], publish_on: date
) -> GuidelineVersion:
    """Create a guideline with version 1 from `data` and publish it from `publish_on`."""
    _check_document(data)
    if Guideline.objects.filter(organisation=organisation, name=data["name"]).exists():
        raise ValidationError(
            _("Riktlinjen %(name)s finns redan i %(organisation)s; gör en ny version i stället.")
            % {"name": data["name"], "organisation": organisation}
        )
    with transaction.atomic():
        guideline = Guideline.objects.create(
            organisation=organisation,
            name=data["name"],
            reference=data.get("reference", ""),
            uses_formal_decisions=bool(data.get("uses_formal_decisions", False)),
        )
        version = GuidelineVersion.objects.create(
            guideline=guideline,
            number=1,
            decided_by=data.get("decided_by", ""),
            follow_up_interval_months=data.get("follow_up_interval_months", 3),
            priority_age_below=data.get("priority_age_below"),
            time_limit_months=data.get("time_limit_months"),
            combine=data.get("combine", Combine.ALL),
            standard_motivation=data.get("standard_motivation", ""),
            rejection_information=data.get("rejection_information", ""),
        )
        for position, group in enumerate(data["target_groups"]):
            TargetGroup.objects.create(version=version, position=position, **group)
        for position, criterion in enumerate(data["criteria"]):
            Criterion.objects.create(version=version, position=position, **criterion)
        _publish(version, effective_from=publish_on)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=version,
            summary=_("Installerade riktlinjen %(name)s, gäller från %(date)s")
            % {"name": guideline.name, "date": publish_on.isoformat()},
        )
    return version


def guideline_version_publish(
    *, actor: "User", version: GuidelineVersion, effective_from: date
) -> GuidelineVersion:
    """Freeze a draft version; from `effective_from` new referrals are checked against it."""
    if not policy.can_manage_guideline(actor, version.guideline):
        raise PermissionDenied
    if version.is_published:
        raise ValidationError(_("Versionen är redan publicerad och kan inte ändras."))
    if not version.target_groups.exists():
        raise ValidationError(_("Versionen behöver minst en målgrupp."))
    if not version.criteria.exists():
        raise ValidationError(_("Versionen behöver minst ett kriterium."))
    latest = (
        GuidelineVersion.objects.filter(
            guideline_id=version.guideline_id, status=VersionStatus.PUBLISHED
        )
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is not None and effective_from < latest:
        raise ValidationError(
            {
                "effective_from": _(
                    "Gäller från kan inte vara före den senast publicerade versionen (%(date)s)."
                )
                % {"date": latest.isoformat()}
            }
        )
    with transaction.atomic():
        _publish(version, effective_from=effective_from)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=version,
            summary=_("Publicerade %(version)s, gäller från %(date)s")
            % {"version": version, "date": effective_from.isoformat()},
        )
    return version


def guideline_version_draft_from(*, actor: "User", version: GuidelineVersion) -> GuidelineVersion:
    """Copy `version` (target groups and criteria too) into a new draft of the same guideline."""
    guideline = version.guideline
    if not policy.can_manage_guideline(actor, guideline):
        raise PermissionDenied
    draft = guideline.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Det finns redan ett utkast (version %(number)d).") % {"number": draft.number}
        )
    with transaction.atomic():
        highest = guideline.versions.aggregate(highest=Max("number"))["highest"] or 0
        draft = GuidelineVersion.objects.create(
            guideline=guideline,
            number=highest + 1,
            follow_up_interval_months=version.follow_up_interval_months,
            priority_age_below=version.priority_age_below,
            time_limit_months=version.time_limit_months,
            combine=version.combine,
            standard_motivation=version.standard_motivation,
            rejection_information=version.rejection_information,
            decided_by=version.decided_by,
        )
        TargetGroup.objects.bulk_create(
            TargetGroup(
                version=draft,
                code=group.code,
                name=group.name,
                description=group.description,
                requires_stability=group.requires_stability,
                is_optional=group.is_optional,
                position=group.position,
            )
            for group in version.target_groups.all()
        )
        Criterion.objects.bulk_create(
            Criterion(
                version=draft,
                code=criterion.code,
                label=criterion.label,
                kind=criterion.kind,
                fact=criterion.fact,
                params=dict(criterion.params),
                help_text=criterion.help_text,
                position=criterion.position,
            )
            for criterion in version.criteria.all()
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=draft,
            summary=_("Nytt utkast från %(version)s") % {"version": version},
        )
    return draft


def _publish(version: GuidelineVersion, *, effective_from: date) -> None:
    # A conditional UPDATE: of two administrators publishing at once, only one succeeds.
    now = timezone.now()
    updated = GuidelineVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
        status=VersionStatus.PUBLISHED, effective_from=effective_from, published_at=now
    )
    if updated != 1:
        raise ValidationError(_("Versionen är redan publicerad och kan inte ändras."))
    version.status = VersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_at = now


def _check_document(data: Mapping[str, Any]) -> None:
    """Refuse a guideline document that is incomplete or names unknown things."""
    problems: list[str] = []
    unknown = set(data) - GUIDELINE_KEYS - VERSION_KEYS - {"target_groups", "criteria"}
    if unknown:
        problems.append(_("Okända uppgifter: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if not str(data.get("name", "")).strip():
        problems.append(_("Riktlinjen saknar namn."))
    groups = data.get("target_groups") or []
    criteria = data.get("criteria") or []
    if not groups:
        problems.append(_("Riktlinjen saknar målgrupper."))
    if not criteria:
        problems.append(_("Riktlinjen saknar kriterier."))
    problems += _check_rows(groups, TARGET_GROUP_KEYS, _("Målgrupp"), "name")
    problems += _check_rows(criteria, CRITERION_KEYS, _("Kriterium"), "label")
    for criterion in criteria:
        kind = criterion.get("kind")
        if kind not in CriterionKind.values:
            problems.append(
                _("Kriteriet %(code)s har okänd typ %(kind)s.")
                % {"code": criterion.get("code"), "kind": kind}
            )
        elif kind == CriterionKind.FACT and criterion.get("fact") not in Fact.values:
            problems.append(
                _("Kriteriet %(code)s räknas fram ur en okänd uppgift %(fact)s.")
                % {"code": criterion.get("code"), "fact": criterion.get("fact")}
            )
        elif kind == CriterionKind.FACT:
            problems += [
                _("Kriteriet %(code)s: %(problem)s")
                % {"code": criterion.get("code"), "problem": problem}
                for problem in fact_params_problems(
                    criterion["fact"],
                    dict(criterion.get("params") or {}),
                    [str(group.get("code")) for group in groups],
                )
            ]
    if problems:
        raise ValidationError(problems)


def _check_rows(
    rows: list[Mapping[str, Any]], allowed: set[str], what: str, title: str
) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for row in rows:
        code = str(row.get("code", ""))
        if not code or not str(row.get(title, "")).strip():
            problems.append(_("%(what)s saknar kod eller namn.") % {"what": what})
        if code in seen:
            problems.append(_("%(what)s %(code)s finns två gånger.") % {"what": what, "code": code})
        seen.add(code)
        unknown = set(row) - allowed
        if unknown:
            problems.append(
                _("%(what)s %(code)s har okända uppgifter: %(keys)s.")
                % {"what": what, "code": code, "keys": ", ".join(sorted(unknown))}
            )
    return problems
