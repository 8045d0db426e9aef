"""Writes to guidelines: install from data, publish a version, start a new draft.

A municipality's guideline is data, not code (DOMAIN.md §2): it arrives as a JSON document
(`data/*.json`, loaded by `lotsa install_guideline`) and changes through new versions.
A published version never changes, so every referral can say which rules it was checked against.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.guidelines import policy
from lotsa.guidelines.constants import Combine, CriterionKind, Fact, VersionStatus
from lotsa.guidelines.evaluation import fact_params_problems
from lotsa.guidelines.models import Criterion, Guideline, GuidelineVersion, TargetGroup

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User

Row = TypeVar("Row", TargetGroup, Criterion)
GUIDELINE_KEYS = {"name", "reference", "source", "uses_formal_decisions"}
VERSION_KEYS = {
    "combine",
    "decided_by",
    "rejection_information",
    "standard_motivation",
    "follow_up_interval_months",
    "priority_age_below",
    "time_limit_months",
    "max_months_without_special_reasons",
    "support_type",
    "requires_consultation",
    "consultation_with",
    "continuation_requires_consultation",
    "inform_right_to_reapply",
    "inform_insteg",
    "inform_daily_activity",
    "grant_text",
    "rejection_text",
}
# Settings the formal decisions use (time limits, consultation, letter texts); optional in data.
EXTRA_VERSION_KEYS = (
    "max_months_without_special_reasons",
    "support_type",
    "requires_consultation",
    "consultation_with",
    "continuation_requires_consultation",
    "inform_right_to_reapply",
    "inform_insteg",
    "inform_daily_activity",
    "grant_text",
    "rejection_text",
)
TARGET_GROUP_KEYS = {
    "code",
    "name",
    "description",
    "requires_stability",
    "is_optional",
    "is_conditional",
}
# A guideline document names its municipality as this placeholder; installing it writes the
# installing organisation's name, so no organisation's texts name another municipality.
MUNICIPALITY_PLACEHOLDER = "{kommun}"
CRITERION_KEYS = {"code", "label", "kind", "fact", "params", "help_text"}


def guideline_install(
    *,
    organisation: "Organisation",
    data: Mapping[str, Any],
    publish_on: date,
    actor: "User | None" = None,
) -> GuidelineVersion:
    """Create a guideline with version 1 from `data` and publish it from `publish_on`; `actor`
    is who installs it when it is not the command line (an instance administrator onboarding)."""
    _check_document(data)
    data = _for_municipality(data, organisation.name)
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
            **{name: data[name] for name in EXTRA_VERSION_KEYS if name in data},
        )
        for position, group in enumerate(data["target_groups"]):
            TargetGroup.objects.create(version=version, position=position, **group)
        for position, criterion in enumerate(data["criteria"]):
            Criterion.objects.create(version=version, position=position, **criterion)
        _publish(version, effective_from=publish_on)
        audit_record(
            actor=actor,
            organisation_id=organisation.pk,
            action=AuditAction.CREATE,
            obj=version,
            summary=_("Installerade riktlinjen %(name)s, gäller från %(date)s")
            % {"name": guideline.name, "date": publish_on.isoformat()},
        )
    return version


def _for_municipality(value: Any, municipality: str) -> Any:
    """`value` with every `{kommun}` in its texts replaced by `municipality`."""
    if isinstance(value, str):
        return value.replace(MUNICIPALITY_PLACEHOLDER, municipality)
    if isinstance(value, Mapping):
        return {key: _for_municipality(item, municipality) for key, item in value.items()}
    if isinstance(value, list):
        return [_for_municipality(item, municipality) for item in value]
    return value


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
    group_codes = list(version.target_groups.values_list("code", flat=True))
    problems = [
        _("Kriteriet %(label)s: %(problem)s") % {"label": criterion.label, "problem": problem}
        for criterion in version.criteria.filter(kind=CriterionKind.FACT)
        for problem in fact_params_problems(criterion.fact, dict(criterion.params), group_codes)
    ]
    if problems:
        raise ValidationError(problems)
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
            **{name: getattr(version, name) for name in EXTRA_VERSION_KEYS},
        )
        TargetGroup.objects.bulk_create(
            TargetGroup(
                version=draft,
                code=group.code,
                name=group.name,
                description=group.description,
                requires_stability=group.requires_stability,
                is_optional=group.is_optional,
                is_conditional=group.is_conditional,
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


# The editor: administrators change a draft row by row. Every write locks the version row and
# re-reads its status, so an edit racing a publication is refused rather than slipped in.

FROZEN_MESSAGE = _(
    "Versionen är publicerad och kan inte ändras. Gör ett nytt utkast för att ändra riktlinjen."
)
VERSION_SETTINGS = (
    "decided_by",
    "follow_up_interval_months",
    "priority_age_below",
    "time_limit_months",
    "combine",
    "standard_motivation",
    "rejection_information",
    "max_months_without_special_reasons",
    "support_type",
    "requires_consultation",
    "consultation_with",
    "continuation_requires_consultation",
    "inform_right_to_reapply",
    "inform_insteg",
    "inform_daily_activity",
    "grant_text",
    "rejection_text",
)


def _require_manager(actor: "User", guideline: Guideline) -> None:
    if not policy.can_manage_guideline(actor, guideline):
        raise PermissionDenied


def _locked_draft(version: GuidelineVersion) -> GuidelineVersion:
    """Lock the version row (inside a transaction) and refuse if it is published."""
    locked = GuidelineVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise ValidationError(FROZEN_MESSAGE)
    return locked


def guideline_create(
    *, actor: "User", name: str, reference: str = "", uses_formal_decisions: bool = False
) -> Guideline:
    """Create an empty guideline in the actor's organisation; versions are drafted after."""
    guideline = Guideline(
        organisation_id=actor.organisation_id,
        name=name.strip(),
        reference=reference.strip(),
        uses_formal_decisions=uses_formal_decisions,
    )
    _require_manager(actor, guideline)
    if not guideline.name:
        raise ValidationError({"name": _("Ange ett namn.")})
    with transaction.atomic():
        if Guideline.objects.filter(
            organisation_id=actor.organisation_id, name=guideline.name
        ).exists():
            raise ValidationError({"name": _("Det finns redan en riktlinje med det namnet.")})
        return audited_create(
            actor=actor,
            instance=guideline,
            summary=_("Skapade riktlinjen %(name)s") % {"name": guideline.name},
        )


