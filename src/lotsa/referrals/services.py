"""Writes to referrals: submit, withdraw, return, accept; each with policy, transaction, audit.

Status changes use optimistic locking (`Referral.version`), so when two managers act on the same
referral at once only the first succeeds and the second is told someone else decided.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.cases.services import case_open
from lotsa.core.concurrency import EditConflictError, save_with_version
from lotsa.guidelines.constants import Answer, CriterionKind, Eligibility
from lotsa.guidelines.queries import guideline_version_in_force, version_evaluate
from lotsa.people.policy import can_view_participant
from lotsa.referrals import policy
from lotsa.referrals.constants import (
    ConsentForm,
    ConsentParty,
    ConsentScope,
    ReferralSource,
    ReferralStatus,
)
from lotsa.referrals.eligibility import referral_facts
from lotsa.referrals.models import Referral

if TYPE_CHECKING:
    from lotsa.guidelines.models import GuidelineVersion, TargetGroup
    from lotsa.organisations.models import Unit, User
    from lotsa.people.models import Participant

# Errors about a criterion question are keyed by this prefix and the criterion's code.
ANSWER_FIELD_PREFIX = "answer_"
DECISION_FIELDS = (
    "status",
    "decided_at",
    "decided_by",
    "return_reason",
    "room_and_demand",
    "individual_assessment",
)
INDIVIDUAL_ASSESSMENT_LIMIT = 4000


class DecisionConflictError(EditConflictError):
    """Someone else changed the referral's status after the page was opened."""

    def __init__(self, current: Referral) -> None:
        ValidationError.__init__(
            self,
            _("Någon annan har redan gett besked om remissen. Status nu: %(status)s.")
            % {"status": current.get_status_display()},
            code="conflict",
        )
        self.current = current


def referral_submit(
    *,
    actor: "User",
    participant: "Participant",
    receiving_unit: "Unit",
    target_groups: Iterable["TargetGroup"],
    reason: str,
    goal: str,
    work_capacity_investigated_on: date | None = None,
    work_capacity_investigated_by: str = "",
    work_capacity_summary: str = "",
    stability_since: date | None = None,
    consent_parties: Sequence[str] = (),
    consent_scopes: Sequence[str] = (),
    consent_given_on: date | None = None,
    consent_form: str = "",
    answers: Mapping[str, str] | None = None,
    free_text: str = "",
    guideline_version: "GuidelineVersion | None" = None,
) -> Referral:
    """Refer `participant` to `receiving_unit`, checked against the guideline version in force.

    Errors are keyed by field; a question's answer by `answer_<criterion code>`. A formal
    decision (decisions app) passes the published `guideline_version` it was decided under,
    since a city can have several guidelines in force. The consent noted here (parties, what
    it covers, when and how it was given) becomes a consent record when the case opens.
    """
    if not policy.can_submit_referral(actor):
        raise PermissionDenied
    if participant.organisation_id != actor.organisation_id:
        raise ValidationError(
            {"participant": _("En remiss kan inte gälla en person utanför din organisation.")}
        )
    if not can_view_participant(actor, participant):
        raise PermissionDenied
    today = timezone.localdate()
    version = guideline_version_in_force(organisation_id=actor.organisation_id, on=today)
    if guideline_version is not None:
        if (
            guideline_version.guideline.organisation_id != actor.organisation_id
            or not guideline_version.is_published
        ):
            raise ValidationError(_("Välj en publicerad riktlinje i din organisation."))
        version = guideline_version
    if version is None:
        raise ValidationError(
            _(
                "Det finns ingen gällande riktlinje att pröva remissen mot. "
                "Kontakta administratören."
            )
        )
    groups = list(target_groups)
    answers = {code: value for code, value in (answers or {}).items() if value}
    reason, goal = reason.strip(), goal.strip()
    errors = _submission_errors(
        actor=actor,
        participant=participant,
        receiving_unit=receiving_unit,
        version=version,
        groups=groups,
        reason=reason,
        goal=goal,
        dates={
            "work_capacity_investigated_on": work_capacity_investigated_on,
            "stability_since": stability_since,
            "consent_given_on": consent_given_on,
        },
        today=today,
        consent_parties=consent_parties,
        consent_scopes=consent_scopes,
        consent_given_on=consent_given_on,
        consent_form=consent_form,
        answers=answers,
    )
    if errors:
        raise ValidationError(errors)
    facts = referral_facts(
        on=today,
        birth_date=participant.birth_date,
        target_groups=groups,
        answers=answers,
        work_capacity_investigated_on=work_capacity_investigated_on,
        work_capacity_investigated_by=work_capacity_investigated_by.strip(),
        work_capacity_summary=work_capacity_summary.strip(),
        stability_since=stability_since,
        consent_parties=consent_parties,
        consent_given_on=consent_given_on,
    )
    evaluation = version_evaluate(version, facts)
    with transaction.atomic():
        referral = Referral.objects.create(
            organisation_id=actor.organisation_id,
            participant=participant,
            referrer=actor,
            referring_unit_id=actor.unit_id,
            receiving_unit=receiving_unit,
            guideline_version=version,
            reason=reason,
            goal=goal,
            work_capacity_investigated_on=work_capacity_investigated_on,
            work_capacity_investigated_by=work_capacity_investigated_by.strip(),
            work_capacity_summary=work_capacity_summary.strip(),
            stability_since=stability_since,
            consent_parties=list(dict.fromkeys(consent_parties)),
            consent_scopes=[scope for scope in ConsentScope.values if scope in consent_scopes],
            consent_given_on=consent_given_on,
            consent_form=consent_form,
            answers=answers,
            free_text=free_text.strip(),
            status=ReferralStatus.SUBMITTED,
            submitted_at=timezone.now(),
            is_priority=evaluation.is_priority,
            eligibility=evaluation.eligibility,
            eligibility_results=evaluation.as_list(),
        )
        referral.target_groups.set(groups)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=referral,
            participant=participant,
            summary=_("Skickade remiss till %(unit)s") % {"unit": receiving_unit},
        )
    return referral


