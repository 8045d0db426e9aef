"""Writes for applications and formal decisions; each with policy, transaction and audit.

The Stockholm form (seeds/002): the application is first rejected under 4 kap. 1 § SoL with the
guideline's standard motivation, then tried under 4 kap. 2 § SoL against the criteria the board
decided. A granted decision is the way in to the support: it sends a referral into the receiving
unit's intake queue through referrals.services, and the manager assigns a coach as usual.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.core.concurrency import save_with_version
from lotsa.core.dates import add_months
from lotsa.decisions import policy
from lotsa.decisions.constants import (
    REMINDER_THRESHOLDS,
    ApplicationStatus,
    DecisionAct,
    DecisionKind,
    DecisionOutcome,
    Delegate,
    LegalBasis,
    Reply,
    SpecialReason,
    SupportKind,
)
from lotsa.decisions.models import (
    Application,
    Decision,
    Delegation,
    ParallelSupport,
    ReminderSent,
)
from lotsa.guidelines.constants import CriterionKind, Eligibility
from lotsa.guidelines.evaluation import Evaluation, Facts
from lotsa.guidelines.queries import version_evaluate
from lotsa.jobs import outbox
from lotsa.organisations.constants import Role
from lotsa.referrals.services import referral_submit

if TYPE_CHECKING:
    from lotsa.guidelines.models import GuidelineVersion, TargetGroup
    from lotsa.organisations.models import Unit, User
    from lotsa.people.models import Participant

ANSWER_FIELD_PREFIX = "answer_"
ASSESSMENT_FIELDS = ("life_situation", "support_needs", "goals")


def _too_long(add: Any, **values: tuple[str, int]) -> None:
    """Refuse text longer than its column, next to the field (forms check too; services must)."""
    for field, (value, limit) in values.items():
        if len(value.strip()) > limit:
            add(field, _("Högst %(limit)d tecken.") % {"limit": limit})


def default_period(version: "GuidelineVersion", valid_from: date) -> date | None:
    """The default last day of a decision starting `valid_from` (None: no time limit)."""
    if version.time_limit_months is None:
        return None
    return add_months(valid_from, version.time_limit_months) - timedelta(days=1)


def latest_end_without_special_reasons(
    version: "GuidelineVersion", valid_from: date
) -> date | None:
    """The last day a period starting `valid_from` may reach without special reasons."""
    months = version.longest_months
    if months is None:
        return None
    return add_months(valid_from, months) - timedelta(days=1)


def application_facts(application: Application, groups: Iterable["TargetGroup"]) -> Facts:
    """What the evaluation needs: age on the day the application came in, groups, answers."""
    return Facts(
        on=application.received_on,
        birth_date=application.participant.birth_date,
        target_group_codes=frozenset(group.code for group in groups),
        answers={
            code: str(value.get("answer", ""))
            for code, value in (application.answers or {}).items()
        },
    )


def application_evaluate(application: Application) -> Evaluation:
    return version_evaluate(
        application.guideline_version,
        application_facts(application, application.target_groups.all()),
    )


def application_create(
    *,
    actor: "User",
    participant: "Participant",
    guideline_version: "GuidelineVersion",
    received_on: date,
    today: date,
    continues: Decision | None = None,
) -> Application:
    """Record that `participant` applied for the support of `guideline_version`."""
    if not policy.can_apply(actor):
        raise PermissionDenied
    if not policy.can_apply_for(actor, participant):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if (
        guideline_version.guideline.organisation_id != actor.organisation_id
        or not guideline_version.is_published
        or not guideline_version.guideline.uses_formal_decisions
    ):
        errors["guideline_version"] = [
            _("Välj en publicerad riktlinje i din organisation som beviljas genom beslut.")
        ]
    if received_on > today:
        errors["received_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if continues is not None and (
        continues.participant_id != participant.pk or not continues.is_granted
    ):
        errors["continues"] = [_("Välj ett beviljat beslut för samma person.")]
    if errors:
        raise ValidationError(errors)
    application = Application(
        organisation_id=actor.organisation_id,
        participant=participant,
        referrer=actor,
        unit_id=actor.unit_id,
        guideline_version=guideline_version,
        received_on=received_on,
        continues=continues,
    )
    return audited_create(
        actor=actor,
        instance=application,
        participant=participant,
        summary=_("Registrerade ansökan om %(guideline)s")
        % {"guideline": guideline_version.guideline.name},
    )


def application_investigate(
    *,
    actor: "User",
    application: Application,
    expected_version: int,
    target_groups: Sequence["TargetGroup"],
    answers: Mapping[str, tuple[str, str]],
    consultation_on: date | None = None,
    consultation_with: str = "",
    consultation_summary: str = "",
    life_situation: str = "",
    support_needs: str = "",
    goals: str = "",
    today: date,
) -> Application:
    """Save the investigation: target groups, each question's answer and comment, the
    consultation and the assessment. Unanswered questions may wait; the decision needs them."""
    if not policy.can_handle_application(actor, application, on=today):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if application.status != ApplicationStatus.OPEN:
        raise ValidationError(_("Ansökan är redan beslutad och kan inte ändras."))
    version = application.guideline_version
    if any(group.version_id != version.pk for group in target_groups):
        errors["target_groups"] = [_("Välj målgrupper ur ansökans riktlinje.")]
    questions = {c.code for c in version.criteria.all() if c.kind == CriterionKind.QUESTION}
    stored: dict[str, dict[str, str]] = {}
    for code, (answer, comment) in answers.items():
        if code not in questions:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Kriteriet %(code)s finns inte i riktlinjen.") % {"code": code}
            )
            continue
        if answer and answer not in Reply.values:
            errors[ANSWER_FIELD_PREFIX + code] = [_("Svara ja, nej eller oklart.")]
            continue
        if answer:
            stored[code] = {"answer": answer, "comment": comment.strip()}
    if consultation_on is not None and consultation_on > today:
        errors["consultation_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if consultation_on is not None and not consultation_with.strip():
        errors["consultation_with"] = [_("Ange vem samrådet var med.")]
    if consultation_with.strip() and consultation_on is None:
        errors["consultation_on"] = [_("Ange när samrådet ägde rum.")]
    _too_long(
        lambda field, message: errors.setdefault(field, []).append(message),
        consultation_with=(consultation_with, 200),
    )
    if errors:
        raise ValidationError(errors)
    values = {
        "answers": stored,
        "consultation_on": consultation_on,
        "consultation_with": consultation_with.strip(),
        "consultation_summary": consultation_summary.strip(),
        "life_situation": life_situation.strip(),
        "support_needs": support_needs.strip(),
        "goals": goals.strip(),
    }
    with transaction.atomic():
        for name, value in values.items():
            setattr(application, name, value)
        save_with_version(application, expected_version=expected_version, fields=list(values))
        application.target_groups.set(target_groups)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=application,
            participant=application.participant,
            summary=_("Sparade utredningen av ansökan"),
        )
    return application


def decision_problems(application: Application) -> list[str]:
    """Why the application cannot be decided yet (any outcome), in Swedish; empty when ready."""
    version = application.guideline_version
    problems = []
    answered = application.answers or {}
    missing = [
        criterion.label
        for criterion in version.criteria.all()
        if criterion.kind == CriterionKind.QUESTION
        and answered.get(criterion.code, {}).get("answer") not in Reply.values
    ]
    if missing:
        problems.append(
            _("Alla kriterier måste vara besvarade innan beslut. Obesvarade: %(labels)s")
            % {"labels": "; ".join(missing)}
        )
    if not application.target_groups.exists():
        problems.append(_("Välj personens målgrupp innan beslut."))
    if not all(getattr(application, name).strip() for name in ASSESSMENT_FIELDS):
        problems.append(
            _("Skriv bedömningen (livssituation, stödbehov och målsättning) innan beslut.")
        )
    return problems


def decision_make(
    *,
    actor: "User",
    application: Application,
    outcome: str,
    decided_on: date,
    delegation: str,
    support_type: str = "",
    first_step_motivation: str = "",
    motivation: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    special_reason: str = "",
    special_reason_text: str = "",
    informed_on: date | None = None,
    informed_about: Sequence[str] = (),
    receiving_unit: "Unit | None" = None,
    today: date,
) -> Decision:
    """Decide the application. Refused with field errors, nothing saved, when: a criterion is
    unanswered, the assessment or a required consultation is missing, a grant contradicts a
    criterion that is not met, the period is longer than the guideline allows without special
    reasons, or a rejection lacks the information the person must be given."""
    if not policy.can_handle_application(actor, application, on=today):
        raise PermissionDenied
    version = application.guideline_version
    if application.status != ApplicationStatus.OPEN:
        raise ValidationError(_("Ansökan är redan beslutad."))
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for problem in decision_problems(application):
        add(NON_FIELD_ERRORS, problem)
    if outcome not in DecisionOutcome.values:
        add("outcome", _("Välj om insatsen beviljas eller avslås."))
    else:
        act = DecisionAct.GRANT if outcome == DecisionOutcome.GRANTED else DecisionAct.REJECT
        delegation = _delegation_text(actor, application, act, decided_on, delegation, add)
    _too_long(add, delegation=(delegation, 200), support_type=(support_type, 300))
    if decided_on > today:
        add("decided_on", _("Beslutsdatumet kan inte ligga i framtiden."))
    if decided_on < application.received_on:
        add("decided_on", _("Beslutet kan inte fattas före ansökan."))
    first_step_motivation = (first_step_motivation or version.standard_motivation).strip()
    if version.guideline.uses_formal_decisions and not first_step_motivation:
        add(
            "first_step_motivation",
            _("Skriv motiveringen för avslaget enligt 4 kap. 1 § SoL."),
        )
    evaluation = application_evaluate(application) if not errors else None
    granted = outcome == DecisionOutcome.GRANTED
    open_case: Case | None = None
    if granted:
        motivation = (motivation or version.grant_text).strip()
        if evaluation is not None and evaluation.eligibility == Eligibility.NOT_MET:
            add(
                "outcome",
                _("Insatsen kan inte beviljas: minst ett kriterium är inte uppfyllt."),
            )
        if version.requires_consultation and not application.has_consultation:
            add(
                NON_FIELD_ERRORS,
                _("Riktlinjen kräver samråd med %(with)s innan insatsen beviljas.")
                % {"with": version.consultation_with or _("arbetscoach eller arbetsspecialist")},
            )
        if receiving_unit is None or not (
            receiving_unit.organisation_id == actor.organisation_id
            and receiving_unit.runs_support
            and receiving_unit.is_active
        ):
            add("receiving_unit", _("Välj den enhet som ska ge stödet."))
        elif application.continues is not None:
            open_case = _open_case_at(application, receiving_unit)
        _check_period(
            version,
            valid_from,
            valid_to,
            special_reason,
            special_reason_text,
            add,
            start_of_chain=valid_from,
        )
    else:
        motivation = (motivation or version.rejection_text).strip()
        valid_from = valid_to = None
        special_reason = special_reason_text = ""
        required = [code for code, _text in version.required_information]
        if informed_on is None:
            add(
                "informed_on",
                _("Ange när personen informerades; ett avslag kan inte sparas utan det."),
            )
        elif informed_on > today:
            add("informed_on", _("Datumet kan inte ligga i framtiden."))
        lacking = [code for code in required if code not in informed_about]
        if lacking:
            add(
                "informed_about",
                _("Personen ska informeras om allt riktlinjen kräver vid avslag."),
            )
    if not motivation:
        add("motivation", _("Skriv en motivering."))
    continued = application.continues
    if (
        continued is not None
        and continued.guideline_version.continuation_requires_consultation
        and not application.has_consultation
    ):
        add(
            NON_FIELD_ERRORS,
            _(
                "Fortsatt insats efter %(guideline)s kräver en ny bedömning "
                "efter samråd med %(with)s."
            )
            % {
                "guideline": continued.guideline_version.guideline.name,
                "with": continued.guideline_version.consultation_with or _("jobbcoach"),
            },
        )
    if errors:
        raise ValidationError(errors)
    assert evaluation is not None
    results = _results_with_answers(application, evaluation)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.OPEN or locked.version != application.version:
            raise ValidationError(
                _("Någon annan har ändrat ansökan. Öppna den igen och kontrollera uppgifterna.")
            )
        decision = Decision.objects.create(
            organisation_id=application.organisation_id,
            application=application,
            participant_id=application.participant_id,
            guideline_version=version,
            kind=DecisionKind.INITIAL,
            outcome=outcome,
            legal_basis=LegalBasis.SOL_4_2,
            first_step_motivation=first_step_motivation,
            support_type=(support_type or version.support_type or version.guideline.name).strip(),
            motivation=motivation,
            criteria_results=results,
            decided_by=actor,
            delegation=delegation.strip(),
            decided_on=decided_on,
            valid_from=valid_from,
            valid_to=valid_to,
            special_reason=special_reason,
            special_reason_text=special_reason_text.strip(),
            informed_on=informed_on if not granted else None,
            informed_about=list(informed_about) if not granted else [],
        )
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DECIDED)
        application.status = ApplicationStatus.DECIDED
        if granted and open_case is not None:
            # Continuing after Insteg while the person's case at the unit is still open: the
            # decision belongs to that case; a new referral would be refused (one open case).
            decision.case = open_case
            decision.save(update_fields=["case"])
        elif granted:
            assert receiving_unit is not None
            decision.referral = _refer(actor, application, receiving_unit)
            decision.save(update_fields=["referral"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=decision,
            participant=application.participant,
            summary=_("Beslut: %(outcome)s %(support)s")
            % {"outcome": decision.get_outcome_display(), "support": decision.support_type},
            changes={"valid_from": str(valid_from), "valid_to": str(valid_to)},
        )
    return decision


def _results_with_answers(application: Application, evaluation: Evaluation) -> list[dict]:
    answers = application.answers or {}
    results = []
    for result in evaluation.as_list():
        answer = answers.get(result["code"], {})
        results.append(
            {**result, "answer": answer.get("answer", ""), "comment": answer.get("comment", "")}
        )
    return results


def _delegation_text(
    actor: "User",
    application: Application,
    act: str,
    decided_on: date,
    delegation: str,
    add: Any,
) -> str:
    """Check the register for `act` on the decision day; the row's reference fills an empty
    delegation field."""
    row = policy.delegation_for(actor, application, act, on=decided_on)
    if row is None:
        add(
            "outcome" if act != DecisionAct.EXTEND else "decided_on",
            _(
                "Du har inte delegation att %(act)s den %(date)s. Delegationsregistret anger "
                "vem som får fatta beslutet; kontakta administratören."
            )
            % {"act": DecisionAct(act).label.lower(), "date": decided_on.isoformat()},
        )
        return delegation.strip()
    text = delegation.strip() or row.reference.strip()
    if not text:
        add("delegation", _("Ange enligt vilken delegation du beslutar."))
    return text


def _open_case_at(application: Application, unit: "Unit") -> Case | None:
    """The person's case at `unit` that is not closed, if any."""
    return (
        Case.objects.filter(participant_id=application.participant_id, unit=unit)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-start_date", "-pk")
        .first()
    )