def guideline_version_draft_create(*, actor: "User", guideline: Guideline) -> GuidelineVersion:
    """Start an empty draft; to start from a published version use guideline_version_draft_from."""
    _require_manager(actor, guideline)
    with transaction.atomic():
        Guideline.objects.select_for_update().get(pk=guideline.pk)
        existing = guideline.versions.filter(status=VersionStatus.DRAFT).first()
        if existing is not None:
            raise ValidationError(
                _("Det finns redan ett utkast (version %(number)d).") % {"number": existing.number}
            )
        highest = guideline.versions.aggregate(highest=Max("number"))["highest"] or 0
        return audited_create(
            actor=actor,
            instance=GuidelineVersion(guideline=guideline, number=highest + 1),
            summary=_("Nytt tomt utkast av %(name)s") % {"name": guideline.name},
        )


def guideline_version_update(
    *, actor: "User", version: GuidelineVersion, **settings: Any
) -> GuidelineVersion:
    """Change a draft's settings: follow-up, priority age, time limit, combine, letter texts."""
    _require_manager(actor, version.guideline)
    unknown = set(settings) - set(VERSION_SETTINGS)
    if unknown:
        raise ValueError(f"Unknown version settings: {sorted(unknown)}")
    if settings.get("combine", Combine.ALL) not in Combine.values:
        raise ValidationError({"combine": _("Välj hur kriterierna ska vägas samman.")})
    if settings.get("follow_up_interval_months", 1) in (None, 0):
        raise ValidationError({"follow_up_interval_months": _("Ange minst en månad.")})
    for name, value in settings.items():
        limit = getattr(GuidelineVersion._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ValidationError({name: _("Högst %(limit)d tecken.") % {"limit": limit}})
    longest = settings.get("max_months_without_special_reasons")
    limit = settings.get("time_limit_months", version.time_limit_months)
    if longest is not None and limit is not None and longest < limit:
        raise ValidationError(
            {
                "max_months_without_special_reasons": _(
                    "Längsta tid utan särskilda skäl kan inte vara kortare än tidsgränsen."
                )
            }
        )
    with transaction.atomic():
        locked = _locked_draft(version)
        changes = {
            name: [getattr(locked, name), value]
            for name, value in settings.items()
            if getattr(locked, name) != value
        }
        for name, value in settings.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(settings) or None)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            summary=_("Ändrade inställningar för %(version)s") % {"version": locked},
            changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
        )
    return locked


def target_group_save(
    *,
    actor: "User",
    version: GuidelineVersion,
    target_group: TargetGroup | None = None,
    code: str,
    name: str,
    description: str = "",
    requires_stability: bool = False,
    is_optional: bool = False,
    is_conditional: bool = False,
) -> TargetGroup:
    """Add a target group to a draft, or change one (`target_group`)."""
    _require_manager(actor, version.guideline)
    with transaction.atomic():
        _locked_draft(version)
        _refuse_taken_code(version.target_groups.all(), target_group, code)
        if target_group is not None and target_group.code != code:
            _refuse_if_group_is_named(version, target_group.code)
        return _draft_row_save(
            actor=actor,
            version=version,
            row=target_group,
            model=TargetGroup,
            values={
                "code": code,
                "name": name.strip(),
                "description": description,
                "requires_stability": requires_stability,
                "is_optional": is_optional,
                "is_conditional": is_conditional,
            },
            summary=lambda group: (
                _("Målgruppen %(name)s i %(version)s") % {"name": group.name, "version": version}
            ),
        )