OUTSIDE_TEXT_LIMIT = 4000


def referral_from_outside(
    *,
    participant: "Participant",
    receiving_unit: "Unit",
    source: str,
    reason: str,
    goal: str = "",
    free_text: str = "",
    actor: "User | None" = None,
    source_name: str = "",
    identity_verified: bool = False,
) -> Referral | None:
    """A request for support from outside the organisation's referrers — the person's own
    application (no actor) or a partner's referral (the partner user, whose consent the caller
    has checked) — into the same intake queue, evaluated against the same guideline.

    Nobody outside may learn what the organisation knows: when the person already has a
    referral waiting at the unit or an open case there, nothing new is made (the attempt is
    left on the person's log for the unit) and None is returned; callers answer the same.
    `identity_verified` marks an own application whose personnummer came from the person's
    e-ID rather than from what was typed.
    """
    if not policy.can_receive_outside_referral(receiving_unit, source):
        raise ValidationError({"receiving_unit": _("Välj en verksamhet ur listan.")})
    if participant.organisation_id != receiving_unit.organisation_id:
        raise PermissionDenied
    reason, goal, free_text = reason.strip(), goal.strip(), free_text.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Skriv vad du vill ha hjälp med.")]
    for field, text in (("reason", reason), ("goal", goal), ("free_text", free_text)):
        if len(text) > OUTSIDE_TEXT_LIMIT:
            errors.setdefault(field, []).append(
                _("Texten får vara högst %(limit)s tecken.") % {"limit": OUTSIDE_TEXT_LIMIT}
            )
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    version = guideline_version_in_force(organisation_id=receiving_unit.organisation_id, on=today)
    if version is None:
        raise ValidationError(
            _("Det går inte att ta emot ansökningar just nu. Kontakta kommunen på telefon.")
        )
    with transaction.atomic():
        if _waits_or_runs_at(participant, receiving_unit):
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="referrals.repeat_request",
                participant=participant,
                organisation_id=receiving_unit.organisation_id,
                summary=_("Ny ansökan (%(source)s) medan en remiss eller ett ärende pågår")
                % {"source": ReferralSource(source).label},
            )
            return None
        evaluation = version_evaluate(
            version,
            referral_facts(on=today, birth_date=participant.birth_date, target_groups=[]),
        )
        referral = Referral.objects.create(
            organisation_id=receiving_unit.organisation_id,
            participant=participant,
            referrer=actor,
            referring_unit=None,
            receiving_unit=receiving_unit,
            guideline_version=version,
            source=source,
            source_name=source_name,
            identity_verified=identity_verified and source == ReferralSource.SELF,
            reason=reason,
            goal=goal,
            free_text=free_text,
            status=ReferralStatus.SUBMITTED,
            submitted_at=timezone.now(),
            is_priority=evaluation.is_priority,
            eligibility=evaluation.eligibility,
            eligibility_results=evaluation.as_list(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=referral,
            participant=participant,
            organisation_id=receiving_unit.organisation_id,
            summary=_("%(source)s till %(unit)s")
            % {"source": referral.source_label, "unit": receiving_unit},
        )
    return referral


def _waits_or_runs_at(participant: "Participant", unit: "Unit") -> bool:
    return (
        Referral.objects.filter(
            participant=participant, receiving_unit=unit, status=ReferralStatus.SUBMITTED
        ).exists()
        or Case.objects.filter(participant=participant, unit=unit)
        .exclude(status=CaseStatus.CLOSED)
        .exists()
    )


def referral_withdraw(
    *, actor: "User", referral: Referral, expected_version: int | None = None
) -> Referral:
    """The referrer takes back a referral that still waits for a decision."""
    if not policy.can_withdraw_referral(actor, referral):
        raise PermissionDenied
    with _restored_on_failure(referral), transaction.atomic():
        _change_status(referral, expected_version, status=ReferralStatus.WITHDRAWN)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            participant=referral.participant,
            summary=_("Återkallade remissen"),
        )
    return referral


