"""Writes for surveys: building questionnaires, sending them, and answering them.

Anonymous answers: `response_submit` marks the invitation used and stores the answers as a
`PendingResponse` — a random key and the answers, no participant, no invitation, no time — and
writes no audit record naming the person (docs/decisions/0010-*, 0016-*). `publish_responses`
(run nightly by `lotsa publish_survey_answers`, and when a survey closes) moves the waiting
answers of a survey into Response and Answer rows, in a random order and with the month of
publication, once at least PUBLICATION_BATCH of them are waiting; results read only those.
"""

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.cases.constants import OPEN_CASE_STATUSES, CaseStatus
from lotsa.cases.models import Case
from lotsa.core.languages import in_language_of
from lotsa.jobs import outbox
from lotsa.organisations.models import User
from lotsa.surveys import policy
from lotsa.surveys.constants import (
    INVITATION_DAYS,
    PUBLICATION_BATCH,
    THREE_MONTHS_DAYS,
    InvitationReason,
    QuestionKind,
    SurveyTrigger,
)
from lotsa.surveys.models import (
    Answer,
    Invitation,
    PendingResponse,
    Question,
    Response,
    Survey,
)

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
    survey = Survey(
        organisation_id=actor.organisation_id,
        name=name,
        intro=intro.strip(),
        is_anonymous=is_anonymous,
        trigger=trigger,
        created_by=actor,
    )
    return audited_create(actor=actor, instance=survey, summary=name)


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
        question = Question(
            survey=survey,
            position=last + 1,
            kind=kind,
            text=text,
            choices=cleaned,
            low_label=low_label.strip() if kind == QuestionKind.SCALE else "",
            high_label=high_label.strip() if kind == QuestionKind.SCALE else "",
            is_required=is_required,
        )
        return audited_create(
            actor=actor,
            instance=question,
            summary=_("Fråga i enkäten %(survey)s") % {"survey": survey.name},
        )


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


def survey_template_install(*, actor: User, key: str) -> Survey:
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
    invitation = Invitation(
        survey=survey,
        participant_id=case.participant_id,
        case=case,
        reason=reason,
        token_hash=token_hash(token),
        sent_by=sent_by,
        expires_on=today + timedelta(days=INVITATION_DAYS),
    )
    audited_create(
        actor=sent_by,
        instance=invitation,
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
    """E-mail or text the link when the person has an address; it also shows on Mina sidor.
    The text is in the language the person chose on Mina sidor; the survey's name stays as
    its author wrote it."""
    participant = case.participant
    with in_language_of(participant.page_language):
        message = _(
            "Vi vill gärna veta vad du tycker om stödet. Svara på enkäten %(survey)s här: "
            "%(url)s Länken fungerar en gång, till och med %(date)s."
        ) % {
            "survey": sent.invitation.survey.name,
            "url": answer_url(sent.token),
            "date": sent.invitation.expires_on.isoformat(),
        }
        subject = _("En enkät om ditt stöd")
    key = f"survey-invitation:{sent.invitation.pk}"
    if participant.email:
        outbox.send_mail(to=participant.email, subject=subject, message=message, key=key)
    elif participant.phone:
        outbox.send_sms(to=participant.phone, message=message, key=key)


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
) -> PendingResponse:
    """Store the answers of an invitation, once, to be published with others (decision 0016).
    `actor` is the signed-in participant when they answer on Mina sidor; a link answers without
    anyone signed in.

    For an anonymous survey nothing written here names the person or the moment: the
    invitation gets only `is_used`, the waiting answer has no person, invitation or time, and
    there is no audit record (it would name the person and carry the exact time). A named
    survey's answer is audited on the person as before.
    """
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
            pk=invitation.pk, is_used=False, expires_on__gte=today, survey__is_active=True
        ).update(is_used=True)
        if not spent:
            invitation.refresh_from_db()
            invitation.survey.refresh_from_db()
            check_usable(invitation)
            raise InvitationUnusableError(_("Enkäten kan inte besvaras."))
        anonymous = survey.is_anonymous
        pending = PendingResponse.objects.create(
            survey=survey,
            invitation=None if anonymous else invitation,
            answers={str(question_id): fields for question_id, fields in cleaned.items()},
        )
        if not anonymous:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=invitation,
                participant=invitation.participant,
                organisation_id=survey.organisation_id,
                summary=_("Svarade på enkäten %(survey)s") % {"survey": survey.name},
            )
    return pending


