"""Writes of the retention app: extracts, culling, backup and restore, each with its audit record.

Commands run as the system (`actor=None`); the extract page passes the manager asking.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import events as case_events
from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.people.constants import AGE_BANDS
from lotsa.people.models import Participant
from lotsa.portal.models import ParticipantAccount as PortalAccount
from lotsa.retention import policy
from lotsa.retention.backup import (
    backup_database,
    restore_database,
    verify_checksum,
    write_checksum,
)
from lotsa.retention.constants import UNDER_FIRST_AGE_BAND, ExtractFormat
from lotsa.retention.culling import (
    CullingPlan,
    culling_plan,
    culling_years,
    only_personal_records_left,
    person_rows,
    personal_record_models,
)
from lotsa.retention.extract import participant_extract
from lotsa.retention.models import CulledCaseSummary
from lotsa.retention.relations import delete_rows, foreign_rows, is_referenced

if TYPE_CHECKING:
    from lotsa.organisations.models import User


class CullingInterruptedError(Exception):
    """A case due for culling changed while the run was under way; nothing was deleted."""


def extract_export(
    *, actor: "User | None", participant: Participant, form: ExtractFormat
) -> dict[str, Any]:
    """Everything held about `participant`, for them; the export is written to the audit log."""
    if actor is not None and not policy.can_make_extract(actor, participant):
        raise PermissionDenied
    with transaction.atomic():
        extract = participant_extract(participant)
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=participant,
            participant=participant,
            summary=_("Registerutdrag (%(form)s)") % {"form": form.label},
        )
    return extract


@dataclass(frozen=True)
class CullingResult:
    cases: int
    participants: int
    summaries: int
    rows: dict[str, int] = field(default_factory=dict)
    people_without_case: int = 0  # of `participants`: people culled who had no case


def culling_run(*, today: datetime.date, years: int | None = None) -> CullingResult:
    """Cull every case due on `today` with what hangs off it, in one transaction.

    An anonymous summary of each case is kept for statistics; the participant goes too when no
    other record points at them. Audit records stay. One audit record tells the counts.
    """
    years = years or culling_years()
    with transaction.atomic():
        plan = culling_plan(today=today, years=years)
        due_ids = [review.case_id for review in plan.due]
        _lock_due_cases(due_ids)
        summaries = _summaries_create(due_ids, culled_on=today)
        # Apps that keep something beside the case let go of it before the rows go.
        for case in Case.objects.filter(pk__in=due_ids).order_by("pk"):
            case_events.case_culled.announce(Case, case=case, actor=None, on=today)
        deleted: Counter[str] = Counter()
        participants = 0
        for participant_id, rows in plan.rows.items():
            deleted.update(delete_rows(rows))
            # With the last case gone, what is left outside a case goes too: its dates
            # counted in the person's last entry, so it is as old as the rule asks.
            if not Case.objects.filter(participant_id=participant_id).exists():
                deleted.update(_person_rows_delete(participant_id))
            if only_personal_records_left(participant_id):
                deleted.update(_personal_records_delete(participant_id))
            if not is_referenced(Participant, participant_id):
                _participant_delete(participant_id)
                participants += 1
        people = [review.participant_id for review in plan.due_people]
        Participant.objects.select_for_update().filter(pk__in=people).exists()
        for participant_id in people:
            deleted.update(_person_rows_delete(participant_id))
            deleted.update(_personal_records_delete(participant_id))
            if is_referenced(Participant, participant_id):
                raise CullingInterruptedError(
                    _(
                        "En person fick nya uppgifter medan gallringen pågick. "
                        "Ingenting togs bort; kör igen."
                    )
                )
            _participant_delete(participant_id)
            participants += 1
        result = CullingResult(
            cases=len(due_ids),
            participants=participants,
            summaries=len(summaries),
            rows=dict(sorted(deleted.items())),
            people_without_case=len(people),
        )
        audit_record(
            actor=None,
            action=AuditAction.DELETE,
            object_type="retention.culling",
            summary=_(
                "Gallring %(today)s. Borttagna ärenden: %(cases)s, "
                "borttagna deltagare: %(participants)s."
            )
            % {"today": today.isoformat(), "cases": result.cases, "participants": participants},
            changes=_culling_counts(plan, result),
        )
    return result


def _lock_due_cases(case_ids: list[int]) -> None:
    locked = Case.objects.select_for_update().filter(pk__in=case_ids)
    if locked.exclude(status=CaseStatus.CLOSED).exists() or locked.count() != len(case_ids):
        raise CullingInterruptedError(
            _("Ett ärende ändrades medan gallringen pågick. Ingenting togs bort; kör igen.")
        )


def _culling_counts(plan: CullingPlan, result: CullingResult) -> dict[str, Any]:
    per_organisation = Counter(str(review.organisation_id) for review in plan.due)
    people_per_organisation = Counter(str(review.organisation_id) for review in plan.due_people)
    kept = Counter(plan.kept_reasons)
    return {
        "today": plan.today.isoformat(),
        "years": plan.years,
        "cases": result.cases,
        "participants": result.participants,
        "people_without_case": result.people_without_case,
        "summaries": result.summaries,
        "rows": result.rows,
        "cases_per_organisation": dict(sorted(per_organisation.items())),
        "people_without_case_per_organisation": dict(sorted(people_per_organisation.items())),
        "kept_per_reason": dict(sorted(kept.items())),
    }


def _summaries_create(case_ids: list[int], *, culled_on: datetime.date) -> list[CulledCaseSummary]:
    cases = (
        Case.objects.filter(pk__in=case_ids)
        .select_related("participant", "referral")
        .prefetch_related("referral__target_groups", "activities")
        .order_by("pk")
    )
    summaries = [
        CulledCaseSummary(
            organisation_id=case.organisation_id,
            unit_id=case.unit_id,
            start_year=case.start_date.year,
            closure_year=case.closed_on.year,
            closure_reason=case.closure_reason,
            target_group_codes=sorted(group.code for group in case.referral.target_groups.all())
            if case.referral
            else [],
            skr_categories=sorted({activity.skr_category for activity in case.activities.all()}),
            gender=case.participant.gender,
            age_band=age_band(case.participant.age_on(case.start_date)),
            waiting_days=case.waiting_days,
            days_in_support=(case.closed_on - case.start_date).days,
            culled_on=culled_on,
        )
        for case in cases
        if case.closed_on is not None
    ]
    return CulledCaseSummary.objects.bulk_create(summaries)


def age_band(age: int) -> str:
    """The statistics' age band (people.constants.AGE_BANDS) an age falls in."""
    for label, lowest, highest in AGE_BANDS:
        if age >= lowest and (highest is None or age <= highest):
            return label
    return UNDER_FIRST_AGE_BAND