def decision_attach_to_opened_case(*, case: Case) -> None:
    """A case opened from a decision's referral: the decision and its extensions now belong to
    the case (decisions.extensions runs this inside the case-opening transaction)."""
    if case.referral_id is None:
        return
    behind = Decision.objects.filter(referral_id=case.referral_id).values("application_id")
    Decision.objects.filter(application_id__in=behind, case__isnull=True).update(case=case)


def _refer(actor: "User", application: Application, receiving_unit: "Unit") -> Any:
    """Send the granted support into the unit's intake queue: the one way in."""

    answers = {
        code: str(value.get("answer", "")) for code, value in (application.answers or {}).items()
    }
    try:
        return referral_submit(
            actor=actor,
            participant=application.participant,
            receiving_unit=receiving_unit,
            target_groups=list(application.target_groups.all()),
            reason=application.support_needs,
            goal=application.goals,
            answers=answers,
            free_text=_("Beviljat genom beslut enligt 4 kap. 2 § SoL (ansökan %(id)s).")
            % {"id": application.pk},
            guideline_version=application.guideline_version,
        )
    except ValidationError as error:
        messages = error.messages
        raise ValidationError(
            {
                "receiving_unit": [
                    _("Remissen till enheten kunde inte skapas: ") + m for m in messages
                ]
            }
        ) from error


