"""Writes for surveys: building questionnaires, sending them, and answering them.

Anonymous answers: `response_submit` stores a Response with a random key, the month and the
answers — no participant, no invitation, no time of day — and marks the invitation used in the
same transaction. The audit record of an anonymous answer names the invitation's use, never the
answer (docs/decisions/0010-participant-sign-in-and-surveys.md).
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import OPEN_CASE_STATUSES, CaseStatus
from lotsa.cases.models import Case
from lotsa.core.sms import send_sms
from lotsa.organisations.models import User
from lotsa.surveys import policy
from lotsa.surveys.constants import (
    INVITATION_DAYS,
    THREE_MONTHS_DAYS,
    InvitationReason,
    QuestionKind,
    SurveyTrigger,
)
from lotsa.surveys.models import Answer, Invitation, Question, Response, Survey

TEMPLATES_FILE = Path(__file__).parent / "data" / "templates.json"
TEMPLATE_KEYS = ("exit", "rating")
MAX_CHOICES = 12
MAX_TEXT_ANSWER = 2000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Building questionnaires ---------------------------------------------------------------


def survey_create(
    *,
    actor: User,
    name: str,
    intro: str = "",
    is_anonymous: bool = True,
    trigger: str = SurveyTrigger.MANUAL,
) -> Survey:
    if not policy.can_manage_surveys(actor):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Ge enkäten ett namn.")})
    if Survey.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
        raise ValidationError({"name": _("Det finns redan en enkät med det namnet.")})
    if trigger not in SurveyTrigger.values:
        raise ValidationError({"trigger": _("Välj när enkäten skickas.")})
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation_id=actor.organisation_id,
            name=name,
            intro=intro.strip(),
            is_anonymous=is_anonymous,
            trigger=trigger,
            created_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=survey, summary=name)
    return survey


def _refuse_if_sent(survey: Survey) -> None:
    if survey.invitations.exists() or survey.responses.exists():
        raise ValidationError(
            _("Enkäten har redan skickats ut. Frågorna kan inte ändras; gör en ny enkät.")
        )


def _clean_choices(kind: str, choices: list[str]) -> list[str]:
    cleaned = [choice.strip() for choice in choices if choice.strip()]
    if kind != QuestionKind.SINGLE_CHOICE:
        return []
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Skriv minst två svarsalternativ, ett per rad.")})
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError({"choices": _("Högst tolv svarsalternativ.")})
    if len({choice.lower() for choice in cleaned}) != len(cleaned):
        raise ValidationError({"choices": _("Samma svarsalternativ står två gånger.")})
    if any(len(choice) > 200 for choice in cleaned):
        raise ValidationError({"choices": _("Ett svarsalternativ får vara högst 200 tecken.")})
    return cleaned


def question_add(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    low_label: str = "",
    high_label: str = "",
    is_required: bool = False,
) -> Question:
    if not policy.can_edit_survey(actor, survey):
        raise PermissionDenied
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Välj en typ av fråga.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv frågan.")})
    cleaned = _clean_choices(kind, choices or [])
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        _refuse_if_sent(survey)
        last = survey.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question.objects.create(
            survey=survey,
            position=last + 1,
            kind=kind,
            text=text,
            choices=cleaned,
            low_label=low_label.strip() if kind == QuestionKind.SCALE else "",
            high_label=high_label.strip() if kind == QuestionKind.SCALE else "",
            is_required=is_required,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=question,
            summary=_("Fråga i enkäten %(survey)s") % {"survey": survey.name},
        )
    return question


def question_remove(*, actor: User, question: Question) -> None:
    survey = question.survey
    if not policy.can_edit_survey(actor, survey):
        raise PermissionDenied
    with transaction.atomic():
        _refuse_if_sent(survey)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=question,
            summary=_("Fråga i enkäten %(survey)s") % {"survey": survey.name},
        )
        question.delete()


def survey_templates() -> dict[str, dict[str, Any]]:
    with TEMPLATES_FILE.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return data


def survey_install_template(*, actor: User, key: str) -> Survey:
    """Install one of the shipped questionnaires (`exit`, `rating`) in the actor's organisation."""
    templates = survey_templates()
    if key not in templates:
        raise ValidationError({"template": _("Okänd mall.")})
    template = templates[key]
    with transaction.atomic():
        survey = survey_create(
            actor=actor,
            name=template["name"],
            intro=template.get("intro", ""),
            is_anonymous=template.get("is_anonymous", True),
            trigger=template.get("trigger", SurveyTrigger.MANUAL),
        )
        for item in template["questions"]:
            question_add(
                actor=actor,
                survey=survey,
                kind=item["kind"],
                text=item["text"],
                choices=item.get("choices", []),
                low_label=item.get("low_label", ""),
                high_label=item.get("high_label", ""),
                is_required=item.get("is_required", False),
            )
    return survey