def _person_rows_delete(participant_id: int) -> Counter[str]:
    """Delete the person's rows outside any case (culling.person_rows), unless one of them is
    also someone else's: then the person is kept and the run stops, nothing deleted."""
    rows = person_rows(participant_id)
    if foreign_rows(rows, {Participant: {participant_id}}):
        raise CullingInterruptedError(
            _("En persons uppgifter hänger ihop med någon annans. Ingenting togs bort; kör igen.")
        )
    return delete_rows(rows)


def _personal_records_delete(participant_id: int) -> Counter[str]:
    """Delete what is kept about the person outside any case (culling.PERSONAL_RECORDS).

    The person's sign-in account for their own pages is switched off and stripped of name and
    contact details rather than deleted: audit records name it as the actor of what the person
    did, and the log is never culled.
    """
    deleted: Counter[str] = Counter()
    for model in personal_record_models():
        _count, per_model = model._base_manager.filter(participant_id=participant_id).delete()
        deleted.update({label: n for label, n in per_model.items() if n})
    for account in PortalAccount.objects.filter(participant_id=participant_id).select_related(
        "user"
    ):
        user = account.user
        account.delete()
        deleted["portal.ParticipantAccount"] += 1
        user.username = f"gallrad-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return deleted


def _participant_delete(participant_id: int) -> None:
    # Audit records keep the participant's id without a constraint and are never deleted;
    # Django's delete collector would count them as protecting the row, so delete it directly.
    table = connection.ops.quote_name(Participant._meta.db_table)
    column = connection.ops.quote_name(Participant._meta.pk.column or "id")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [participant_id])  # noqa: S608


def database_backup(*, path: Path) -> str:
    """Copy the whole database to `path`, write `path`.sha256 and log it; returns the checksum."""
    backup_database(path)
    digest = write_checksum(path)
    audit_record(
        actor=None,
        action=AuditAction.EXPORT,
        object_type="retention.backup",
        summary=_("Säkerhetskopia %(name)s (SHA-256 %(digest)s)")
        % {"name": path.name, "digest": digest},
    )
    return digest


def database_restore(*, path: Path) -> str:
    """Replace the whole database with the backup at `path` once its checksum matches."""
    digest = verify_checksum(path)
    restore_database(path)
    # Written into the restored database, where it continues the restored chain.
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="retention.restore",
        summary=_("Återställde databasen från %(name)s (SHA-256 %(digest)s)")
        % {"name": path.name, "digest": digest},
    )
    return digest
