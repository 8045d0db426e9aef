"""The activity catalogue: the organisation's activity types, installed from shipped data."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create, audited_update, require_known_fields
from lotsa.cases import messages, policy
from lotsa.cases.constants import (
    ActivityArea,
    ResponsibleParty,
    SkrCategory,
)
from lotsa.cases.models import (
    ActivityType,
)

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User


# Activity catalogue ------------------------------------------------------------------------

# The catalogue shipped with Lotsa (`lotsa install_catalogue`).
ACTIVITY_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "activity_catalogue.json"

CATALOGUE_FIELDS = ("name", "skr_category", "area", "default_responsible", "is_active")
_CATALOGUE_FILE_KEYS = {"name", "skr_category", "area", "default_responsible", "source", "comment"}


def _activity_type_errors(
    *, name: str, skr_category: Any, area: str, default_responsible: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = str(messages.CATALOGUE_NAME_REQUIRED)
    elif len(name.strip()) > 200:
        errors["name"] = _("Namnet får vara högst 200 tecken.")
    if skr_category not in SkrCategory.values:
        errors["skr_category"] = str(messages.SKR_CATEGORY_REQUIRED)
    if area not in ActivityArea.values:
        errors["area"] = str(messages.AREA_REQUIRED)
    if default_responsible not in ResponsibleParty.values:
        errors["default_responsible"] = _("Välj vem som brukar ansvara.")
    return errors


def _name_taken(organisation_id: int, name: str, *, exclude: int | None = None) -> bool:
    others = ActivityType.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def activity_catalogue_install(
    *, organisation: "Organisation", data: dict[str, Any]
) -> dict[str, int]:
    """Add the catalogue's activities that the organisation lacks; existing ones stay as edited.

    Checks the whole file first, so a faulty catalogue installs nothing.
    """
    items = data.get("activities") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError(_("Katalogen innehåller inga aktiviteter."))
    problems: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(_("Rad %(n)s är inte en aktivitet.") % {"n": number})
            continue
        name = str(item.get("name", "")).strip()
        unknown = set(item) - _CATALOGUE_FILE_KEYS
        if unknown:
            problems.append(
                _("Aktivitet %(n)s (%(name)s): okända fält %(fields)s.")
                % {"n": number, "name": name, "fields": ", ".join(sorted(unknown))}
            )
        errors = _activity_type_errors(
            name=name,
            skr_category=item.get("skr_category"),
            area=item.get("area", ""),
            default_responsible=item.get("default_responsible", ResponsibleParty.COACH),
        )
        problems.extend(
            _("Aktivitet %(n)s (%(name)s): %(problem)s")
            % {"n": number, "name": name, "problem": problem}
            for problem in errors.values()
        )
        if name.lower() in seen:
            problems.append(_("Aktiviteten %(name)s finns två gånger.") % {"name": name})
        seen.add(name.lower())
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = {
            name.lower()
            for name in ActivityType.objects.filter(organisation=organisation).values_list(
                "name", flat=True
            )
        }
        created = [
            ActivityType(
                organisation=organisation,
                name=item["name"].strip(),
                skr_category=item["skr_category"],
                area=item["area"],
                default_responsible=item.get("default_responsible", ResponsibleParty.COACH),
            )
            for item in items
            if item["name"].strip().lower() not in existing
        ]
        ActivityType.objects.bulk_create(created)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="cases.activitytype",
            summary=_(
                "Installerade aktivitetskatalog i %(organisation)s: %(new)s nya, %(old)s fanns"
            )
            % {
                "organisation": organisation.name,
                "new": len(created),
                "old": len(items) - len(created),
            },
        )
    return {"created": len(created), "existing": len(items) - len(created)}


def activity_type_create(
    *,
    actor: "User",
    name: str,
    skr_category: int,
    area: str,
    default_responsible: str = ResponsibleParty.COACH,
) -> ActivityType:
    """Add an activity to the administrator's organisation's catalogue."""
    if not policy.can_manage_catalogue(actor):
        raise PermissionDenied
    name = (name or "").strip()
    errors = _activity_type_errors(
        name=name, skr_category=skr_category, area=area, default_responsible=default_responsible
    )
    if not errors and _name_taken(actor.organisation_id, name):  # type: ignore[arg-type]
        errors["name"] = _("Det finns redan en aktivitet med det namnet.")
    if errors:
        raise ValidationError(errors)
    activity_type = ActivityType(
        organisation_id=actor.organisation_id,
        name=name,
        skr_category=skr_category,
        area=area,
        default_responsible=default_responsible,
    )
    return audited_create(actor=actor, instance=activity_type, summary=name)


def activity_type_update(
    *, actor: "User", activity_type: ActivityType, expected_version: int, **changes: Any
) -> ActivityType:
    """Rename, reclassify or (de)activate a catalogue item; plans keep the category they had.

    EditConflictError if someone saved the item after `expected_version` was read.
    """
    require_known_fields(changes, CATALOGUE_FIELDS, what="activity type")
    if (
        not policy.can_manage_catalogue(actor)
        or activity_type.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied
    merged = {name: changes.get(name, getattr(activity_type, name)) for name in CATALOGUE_FIELDS}
    merged["name"] = (merged["name"] or "").strip()
    errors = _activity_type_errors(
        name=merged["name"],
        skr_category=merged["skr_category"],
        area=merged["area"],
        default_responsible=merged["default_responsible"],
    )
    if not errors and _name_taken(
        activity_type.organisation_id, merged["name"], exclude=activity_type.pk
    ):
        errors["name"] = _("Det finns redan en aktivitet med det namnet.")
    if errors:
        raise ValidationError(errors)
    return audited_update(
        actor=actor,
        instance=activity_type,
        changes=merged,
        allowed=CATALOGUE_FIELDS,
        expected_version=expected_version,
        summary=merged["name"],
    )