# --- Sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str


def _create_invitation(
    *, survey: Survey, case: Case, reason: str, sent_by: User | None, today: date
) -> SentInvitation:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        survey=survey,
        participant_id=case.participant_id,
        case=case,
        reason=reason,
        token_hash=token_hash(token),
        sent_by=sent_by,
        expires_on=today + timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        actor=sent_by,
        action=AuditAction.CREATE,
        obj=invitation,
        participant=case.participant,
        organisation_id=case.organisation_id,
        summary=_("Enkäten %(survey)s skickad (%(reason)s)")
        % {"survey": survey.name, "reason": invitation.get_reason_display()},
    )
    return SentInvitation(invitation, token)


def answer_url(token: str) -> str:
    base = settings.LOTSA_PUBLIC_URL.rstrip("/")
    return base + reverse("surveys:answer", kwargs={"token": token})


def _deliver(sent: SentInvitation, case: Case) -> None:
    """E-mail or text the link when the person has an address; it also shows on Mina sidor."""
    participant = case.participant
    message = _(
        "Vi vill gärna veta vad du tycker om stödet. Svara på enkäten %(survey)s här: %(url)s "
        "Länken fungerar en gång, till och med %(date)s."
    ) % {
        "survey": sent.invitation.survey.name,
        "url": answer_url(sent.token),
        "date": sent.invitation.expires_on.isoformat(),
    }
    if participant.email:
        send_mail(
            _("En enkät om ditt stöd"), message, settings.DEFAULT_FROM_EMAIL, [participant.email]
        )
    elif participant.phone:
        send_sms(participant.phone, message)


def invitation_send(
    *, actor: User, survey: Survey, case: Case, deliver: bool = True
) -> SentInvitation:
    """A coach sends a survey to the person of a case by hand (by e-mail or text message when
    `deliver`; it always shows on the person's own pages)."""
    if not policy.can_send_by_hand(actor, case):
        raise PermissionDenied
    if survey.organisation_id != case.organisation_id or not survey.is_active:
        raise ValidationError({"survey": _("Välj en av organisationens aktiva enkäter.")})
    if not survey.questions.exists():
        raise ValidationError({"survey": _("Enkäten har inga frågor ännu.")})
    with transaction.atomic():
        sent = _create_invitation(
            survey=survey,
            case=case,
            reason=InvitationReason.MANUAL,
            sent_by=actor,
            today=timezone.localdate(),
        )
    if deliver:
        _deliver(sent, case)
    return sent


def send_due_surveys(*, today: date | None = None) -> dict[str, int]:
    """Send every event survey that is due and not yet sent; safe to run again and again.

    At closure: cases closed within the last INVITATION_DAYS days (and not before the survey
    existed). After three months: open cases that started at least THREE_MONTHS_DAYS days ago
    and reached that point no more than INVITATION_DAYS before the survey existed. A unique
    constraint on (survey, case, reason) keeps a second run — or two at once — from sending
    twice.
    """
    today = today or timezone.localdate()
    counts = {"sent": 0, "skipped": 0}
    surveys = Survey.objects.filter(
        is_active=True, trigger__in=(SurveyTrigger.CLOSURE, SurveyTrigger.THREE_MONTHS)
    ).exclude(questions=None)
    for survey in surveys.distinct():
        if survey.trigger == SurveyTrigger.CLOSURE:
            reason = InvitationReason.CLOSURE
            cases = Case.objects.filter(
                status=CaseStatus.CLOSED,
                closed_on__gte=max(
                    today - timedelta(days=INVITATION_DAYS), survey.created_at.date()
                ),
                closed_on__lte=today,
            )
        else:
            reason = InvitationReason.THREE_MONTHS
            # Reached three months on or after the day the survey was made (with the same grace
            # as closures), so installing a survey does not ask everyone in long support at once.
            cases = Case.objects.filter(
                status__in=OPEN_CASE_STATUSES,
                start_date__lte=today - timedelta(days=THREE_MONTHS_DAYS),
                start_date__gte=survey.created_at.date()
                - timedelta(days=THREE_MONTHS_DAYS + INVITATION_DAYS),
            )
        due = (
            cases.filter(organisation_id=survey.organisation_id)
            .exclude(survey_invitations__survey=survey, survey_invitations__reason=reason)
            .select_related("participant")
            .order_by("id")
        )
        for case in due:
            try:
                with transaction.atomic():
                    sent = _create_invitation(
                        survey=survey, case=case, reason=reason, sent_by=None, today=today
                    )
            except IntegrityError:  # a parallel run sent it first
                counts["skipped"] += 1
                continue
            _deliver(sent, case)
            counts["sent"] += 1
    return counts


