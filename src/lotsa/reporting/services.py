"""Writes of the reporting app: the code table, and the audit record of every download."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.core.concurrency import save_with_version
from lotsa.reporting import policy
from lotsa.reporting.defaults import default_codes
from lotsa.reporting.models import ReportCode

if TYPE_CHECKING:
    from lotsa.organisations.models import User

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
