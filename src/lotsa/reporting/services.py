"""Writes of the reporting app: the code table, and the audit record of every download."""

import hashlib
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.core.concurrency import EditConflictError, save_with_version
from lotsa.reporting import policy
from lotsa.reporting.defaults import default_codes
from lotsa.reporting.models import (
    FinsamInsats,
    FinsamInsatsYear,
    KeptReport,
    Orientation,
    ReportCode,
    StaffFte,
)
from lotsa.statistics.periods import Period

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, Unit, User

CODE_MAX = 10


def report_code_update(
    *, actor: "User", kind: str, key: str, code: str, label: str, expected_version: int
) -> ReportCode:
    """Set the organisation's code for one SKR category or closure reason (empty: not
    mapped, and the monthly file then names the cases it cannot report)."""
    if not policy.can_edit_codes(actor):
        raise PermissionDenied
    if (kind, key) not in default_codes():
        raise ValidationError(_("Okänd rad i kodtabellen."))
    code, label = (code or "").strip(), (label or "").strip()
    errors: dict[str, str] = {}
    if len(code) > CODE_MAX or not all(ch.isascii() and ch.isalnum() for ch in code):
        errors["code"] = _("Ange koden med högst tio siffror eller bokstäver (a–z, 0–9).")
    if code and not label:
        errors["label"] = _("Ange vad koden heter i Socialstyrelsens tekniska beskrivning.")
    if len(label) > 200:
        errors["label"] = _("Skriv högst 200 tecken.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, created = ReportCode.objects.select_for_update().get_or_create(
            organisation_id=actor.organisation_id,
            kind=kind,
            key=key,
            defaults={"code": default_codes()[(kind, key)][0], "label": ""},
        )
        if created and expected_version == 0:
            expected_version = row.version
        before = row.code
        row.code, row.label = code, label
        save_with_version(row, expected_version=expected_version, fields=["code", "label"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            summary=_("Ändrade kod i månadsfilen: %(kind)s %(key)s → %(code)s")
            % {"kind": kind, "key": key, "code": code or "–"},
            changes={"code": [before, code]},
        )
    return row


def report_download_record(*, actor: "User", report: str, description: str, rows: int) -> None:
    """Every download of a report is an export in the audit log (who fetched what, when)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=f"reporting.{report}",
        summary=_("%(what)s (%(rows)s rader)") % {"what": description, "rows": rows},
    )


YEAR_MIN, YEAR_MAX = 2000, 2100
FTE_MAX = Decimal("10000")
KRONOR_MAX = Decimal("999999999999")


def _year_error(year: int) -> dict[str, str]:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return {"year": _("Ange ett år mellan 2000 och 2100.")}
    return {}


def _decimal(text: Any, field: str, errors: dict[str, str], *, high: Decimal, message: str) -> Any:
    """The number in `text` (a comma is a decimal point), or None with `message` in errors."""
    if text is None or str(text).strip() == "":
        return None
    try:
        value = Decimal(str(text).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors[field] = message
        return None
    if not value.is_finite() or not Decimal(0) <= value <= high:
        errors[field] = message
        return None
    return value


def _yearly_row(
    model: Any, lookup: dict[str, Any], values: dict[str, Any], expected_version: int, **extra: Any
) -> tuple[Any, dict[str, Any] | None]:
    """Create the year's row (expected_version 0) or change it with a version check; inside
    the caller's transaction. Returns the row and its values before (None when created)."""
    row = model.objects.select_for_update().filter(**lookup).first()
    if row is None:
        if expected_version != 0:
            raise ValidationError(_("Uppgiften har tagits bort. Ladda om sidan."))
        try:
            with transaction.atomic():
                return model.objects.create(**lookup, **values, **extra), None
        except IntegrityError:  # someone else entered the year at the same moment
            raise EditConflictError(model.objects.get(**lookup)) from None
    before = {name: getattr(row, name) for name in values}
    for name, value in values.items():
        setattr(row, name, value)
    save_with_version(row, expected_version=expected_version, fields=list(values))
    return row, before


def staff_fte_set(
    *, actor: "User", unit: "Unit", year: int, fte: Any, expected_version: int
) -> StaffFte:
    """Set the unit's staff working with labour-market support in `year`, as full-time
    equivalents (two decimals); `expected_version` 0 for the first entry of the year."""
    if not policy.can_edit_survey_data(actor) or unit.organisation_id != actor.organisation_id:
        raise PermissionDenied
    message = _("Ange antalet årsarbetare som ett tal mellan 0 och 10 000, till exempel 3,5.")
    errors = _year_error(year)
    value = _decimal(fte, "fte", errors, high=FTE_MAX, message=message)
    if value is None and "fte" not in errors:
        errors["fte"] = message
    if value is not None and value != value.quantize(Decimal("0.01")):
        errors["fte"] = _("Ange årsarbetare med högst två decimaler.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, before = _yearly_row(
            StaffFte,
            {"unit": unit, "year": year},
            {"fte": value, "recorded_by": actor},
            expected_version,
            organisation_id=actor.organisation_id,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            obj=row,
            summary=_("Årsarbetare %(year)s, %(unit)s: %(fte)s")
            % {"year": year, "unit": unit.name, "fte": value},
            changes={"fte": [str(before["fte"]) if before else None, str(value)]},
        )
    return row


def insats_save(
    *,
    actor: "User",
    insats: FinsamInsats | None,
    name: str,
    orientation: str,
    target_group: str,
    unit: "Unit | None",
    follows_individuals: bool,
    expected_version: int = 0,
) -> FinsamInsats:
    """Create (insats None) or change an insats of the actor's coordination association."""
    organisation = actor.organisation
    if (
        not policy.can_edit_survey_data(actor)
        or organisation is None
        or not organisation.is_coordination_association
        or (insats is not None and insats.organisation_id != organisation.pk)
        or (unit is not None and unit.organisation_id != organisation.pk)
    ):
        raise PermissionDenied
    name, target_group = (name or "").strip(), (target_group or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Ange insatsens namn.")
    elif len(name) > 200:
        errors["name"] = _("Skriv högst 200 tecken.")
    elif (
        FinsamInsats.objects.filter(organisation=organisation, name__iexact=name)
        .exclude(pk=insats.pk if insats else None)
        .exists()
    ):
        errors["name"] = _("Förbundet har redan en insats med det namnet.")
    if orientation not in Orientation.values:
        errors["orientation"] = _("Välj individinriktad eller strukturövergripande.")
    if not target_group:
        errors["target_group"] = _("Ange insatsens målgrupp.")
    elif len(target_group) > 200:
        errors["target_group"] = _("Skriv högst 200 tecken.")
    if orientation == Orientation.STRUCTURAL and (unit is not None or follows_individuals):
        errors["unit"] = _(
            "En strukturövergripande insats har inga deltagare: lämna enheten tom och "
            "bocka inte i att den följer upp individer."
        )
    if follows_individuals and unit is None and "unit" not in errors:
        errors["unit"] = _("Välj enheten vars ärenden insatsen följer upp.")
    if errors:
        raise ValidationError(errors)
    fields = {
        "name": name,
        "orientation": orientation,
        "target_group": target_group,
        "unit": unit,
        "follows_individuals": follows_individuals,
    }
    with transaction.atomic():
        if insats is None:
            insats = FinsamInsats.objects.create(organisation=organisation, **fields)
            action = AuditAction.CREATE
        else:
            for key, value in fields.items():
                setattr(insats, key, value)
            save_with_version(insats, expected_version=expected_version, fields=list(fields))
            action = AuditAction.UPDATE
        audit_record(
            actor=actor,
            action=action,
            obj=insats,
            summary=_("Insats i Uppföljning Finsam: %(name)s") % {"name": name},
        )
    return insats


def insats_year_set(
    *,
    actor: "User",
    insats: FinsamInsats,
    year: int,
    budget: Any,
    outcome: Any,
    expected_version: int = 0,
) -> FinsamInsatsYear:
    """Set an insats's budget and outcome (empty: not known yet) for one year, in kronor."""
    if not policy.can_edit_survey_data(actor) or insats.organisation_id != actor.organisation_id:
        raise PermissionDenied
    message = _("Ange beloppet i hela kronor, till exempel 450000.")
    errors = _year_error(year)
    budget_value = _decimal(budget, "budget", errors, high=KRONOR_MAX, message=message)
    outcome_value = _decimal(outcome, "outcome", errors, high=KRONOR_MAX, message=message)
    if budget_value is None and "budget" not in errors:
        errors["budget"] = _("Ange budgeten i hela kronor.")
    for field, value in (("budget", budget_value), ("outcome", outcome_value)):
        if value is not None and value != value.to_integral_value() and field not in errors:
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _before = _yearly_row(
            FinsamInsatsYear,
            {"insats": insats, "year": year},
            {"budget": budget_value, "outcome": outcome_value},
            expected_version,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            summary=_("Budget och utfall %(year)s för %(name)s")
            % {"year": year, "name": insats.name},
            changes={"budget": str(budget_value), "outcome": str(outcome_value)},
        )
    return row


def kept_report_store(
    *,
    organisation: "Organisation",
    report: str,
    period: Period,
    filename: str,
    content_type: str,
    content: bytes,
    rows: int,
    is_row_level: bool,
) -> tuple[KeptReport, bool]:
    """Keep a file the schedule produced (the background work acts, not a person); a period
    already kept stays as it was (the job is idempotent). Returns (file, created)."""
    with transaction.atomic():
        kept, created = KeptReport.objects.get_or_create(
            organisation=organisation,
            report=report,
            period_start=period.start,
            period_end=period.end,
            defaults={
                "produced_at": timezone.now(),
                "checksum": hashlib.sha256(content).hexdigest(),
                "filename": filename,
                "content_type": content_type,
                "content": content,
                "rows": rows,
                "is_row_level": is_row_level,
            },
        )
        if created:
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=kept,
                organisation_id=organisation.pk,
                summary=_("Sparade rapportfil %(name)s (%(rows)s rader)")
                % {"name": filename, "rows": rows},
            )
    return kept, created


def kept_report_fetch(*, actor: "User", kept: KeptReport) -> bytes:
    """The kept file's content for an entitled reader; who fetched it is audited."""
    if kept.organisation_id != actor.organisation_id or not policy.can_fetch_kept(
        actor, row_level=kept.is_row_level
    ):
        raise PermissionDenied
    content = bytes(kept.content)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=kept,
        summary=_("Hämtade sparad rapportfil %(name)s (%(rows)s rader)")
        % {"name": kept.filename, "rows": kept.rows},
    )
    return content