def referral_return(
    *, actor: "User", referral: Referral, reason: str, expected_version: int | None = None
) -> Referral:
    """The receiving unit's manager sends the referral back; the referrer sees `reason`."""
    if not policy.can_decide_referral(actor, referral):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför remissen skickas tillbaka.")})
    with _restored_on_failure(referral), transaction.atomic():
        _change_status(
            referral,
            expected_version,
            status=ReferralStatus.RETURNED,
            return_reason=reason,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            participant=referral.participant,
            summary=_("Skickade tillbaka remissen"),
        )
    return referral


def referral_needs_room_assessment(referral: Referral) -> bool:
    """Whether the person is only in target groups admitted "vid utrymme och efterfrågan", so
    the receiving unit must assess room and demand to accept."""
    groups = list(referral.target_groups.all())
    return bool(groups) and all(group.is_conditional for group in groups)


def referral_accept(
    *,
    actor: "User",
    referral: Referral,
    coach: "User",
    start_date: date,
    expected_version: int | None = None,
    room_and_demand: bool | None = None,
    individual_assessment: str = "",
) -> Case:
    """The receiving unit's manager accepts the referral and opens a case with `coach`.

    A referral that did not plainly meet the guideline (not met, or needs an individual
    assessment) is accepted only with the individual assessment and its reasons; a person only
    in target groups admitted "vid utrymme och efterfrågan" only when the unit has assessed
    that there is room and demand."""
    if not policy.can_decide_referral(actor, referral):
        raise PermissionDenied
    individual_assessment = individual_assessment.strip()
    errors: dict[str, list[str]] = {}
    if referral_needs_room_assessment(referral):
        if room_and_demand is None:
            errors["room_and_demand"] = [
                _(
                    "Personen tillhör bara målgrupper som ingår vid utrymme och efterfrågan. "
                    "Ange om enheten har utrymme och efterfrågan."
                )
            ]
        elif not room_and_demand:
            errors["room_and_demand"] = [
                _(
                    "Utan utrymme och efterfrågan ingår personen inte i målgruppen. Skicka "
                    "tillbaka remissen med skälet i stället."
                )
            ]
    if referral.eligibility != Eligibility.MET and not individual_assessment:
        errors["individual_assessment"] = [
            _(
                "Remissen är bedömd som ”%(outcome)s”. Skriv den individuella bedömningen och "
                "skälen till att personen ändå tas emot."
            )
            % {"outcome": referral.get_eligibility_display().lower()}
        ]
    if len(individual_assessment) > INDIVIDUAL_ASSESSMENT_LIMIT:
        errors["individual_assessment"] = [
            _("Högst %(limit)d tecken.") % {"limit": INDIVIDUAL_ASSESSMENT_LIMIT}
        ]
    if errors:
        raise ValidationError(errors)
    with _restored_on_failure(referral), transaction.atomic():
        _change_status(
            referral,
            expected_version,
            status=ReferralStatus.ACCEPTED,
            decided_at=timezone.now(),
            decided_by=actor,
            room_and_demand=room_and_demand,
            individual_assessment=individual_assessment,
        )
        case = case_open(actor=actor, referral=referral, coach=coach, start_date=start_date)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            participant=referral.participant,
            summary=_("Tog emot remissen; %(coach)s är arbetscoach") % {"coach": coach},
            changes={
                "individual_assessment": individual_assessment,
                "room_and_demand": str(room_and_demand),
            }
            if individual_assessment or room_and_demand is not None
            else None,
        )
    return case


