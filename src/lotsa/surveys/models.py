"""Questionnaires, who was asked, and the answers.

Anonymity: a `Response` to an anonymous survey has no participant, no invitation and no time of
day — only the month it was published in, and a random UUID as key — so nothing in the database
links an answer to the person or the token that gave it (docs/decisions/0010-*.md).

Answers wait as `PendingResponse` rows until they are published in a batch of at least five
(or when the survey closes); publication writes them into `Response` and `Answer` in a random
order, in one transaction, so neither their keys, their stored order nor their month tells when
any one of them was given (docs/decisions/0016-*.md).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.surveys.constants import InvitationReason, QuestionKind, SurveyTrigger


class Survey(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    intro = models.TextField(_("inledning"), blank=True)
    is_anonymous = models.BooleanField(
        _("anonym"),
        default=True,
        help_text=_("Svaren sparas utan koppling till personen."),
    )
    trigger = models.CharField(
        _("skickas"), max_length=20, choices=SurveyTrigger.choices, default=SurveyTrigger.MANUAL
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="survey_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("enkät")
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    kind = models.CharField(_("typ av fråga"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("fråga"), max_length=300)
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    low_label = models.CharField(_("text vid 1"), max_length=60, blank=True)
    high_label = models.CharField(_("text vid 5"), max_length=60, blank=True)
    is_required = models.BooleanField(_("måste besvaras"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """One person asked to answer one survey, by a single-use link (or in their own pages).

    Records only that the person has answered (`is_used`), never when, so the time of an
    anonymous answer cannot be matched to it.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("enkät")
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("deltagare"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("ärende"),
    )
    reason = models.CharField(_("anledning"), max_length=20, choices=InvitationReason.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    expires_on = models.DateField(_("svara senast"))
    is_used = models.BooleanField(_("besvarad"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enkätutskick")
        verbose_name_plural = _("enkätutskick")
        constraints = [
            # An event sends a survey once per case, however often the command runs.
            models.UniqueConstraint(
                fields=["survey", "case", "reason"],
                condition=~Q(reason=InvitationReason.MANUAL),
                name="survey_invitation_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.participant_id}"


class PendingResponse(models.Model):
    """A filled-in questionnaire not yet published: no time, and for an anonymous survey no
    person and no invitation either. Emptied at every publication (decision 0016)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="pending_responses", verbose_name=_("enkät")
    )
    # Named surveys only: whose answer it is, carried over to the Response at publication.
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_response",
        verbose_name=_("enkätutskick"),
    )
    # {question id: the Answer fields}, as `services.clean_answers` returns them.
    answers = models.JSONField(_("svar"), default=dict)

    class Meta:
        ordering = ["id"]
        verbose_name = _("opublicerat enkätsvar")
        verbose_name_plural = _("opublicerade enkätsvar")

    def __str__(self) -> str:
        return str(self.id)


class Response(models.Model):
    """One filled-in, published questionnaire. For an anonymous survey: no person, no
    invitation, no time but the month it was published in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enkät")
    )
    month = models.DateField(
        _("månad"), help_text=_("Den första dagen i månaden svaret publicerades.")
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")
        indexes = [models.Index(fields=["survey", "month"], name="survey_response_month")]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    # A random key, like Response's: numbered rows would tell the order answers came in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}"