# --- Publishing ------------------------------------------------------------------------------


def publish_responses(*, survey: Survey, actor: User | None = None, closing: bool = False) -> int:
    """Publish the survey's waiting answers when at least PUBLICATION_BATCH are waiting (or
    all of them when `closing`); return how many were published (0 when they keep waiting).

    The answers become Response and Answer rows with new random keys, inserted in a random
    order in one transaction and dated only with the month of publication, and the waiting rows
    are deleted. The survey's used invitations are rewritten in the same transaction, so on
    PostgreSQL their row versions no longer carry the transaction of each answer (decision
    0016). The audit record names the survey and the number, never a person.
    """
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        pending = list(PendingResponse.objects.filter(survey=survey).select_related("invitation"))
        if not pending or (len(pending) < PUBLICATION_BATCH and not closing):
            return 0
        month = timezone.localdate().replace(day=1)
        # New random keys, and rows inserted in the order of those keys: neither the keys nor
        # the stored order (SQLite's rowid, PostgreSQL's heap) says which answer came when.
        pairs = sorted(
            (
                (
                    Response(
                        id=uuid.uuid4(),
                        survey=survey,
                        month=month,
                        participant_id=item.invitation.participant_id if item.invitation else None,
                        invitation=item.invitation,
                    ),
                    item,
                )
                for item in pending
            ),
            key=lambda pair: pair[0].id,
        )
        Response.objects.bulk_create([response for response, _item in pairs])
        Answer.objects.bulk_create(
            sorted(
                (
                    Answer(
                        id=uuid.uuid4(),
                        response=response,
                        question_id=int(question_id),
                        **fields,
                    )
                    for response, item in pairs
                    for question_id, fields in item.answers.items()
                ),
                key=lambda answer: answer.id,
            )
        )
        PendingResponse.objects.filter(pk__in=[item.pk for item in pending]).delete()
        # Rewrite every used invitation of the survey, so none keeps the row version its answer
        # wrote (PostgreSQL's xmin); the values stay the same.
        Invitation.objects.filter(survey=survey, is_used=True).update(is_used=True)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=survey,
            organisation_id=survey.organisation_id,
            summary=_("%(count)s svar på enkäten %(survey)s publicerade i resultatet")
            % {"count": len(pending), "survey": survey.name},
        )
    return len(pending)


def publish_due_responses() -> dict[str, int]:
    """Publish every survey's waiting answers that make a batch, and whatever still waits on a
    closed survey (an answer that raced its closing). For the nightly command."""
    counts = {"surveys": 0, "responses": 0}
    waiting = dict(
        PendingResponse.objects.values("survey_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("survey_id", "n")
    )
    for survey in Survey.objects.filter(pk__in=list(waiting)).order_by("id"):
        published = publish_responses(survey=survey, closing=not survey.is_active)
        if published:
            counts["surveys"] += 1
            counts["responses"] += published
    return counts


def survey_close(*, actor: User, survey: Survey) -> int:
    """Close a survey: its links stop working and every waiting answer is published, however
    few. Returns how many answers were published."""
    if not policy.can_edit_survey(actor, survey):
        raise PermissionDenied
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if not locked.is_active:
            raise ValidationError(_("Enkäten är redan stängd."))
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=locked, summary=_("Stängde enkäten")
        )
        published = publish_responses(survey=locked, actor=actor, closing=True)
    survey.is_active = False
    return published