def _check_period(
    version: "GuidelineVersion",
    valid_from: date | None,
    valid_to: date | None,
    special_reason: str,
    special_reason_text: str,
    add: Any,
    *,
    start_of_chain: date | None,
) -> None:
    if valid_from is None:
        add("valid_from", _("Ange från vilket datum beslutet gäller."))
    if valid_to is None:
        add("valid_to", _("Ange till vilket datum beslutet gäller."))
    if valid_from is None or valid_to is None or start_of_chain is None:
        return
    if valid_to < valid_from:
        add("valid_to", _("Slutdatumet kan inte vara före startdatumet."))
        return
    latest = latest_end_without_special_reasons(version, start_of_chain)
    beyond = latest is not None and valid_to > latest
    if version.period_is_fixed:
        # Insteg: "en instegsperiod om fyra månader". No special reason stretches it;
        # continuing is a new application and a new assessment.
        if beyond:
            add(
                "valid_to",
                _(
                    "%(guideline)s gäller högst %(months)d månader, längst till %(date)s. "
                    "Särskilda skäl kan inte förlänga perioden; fortsatt insats kräver en ny "
                    "ansökan."
                )
                % {
                    "guideline": version.guideline.name,
                    "months": version.longest_months,
                    "date": latest.isoformat() if latest else "",
                },
            )
        if special_reason or special_reason_text.strip():
            add(
                "special_reason",
                _("Särskilda skäl gäller inte för %(guideline)s; perioden är fast.")
                % {"guideline": version.guideline.name},
            )
        return
    if special_reason and special_reason not in SpecialReason.values:
        add("special_reason", _("Välj ett skäl ur listan."))
    if beyond and not special_reason:
        add(
            "special_reason",
            _(
                "Perioden är längre än riktlinjens %(months)d månader (längst till %(date)s). "
                "Ange särskilda skäl."
            )
            % {"months": version.longest_months, "date": latest.isoformat() if latest else ""},
        )
    if (beyond or special_reason) and not special_reason_text.strip():
        add("special_reason_text", _("Motivera de särskilda skälen."))


