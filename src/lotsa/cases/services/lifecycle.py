"""A case's life: opened, paused, resumed, closed (activities ended or handed over), reopened."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.cases import events, messages, policy
from lotsa.cases.checks import (
    lock_open_case,
    not_in_future,
    require_work_on_case,
    required_date,
    required_text,
)
from lotsa.cases.closure_details import ClosureDetails, closure_details_errors
from lotsa.cases.constants import (
    HANDOVER_PARTIES,
    OPEN_ACTIVITY_STATUSES,
    ActivityStatus,
    CaseStatus,
    ClosureReason,
)
from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import (
    Activity,
    Case,
    CaseReopening,
    FollowUp,
)
from lotsa.cases.services.plan import bump_plan_version, plan_version_snapshot
from lotsa.core.concurrency import EditConflictError
from lotsa.core.dates import add_months
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.referrals.models import Referral


def case_open(*, actor: "User", referral: "Referral", coach: "User", start_date: date) -> Case:
    """Open a case for a referral with `coach` as owner; schedules the first follow-up.

    Called by referrals.services.referral_accept inside its transaction; the referral's own
    status is changed there.
    """
    unit = referral.receiving_unit
    if not policy.can_open_case(actor, unit.pk):
        raise PermissionDenied
    if coach.role != Role.COACH or coach.unit_id != unit.pk or not coach.is_active:
        raise ValidationError({"coach": _("Välj en arbetscoach på den mottagande enheten.")})
    referred_on = timezone.localdate(referral.submitted_at)
    if start_date < referred_on:
        raise ValidationError({"start_date": _("Startdatum kan inte vara före remissdatum.")})
    if Case.objects.filter(referral=referral).exists():
        raise ValidationError(_("Remissen har redan ett ärende."))
    interval = referral.guideline_version.follow_up_interval_months
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=referral.organisation_id,
            participant_id=referral.participant_id,
            referral=referral,
            unit=unit,
            coach=coach,
            status=CaseStatus.ACTIVE,
            start_date=start_date,
            waiting_days=(start_date - referred_on).days,
            follow_up_interval_months=interval,
            next_follow_up_on=add_months(start_date, interval),
        )
        FollowUp.objects.create(case=case, due_on=case.next_follow_up_on)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            participant=referral.participant,
            summary=_("Öppnade ärende med %(coach)s som arbetscoach") % {"coach": coach},
        )
        events.case_opened.announce(Case, case=case, actor=actor, on=start_date)
    return case


# Status: pause, resume, close, reopen ---------------------------------------------------------


def _change_status(
    *,
    actor: "User",
    case: Case,
    from_status: str,
    to_status: str,
    summary: str,
    event: events.LifecycleEvent,
) -> Case:
    with transaction.atomic():
        current = lock_open_case(case)
        if current.status != from_status:
            raise ValidationError(
                _("Ärendet har status %(status)s.") % {"status": current.get_status_display()},
                code="status",
            )
        Case.objects.filter(pk=case.pk).update(status=to_status, version=F("version") + 1)
        case.status, case.version = to_status, current.version + 1
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=summary,
            changes={"status": [from_status, to_status]},
        )
        event.announce(Case, case=case, actor=actor, on=timezone.localdate())
    return case


def case_pause(*, actor: "User", case: Case, reason: str = "") -> Case:
    """Set an active case as paused ("vilande"), e.g. during sick leave or parental leave."""
    require_work_on_case(actor, case)
    summary = _("Satte ärendet som vilande")
    if reason.strip():
        summary = f"{summary}: {reason.strip()}"
    return _change_status(
        actor=actor,
        case=case,
        from_status=CaseStatus.ACTIVE,
        to_status=CaseStatus.PAUSED,
        summary=summary,
        event=events.case_paused,
    )


def case_resume(*, actor: "User", case: Case) -> Case:
    """Make a paused case active again."""
    require_work_on_case(actor, case)
    return _change_status(
        actor=actor,
        case=case,
        from_status=CaseStatus.PAUSED,
        to_status=CaseStatus.ACTIVE,
        summary=_("Aktiverade ärendet igen"),
        event=events.case_resumed,
    )


def activities_open_at_closure(case: Case, activities: Any = None) -> list[Activity]:
    """The case's activities that would still run after closing today: planned or ongoing, or
    without an end date, or ending later. The closing page lists them and asks about each.

    `activities` may be the case's activities already loaded (the case page has them).
    """
    today = timezone.localdate()
    if activities is None:
        activities = (
            Activity.objects.filter(case=case)
            .select_related("activity_type")
            .order_by("starts_on", "id")
        )
    return [
        activity
        for activity in activities
        if activity.status in OPEN_ACTIVITY_STATUSES
        or activity.ends_on is None
        or activity.ends_on > today
    ]


def _activities_end_at_closure(
    *, actor: "User | None", case: Case, closed_on: date, handovers: dict[int, str]
) -> list[str]:
    """End every activity of `case` that runs past `closed_on`; what was done, in words.

    An activity that had begun ends on the closure date (planned or ongoing: "Genomförd"); one
    that was due to start after it is "Avbruten". `handovers` maps activity ids to who takes
    them over ("Arbetsförmedlingen" …); they end in this plan all the same.
    """
    running = (
        Activity.objects.filter(case=case)
        .filter(
            Q(status__in=OPEN_ACTIVITY_STATUSES)
            | Q(ends_on__isnull=True)
            | Q(ends_on__gt=closed_on)
            | Q(pk__in=list(handovers))
        )
        .select_related("activity_type")
        .order_by("starts_on", "id")
    )
    done: list[str] = []
    for activity in running:
        before = {
            "ends_on": activity.ends_on,
            "status": activity.status,
            "handed_over_to": activity.handed_over_to,
        }
        if activity.starts_on > closed_on:
            if activity.status in OPEN_ACTIVITY_STATUSES:
                activity.status = ActivityStatus.CANCELLED
        else:
            if activity.ends_on is None or activity.ends_on > closed_on:
                activity.ends_on = closed_on
            if activity.status in OPEN_ACTIVITY_STATUSES:
                activity.status = ActivityStatus.DONE
        if activity.pk in handovers:
            activity.handed_over_to = handovers[activity.pk]
        after = {
            "ends_on": activity.ends_on,
            "status": activity.status,
            "handed_over_to": activity.handed_over_to,
        }
        if after == before:
            continue
        activity.save(update_fields=list(after))
        if activity.handed_over_to:
            summary = _("%(title)s överlämnad till %(party)s vid avslut %(on)s") % {
                "title": activity.activity_type.name,
                "party": activity.get_handed_over_to_display(),
                "on": closed_on.isoformat(),
            }
        elif activity.status == ActivityStatus.CANCELLED:
            summary = _("%(title)s avbruten vid avslut %(on)s (skulle ha börjat %(start)s)") % {
                "title": activity.activity_type.name,
                "on": closed_on.isoformat(),
                "start": activity.starts_on.isoformat(),
            }
        else:
            summary = _("%(title)s avslutad %(on)s när ärendet avslutades") % {
                "title": activity.activity_type.name,
                "on": closed_on.isoformat(),
            }
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=activity,
            participant=case.participant,
            summary=summary,
            changes=diff_fields(before, after),
        )
        done.append(summary)
    return done


def _handover_errors(case: Case, handovers: dict[int, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    known = set(Activity.objects.filter(case=case).values_list("pk", flat=True))
    for activity_id, party in handovers.items():
        if activity_id not in known:
            errors[f"activity_{activity_id}"] = _("Aktiviteten finns inte i ärendets plan.")
        elif party not in HANDOVER_PARTIES:
            errors[f"activity_{activity_id}"] = _("Välj vem som tar över aktiviteten.")
    return errors


def case_close(
    *,
    actor: "User",
    case: Case,
    reason: ClosureReason | str,
    closed_on: date | None,
    note: str = "",
    handovers: dict[int, str] | None = None,
    expected_version: int | None = None,
    expected_plan_version: int | None = None,
    details: ClosureDetails | None = None,
) -> Case:
    """Close the case with a reason and a date; from then on it is read-only.

    `details` is what the national reports need of a closure to work or studies
    (`cases.closure_details`); the closing page always passes it, and the reason's fields are
    then required. Without it (older callers, imports) the closure has none, and the reports
    name the case as lacking them.

    Scheduled follow-ups that have not been held are removed; the journal must have no drafts.
    Every activity still running ends on the closure date, or is handed over to the party
    `handovers` names for it (activity id → ResponsibleParty); other apps end what they hold
    (placements …) in the same transaction through `events.case_closed`. With the versions the
    closing page showed, a case someone changed meanwhile raises EditConflictError.
    """
    handovers = dict(handovers or {})
    require_work_on_case(actor, case)
    if not policy.can_close_case(actor, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = str(messages.CLOSURE_REASON_REQUIRED)
    required_date(closed_on, field="closed_on", errors=errors)
    not_in_future(closed_on, field="closed_on", errors=errors)
    if closed_on is not None and "closed_on" not in errors and closed_on < case.start_date:
        errors["closed_on"] = _("Ärendet kan inte avslutas före startdatum (%(d)s).") % {
            "d": case.start_date.isoformat()
        }
    errors.update(_handover_errors(case, handovers))
    if details is not None and reason in ClosureReason.values:
        details = details.for_reason(str(reason))
        errors.update(closure_details_errors(str(reason), details, closed_on=closed_on))
    if errors:
        raise ValidationError(errors)
    assert closed_on is not None  # checked above; tells the type checker
    details = details or ClosureDetails()
    with transaction.atomic():
        current = lock_open_case(case)
        if (expected_version is not None and current.version != expected_version) or (
            expected_plan_version is not None and current.plan_version != expected_plan_version
        ):
            raise EditConflictError(current)
        drafts = list(
            Note.objects.filter(case=case, status=NoteStatus.DRAFT).select_related("author")
        )
        if drafts:
            authors = ", ".join(sorted({str(draft.author) for draft in drafts}))
            raise ValidationError(
                _(
                    "Journalen har osignerade utkast (skrivna av %(authors)s). De måste "
                    "signeras eller tas bort innan ärendet avslutas."
                )
                % {"authors": authors},
                code="drafts",
            )
        closure_note = (note or "").strip()
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            closed_on=closed_on,
            closure_reason=reason,
            closure_note=closure_note,
            closure_employment_start=details.employment_start,
            closure_municipal_employment=details.municipal_employment,
            closure_study_form=details.study_form,
            closure_csn_eligible=details.csn_eligible,
            next_follow_up_on=None,
            version=F("version") + 1,
        )
        case.closure_employment_start = details.employment_start
        case.closure_municipal_employment = details.municipal_employment
        case.closure_study_form = details.study_form
        case.closure_csn_eligible = details.csn_eligible
        removed, _rows = FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
        case.status, case.closed_on, case.closure_reason = CaseStatus.CLOSED, closed_on, reason
        case.closure_note, case.next_follow_up_on = closure_note, None
        case.version = current.version + 1
        ended = _activities_end_at_closure(
            actor=actor, case=case, closed_on=closed_on, handovers=handovers
        )
        if ended:
            number = bump_plan_version(case)
            plan_version_snapshot(
                actor=actor,
                case=case,
                number=number,
                summary=_("Ärendet avslutades: %(what)s") % {"what": "; ".join(ended)},
            )
        # Other apps end what the case held and schedule what follows (follow-up after
        # closure, placements ended …) in this transaction: see docs/architecture.md.
        events.case_closed.announce(Case, case=case, actor=actor, on=closed_on)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=_("Avslutade ärendet: %(reason)s")
            % {"reason": case.get_closure_reason_display()},
            changes={
                "status": [current.status, CaseStatus.CLOSED],
                "closed_on": [None, closed_on.isoformat() if closed_on else None],
                "removed_follow_ups": [removed, 0],
                "ended_activities": [0, len(ended)],
            },
        )
    return case


def case_reopen(*, actor: "User", case: Case, reason: str) -> Case:
    """Open a closed case again (the unit's manager, with a reason); a follow-up is scheduled."""
    if not policy.can_reopen_case(actor, case):
        if not case.is_closed and policy.can_view_case(actor, case):
            raise ValidationError(_("Ärendet är inte avslutat."), code="open")
        raise PermissionDenied
    errors: dict[str, str] = {}
    clean_reason = required_text(
        reason, field="reason", errors=errors, message=str(messages.REOPEN_REASON_REQUIRED)
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if not current.is_closed:
            raise ValidationError(_("Ärendet är inte avslutat."), code="open")
        reopening = CaseReopening.objects.create(
            case=case,
            reopened_by=actor,
            reason=clean_reason,
            previous_closed_on=current.closed_on,
            previous_closure_reason=current.closure_reason,
        )
        next_due = add_months(timezone.localdate(), current.follow_up_interval_months)
        FollowUp.objects.create(case=case, due_on=next_due)
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.ACTIVE,
            closed_on=None,
            closure_reason="",
            closure_note="",
            closure_employment_start=None,
            closure_municipal_employment=None,
            closure_study_form="",
            closure_csn_eligible=None,
            next_follow_up_on=next_due,
            version=F("version") + 1,
        )
        case.status, case.closed_on, case.closure_reason, case.closure_note = (
            CaseStatus.ACTIVE,
            None,
            "",
            "",
        )
        case.next_follow_up_on, case.version = next_due, current.version + 1
        case.closure_employment_start, case.closure_municipal_employment = None, None
        case.closure_study_form, case.closure_csn_eligible = "", None
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=_("Öppnade ärendet igen: %(reason)s") % {"reason": clean_reason[:200]},
            changes={"reopening": [None, reopening.pk]},
        )
        events.case_reopened.announce(Case, case=case, actor=actor, on=timezone.localdate())
    return case