def _change_status(referral: Referral, expected_version: int | None, **values: Any) -> None:
    if not referral.is_awaiting_decision:
        raise DecisionConflictError(referral)
    expected = referral.version if expected_version is None else expected_version
    for name, value in values.items():
        setattr(referral, name, value)
    try:
        save_with_version(referral, expected_version=expected, fields=list(values))
    except EditConflictError as conflict:
        raise DecisionConflictError(conflict.current) from conflict  # type: ignore[arg-type]


@contextmanager
def _restored_on_failure(referral: Referral) -> Iterator[None]:
    """Put the referral's status fields back in memory when the transaction rolls back."""
    saved = {name: getattr(referral, name) for name in (*DECISION_FIELDS, "version")}
    try:
        yield
    except BaseException:
        for name, value in saved.items():
            setattr(referral, name, value)
        raise


def _submission_errors(
    *,
    actor: "User",
    participant: "Participant",
    receiving_unit: "Unit",
    version: "GuidelineVersion",
    groups: list["TargetGroup"],
    reason: str,
    goal: str,
    dates: dict[str, date | None],
    today: date,
    consent_parties: Sequence[str],
    consent_scopes: Sequence[str],
    consent_given_on: date | None,
    consent_form: str,
    answers: Mapping[str, str],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        messages = errors.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    if (
        receiving_unit.organisation_id != actor.organisation_id
        or not receiving_unit.runs_support
        or not receiving_unit.is_active
    ):
        add("receiving_unit", _("Välj en enhet i din organisation som tar emot remisser."))
    if not reason:
        add("reason", _("Skriv varför personen remitteras."))
    if not goal:
        add("goal", _("Skriv vilket mål insatsen ska ha."))
    if not groups:
        add("target_groups", _("Välj minst en målgrupp."))
    elif any(group.version_id != version.pk for group in groups):
        add(
            "target_groups",
            _("Riktlinjen har ändrats sedan formuläret öppnades. Välj målgrupperna igen."),
        )
    for field, value in dates.items():
        if value is not None and value > today:
            add(field, _("Datumet kan inte ligga i framtiden."))
    if any(party not in ConsentParty.values for party in consent_parties):
        add("consent_parties", _("Välj parter ur listan."))
    if consent_parties and consent_given_on is None:
        add("consent_given_on", _("Ange när samtycket gavs."))
    if consent_given_on is not None and not consent_parties:
        add("consent_parties", _("Välj vilka parter samtycket gäller."))
    if any(scope not in ConsentScope.values for scope in consent_scopes):
        add("consent_scopes", _("Välj vad samtycket omfattar ur listan."))
    elif consent_parties and not consent_scopes:
        add("consent_scopes", _("Välj vad parterna får ta del av."))
    elif consent_scopes and not consent_parties:
        add("consent_parties", _("Välj vilka parter samtycket gäller."))
    if consent_form and consent_form not in ConsentForm.values:
        add("consent_form", _("Välj hur samtycket gavs: skriftligt, muntligt eller digitalt."))
    elif consent_parties and not consent_form:
        add("consent_form", _("Ange om samtycket är skriftligt, muntligt eller digitalt."))
    questions = {c.code: c for c in version.criteria.all() if c.kind == CriterionKind.QUESTION}
    for code, answer in answers.items():
        if code not in questions or answer not in Answer.values:
            add(ANSWER_FIELD_PREFIX + code, _("Svara ja, nej eller oklart."))
    for code in questions:
        if code not in answers:
            add(ANSWER_FIELD_PREFIX + code, _("Besvara frågan (välj oklart om du inte vet)."))
    pending = Referral.objects.filter(
        participant=participant, receiving_unit=receiving_unit, status=ReferralStatus.SUBMITTED
    )
    if pending.exists():
        add(NON_FIELD_ERRORS, _("Det finns redan en remiss för personen som väntar på besked."))
    elif (
        Case.objects.filter(participant=participant, unit=receiving_unit)
        .exclude(status=CaseStatus.CLOSED)
        .exists()
    ):
        add(NON_FIELD_ERRORS, _("Personen har redan ett pågående ärende på den enheten."))
    return errors