def decision_extend(
    *,
    actor: "User",
    decision: Decision,
    valid_to: date,
    decided_on: date,
    delegation: str,
    motivation: str,
    special_reason: str = "",
    special_reason_text: str = "",
    today: date,
) -> Decision:
    """Extend a granted decision. Past the guideline's longest period only with special reasons;
    a support whose continuation needs a new assessment (Insteg) cannot be extended: it needs a
    new application with the coach's consultation recorded."""
    application = decision.application
    if not policy.can_handle_application(actor, application, on=today):
        raise PermissionDenied
    version = decision.guideline_version
    if not decision.is_granted or Decision.objects.filter(extends=decision).exists():
        raise ValidationError(_("Bara det senaste beviljade beslutet kan förlängas."))
    if version.continuation_requires_consultation:
        raise ValidationError(
            _(
                "%(guideline)s kan inte förlängas. Fortsatt insats kräver en ny ansökan och en "
                "ny bedömning efter samråd med %(with)s."
            )
            % {
                "guideline": version.guideline.name,
                "with": version.consultation_with or _("jobbcoach"),
            }
        )
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    assert decision.valid_to is not None
    root = decision
    while root.extends_id is not None:
        root = Decision.objects.get(pk=root.extends_id)
    if valid_to <= decision.valid_to:
        add("valid_to", _("Det nya slutdatumet ska vara efter det nuvarande."))
    delegation = _delegation_text(
        actor, application, DecisionAct.EXTEND, decided_on, delegation, add
    )
    _too_long(add, delegation=(delegation, 200))
    if not motivation.strip():
        add("motivation", _("Skriv en motivering."))
    if decided_on > today:
        add("decided_on", _("Beslutsdatumet kan inte ligga i framtiden."))
    valid_from = decision.valid_to + timedelta(days=1)
    if not errors:
        _check_period(
            version,
            valid_from,
            valid_to,
            special_reason,
            special_reason_text,
            add,
            start_of_chain=root.valid_from,
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            extension = Decision.objects.create(
                organisation_id=decision.organisation_id,
                application=application,
                participant_id=decision.participant_id,
                guideline_version=version,
                kind=DecisionKind.EXTENSION,
                extends=decision,
                case_id=decision.case_id,
                outcome=DecisionOutcome.GRANTED,
                legal_basis=decision.legal_basis,
                first_step_motivation=decision.first_step_motivation,
                support_type=decision.support_type,
                motivation=motivation.strip(),
                criteria_results=decision.criteria_results,
                decided_by=actor,
                delegation=delegation.strip(),
                decided_on=decided_on,
                valid_from=valid_from,
                valid_to=valid_to,
                special_reason=special_reason,
                special_reason_text=special_reason_text.strip(),
            )
        except IntegrityError as error:
            raise ValidationError(_("Beslutet har redan förlängts av någon annan.")) from error
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=extension,
            participant=application.participant,
            summary=_("Förlängde beslutet till %(date)s") % {"date": valid_to.isoformat()},
            changes={"special_reason": special_reason},
        )
    return extension