# --- Answering -------------------------------------------------------------------------------


class InvitationUnusableError(ValidationError):
    """An unknown, expired or already used survey link."""


def invitation_by_token(token: str) -> Invitation:
    """The invitation of a link, or InvitationUnusableError with a clear Swedish message."""
    invitation = (
        Invitation.objects.filter(token_hash=token_hash(token or ""))
        .select_related("survey")
        .first()
    )
    check_usable(invitation)
    assert invitation is not None  # noqa: S101 — check_usable refused None
    return invitation


def check_usable(invitation: Invitation | None) -> None:
    if invitation is None:
        raise InvitationUnusableError(
            _("Länken fungerar inte. Kontrollera att du har fått med hela länken.")
        )
    if invitation.is_used:
        raise InvitationUnusableError(
            _("Du har redan svarat på den här enkäten. Tack för dina svar!")
        )
    if invitation.expires_on < timezone.localdate():
        raise InvitationUnusableError(
            _("Tiden för att svara på enkäten har gått ut. Hör av dig till din arbetscoach.")
        )
    if not invitation.survey.is_active:
        raise InvitationUnusableError(_("Enkäten är stängd."))


def clean_answers(survey: Survey, raw: dict[int, Any]) -> dict[int, dict[str, Any]]:
    """Turn submitted values ({question id: value}) into Answer fields; ValidationError keyed
    by `q<id>` for each bad or missing answer."""
    errors: dict[str, str] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    for question in survey.questions.all():
        value = raw.get(question.pk)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if question.is_required:
                errors[f"q{question.pk}"] = _("Svara på frågan.")
            continue
        if question.kind == QuestionKind.SCALE:
            if str(value) not in {"1", "2", "3", "4", "5"}:
                errors[f"q{question.pk}"] = _("Välj ett värde från 1 till 5.")
                continue
            cleaned[question.pk] = {"scale": int(value)}
        elif question.kind == QuestionKind.YES_NO:
            if value not in ("yes", "no"):
                errors[f"q{question.pk}"] = _("Välj ja eller nej.")
                continue
            cleaned[question.pk] = {"yes": value == "yes"}
        elif question.kind == QuestionKind.SINGLE_CHOICE:
            if value not in question.choices:
                errors[f"q{question.pk}"] = _("Välj ett av svarsalternativen.")
                continue
            cleaned[question.pk] = {"choice": value}
        else:
            if len(str(value)) > MAX_TEXT_ANSWER:
                errors[f"q{question.pk}"] = _("Svaret får vara högst 2000 tecken.")
                continue
            cleaned[question.pk] = {"text": str(value).replace("\x00", "")}
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Svara på minst en fråga."))
    return cleaned


def response_submit(
    *, invitation: Invitation, answers: dict[int, Any], actor: User | None = None
) -> Response:
    """Store the answers of an invitation, once. `actor` is the signed-in participant when they
    answer on Mina sidor; a link answers without anyone signed in."""
    if actor is not None and actor.is_authenticated:
        own = getattr(getattr(actor, "participant_account", None), "participant_id", None)
        if own != invitation.participant_id:
            raise PermissionDenied
    survey = invitation.survey
    cleaned = clean_answers(survey, answers)
    today = timezone.localdate()
    with transaction.atomic():
        # Spend the invitation first, conditionally: two submissions at once store one answer.
        spent = Invitation.objects.filter(
            pk=invitation.pk, is_used=False, expires_on__gte=today
        ).update(is_used=True)
        if not spent:
            invitation.refresh_from_db()
            check_usable(invitation)
            raise InvitationUnusableError(_("Enkäten kan inte besvaras."))
        anonymous = survey.is_anonymous
        response = Response.objects.create(
            survey=survey,
            month=today.replace(day=1),
            participant_id=None if anonymous else invitation.participant_id,
            invitation=None if anonymous else invitation,
        )
        Answer.objects.bulk_create(
            Answer(response=response, question_id=question_id, **fields)
            for question_id, fields in cleaned.items()
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=invitation,
            participant=invitation.participant,
            organisation_id=survey.organisation_id,
            summary=(
                _("Svarade anonymt på enkäten %(survey)s")
                if anonymous
                else _("Svarade på enkäten %(survey)s")
            )
            % {"survey": survey.name},
        )
    return response