def target_group_remove(*, actor: "User", target_group: TargetGroup) -> None:
    """Remove a target group from a draft, unless a criterion names it."""
    version = target_group.version
    _draft_row_remove(
        actor=actor,
        row=target_group,
        check=lambda: _refuse_if_group_is_named(version, target_group.code),
        summary=_("Tog bort målgruppen %(name)s ur %(version)s")
        % {"name": target_group.name, "version": version},
    )


def _draft_row_save(
    *,
    actor: "User",
    version: GuidelineVersion,
    row: Row | None,
    model: type[Row],
    values: Mapping[str, Any],
    summary: Callable[[Row], str],
    changes: dict[str, Any] | None = None,
) -> Row:
    """Add a target group or criterion at the end of a locked draft, or change one."""
    action = AuditAction.UPDATE if row else AuditAction.CREATE
    if row is None:
        row = model(version=version, position=_next_position(model.objects.filter(version=version)))
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    audit_record(actor=actor, action=action, obj=row, summary=summary(row), changes=changes)
    return row


def _draft_row_remove(
    *,
    actor: "User",
    row: TargetGroup | Criterion,
    summary: str,
    check: Callable[[], None] = lambda: None,
) -> None:
    """Remove a target group or criterion from a draft (after `check`), audited."""
    _require_manager(actor, row.version.guideline)
    with transaction.atomic():
        _locked_draft(row.version)
        check()
        audit_record(actor=actor, action=AuditAction.DELETE, obj=row, summary=summary)
        row.delete()


def _refuse_taken_code(items: QuerySet[Any], item: Model | None, code: str) -> None:
    """A code names one target group or criterion within a version."""
    if items.exclude(pk=item.pk if item else None).filter(code=code).exists():
        raise ValidationError({"code": _("Koden används redan i versionen.")})


def _next_position(items: QuerySet[Any]) -> int:
    return (items.aggregate(highest=Max("position"))["highest"] or 0) + 1


def _refuse_if_group_is_named(version: GuidelineVersion, code: str) -> None:
    for criterion in version.criteria.filter(fact=Fact.IN_LISTED_TARGET_GROUP):
        if code in (criterion.params or {}).get("codes", []):
            raise ValidationError(
                _("Kriteriet %(label)s hänvisar till målgruppen; ändra kriteriet först.")
                % {"label": criterion.label}
            )


def criterion_save(
    *,
    actor: "User",
    version: GuidelineVersion,
    criterion: Criterion | None = None,
    code: str,
    label: str,
    kind: str,
    fact: str = "",
    params: Mapping[str, Any] | None = None,
    help_text: str = "",
) -> Criterion:
    """Add a criterion to a draft, or change one; facts and their parameters are checked."""
    _require_manager(actor, version.guideline)
    params = dict(params or {})
    if kind not in CriterionKind.values:
        raise ValidationError({"kind": _("Välj en typ av kriterium.")})
    if kind == CriterionKind.FACT:
        if not fact:
            raise ValidationError({"fact": _("Välj vilken uppgift kriteriet räknas fram ur.")})
    elif fact or params:
        raise ValidationError(
            {"fact": _("Bara kriterier av typen uppgift räknas fram ur en uppgift.")}
        )
    with transaction.atomic():
        _locked_draft(version)
        if kind == CriterionKind.FACT:
            group_codes = version.target_groups.values_list("code", flat=True)
            problems = fact_params_problems(fact, params, list(group_codes))
            if problems:
                raise ValidationError({"fact": problems})
        _refuse_taken_code(version.criteria.all(), criterion, code)
        return _draft_row_save(
            actor=actor,
            version=version,
            row=criterion,
            model=Criterion,
            values={
                "code": code,
                "label": label.strip(),
                "kind": kind,
                "fact": fact,
                "params": params,
                "help_text": help_text,
            },
            summary=lambda saved: (
                _("Kriteriet %(label)s i %(version)s") % {"label": saved.label, "version": version}
            ),
            changes={"kind": kind, "fact": fact, "params": params},
        )


def criterion_remove(*, actor: "User", criterion: Criterion) -> None:
    """Remove a criterion from a draft."""
    _draft_row_remove(
        actor=actor,
        row=criterion,
        summary=_("Tog bort kriteriet %(label)s ur %(version)s")
        % {"label": criterion.label, "version": criterion.version},
    )


def version_row_move(*, actor: "User", row: TargetGroup | Criterion, up: bool) -> None:
    """Move a target group or criterion one step up or down within its draft."""
    version = row.version
    _require_manager(actor, version.guideline)
    with transaction.atomic():
        _locked_draft(version)
        rows = list(type(row).objects.filter(version=version).order_by("position", "id"))
        index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
        target = index - 1 if up else index + 1
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
        for position, other in enumerate(rows):
            type(row).objects.filter(pk=other.pk).update(position=position)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            summary=_("Flyttade %(row)s i %(version)s") % {"row": row, "version": version},
        )