def delegation_add(
    *,
    actor: "User",
    delegate: str,
    acts: Sequence[str],
    valid_from: date | None,
    valid_to: date | None = None,
    user: "User | None" = None,
    unit: "Unit | None" = None,
    reference: str = "",
) -> Delegation:
    """Add a row to the organisation's delegation register. The first row an organisation adds
    also writes out the standing rule (the handling officer decides everything), so adding a
    stand-in never silently takes the right away from the handling officers."""
    if not policy.can_manage_delegations(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if delegate not in Delegate.values:
        add("delegate", _("Välj vem delegationen gäller."))
    if delegate == Delegate.PERSON:
        if user is None:
            add("user", _("Välj den person som får besluta."))
        elif not (
            user.organisation_id == actor.organisation_id
            and user.is_active
            and user.role in (Role.REFERRER, Role.MANAGER)
        ):
            add("user", _("Välj en aktiv handläggare eller enhetschef i din organisation."))
    elif user is not None:
        add("user", _("Välj en person bara när delegationen gäller en namngiven person."))
    if unit is not None and unit.organisation_id != actor.organisation_id:
        add("unit", _("Välj en enhet i din organisation."))
    if not acts:
        add("acts", _("Välj minst ett slags beslut."))
    elif any(act not in DecisionAct.values for act in acts):
        add("acts", _("Välj beslut ur listan."))
    if valid_from is None:
        add("valid_from", _("Ange från vilket datum delegationen gäller."))
    elif valid_to is not None and valid_to < valid_from:
        add("valid_to", _("Slutdatumet kan inte vara före startdatumet."))
    _too_long(add, reference=(reference, 200))
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    with transaction.atomic():
        if not Delegation.objects.filter(organisation_id=actor.organisation_id).exists():
            standing = policy.STANDING_DELEGATION
            Delegation.objects.create(
                organisation_id=actor.organisation_id,
                delegate=standing.delegate,
                may_grant=True,
                may_reject=True,
                may_extend=True,
                valid_from=standing.valid_from,
                reference=_("Standard: ansvarig handläggare"),
                created_by=actor,
            )
        row = Delegation(
            organisation_id=actor.organisation_id,
            delegate=delegate,
            user=user if delegate == Delegate.PERSON else None,
            unit=unit,
            may_grant=DecisionAct.GRANT in acts,
            may_reject=DecisionAct.REJECT in acts,
            may_extend=DecisionAct.EXTEND in acts,
            valid_from=valid_from,
            valid_to=valid_to,
            reference=reference.strip(),
            created_by=actor,
        )
        return audited_create(
            actor=actor,
            instance=row,
            summary=lambda row: _("Lade till delegation: %(row)s") % {"row": row},
            changes={"acts": sorted(acts), "valid_to": str(valid_to)},
        )


def delegation_end(
    *, actor: "User", delegation: Delegation, valid_to: date | None, today: date
) -> Delegation:
    """End a row of the register on `valid_to`; rows are ended, never deleted, so the register
    still shows who had the right on the day of an old decision."""
    if not policy.can_manage_delegations(actor) or (
        delegation.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied
    if valid_to is None:
        raise ValidationError({"valid_to": _("Ange sista dagen delegationen gäller.")})
    if valid_to < delegation.valid_from:
        raise ValidationError({"valid_to": _("Slutdatumet kan inte vara före startdatumet.")})
    if delegation.valid_to is not None and delegation.valid_to < today:
        raise ValidationError({"valid_to": _("Delegationen har redan upphört.")})
    with transaction.atomic():
        delegation.valid_to = valid_to
        delegation.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=delegation,
            summary=_("Delegationen upphör %(date)s: %(row)s")
            % {"date": valid_to.isoformat(), "row": delegation},
        )
    return delegation


def parallel_support_add(
    *,
    actor: "User",
    participant: "Participant",
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
) -> ParallelSupport:
    """Record another support the person has; it informs the decision but never blocks it."""
    if not policy.can_record_parallel_support(actor, participant):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in SupportKind.values:
        errors["kind"] = [_("Välj ett stöd ur listan.")]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("Slutdatumet kan inte vara före startdatumet.")]
    if len(note.strip()) > 300:
        errors["note"] = [_("Högst %(limit)d tecken.") % {"limit": 300}]
    if errors:
        raise ValidationError(errors)
    support = ParallelSupport(
        organisation_id=participant.organisation_id,
        participant=participant,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        recorded_by=actor,
    )
    return audited_create(
        actor=actor,
        instance=support,
        participant=participant,
        summary=_("Registrerade parallellt stöd: %(kind)s") % {"kind": support.get_kind_display()},
    )


def send_reminders(*, today: date) -> int:
    """E-mail the responsible officer once per threshold (90, 60, 30 days) before a granted
    decision ends. Safe to run repeatedly: what was sent is stored, and a run that finds a
    decision past several thresholds records them all but sends one message. Returns the
    number of messages sent."""
    from lotsa.decisions.queries import current_decisions

    horizon = today + timedelta(days=max(REMINDER_THRESHOLDS))
    decisions = (
        current_decisions()
        .filter(valid_to__gte=today, valid_to__lte=horizon)
        .select_related("application__referrer", "guideline_version__guideline")
        .prefetch_related("reminders")
        .order_by("valid_to", "id")
    )
    sent = 0
    for decision in decisions:
        assert decision.valid_to is not None
        days_left = (decision.valid_to - today).days
        done = {reminder.threshold_days for reminder in decision.reminders.all()}
        due = [days for days in REMINDER_THRESHOLDS if days_left <= days and days not in done]
        if not due:
            continue
        officer = decision.application.referrer
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(decision=decision, threshold_days=days, recipient=officer)
                    for days in due
                )
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    obj=decision,
                    summary=_("Påminde %(officer)s: beslutet upphör om %(days)d dagar")
                    % {"officer": officer, "days": days_left},
                    organisation_id=decision.organisation_id,
                )
                if officer.email:
                    # No names in e-mail: the officer opens the decision in Lotsa. The message
                    # is queued with the record; the worker retries a failed send.
                    outbox.send_mail(
                        to=officer.email,
                        key=f"decision-reminder:{decision.pk}:{min(due)}",
                        subject=_("Ett beslut upphör om %(days)d dagar") % {"days": days_left},
                        message=_(
                            "Beslut %(id)s (%(guideline)s) gäller till %(date)s. Öppna Lotsa och "
                            "se listan över beslut som upphör för att planera fortsättningen."
                        )
                        % {
                            "id": decision.pk,
                            "guideline": decision.guideline_version.guideline.name,
                            "date": decision.valid_to.isoformat(),
                        },
                    )
        except IntegrityError:
            continue  # another run recorded it first and sent the message
        if officer.email:
            sent += 1
    return sent
