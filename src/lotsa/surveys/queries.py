"""Reads for surveys, filtered for the reader; results only for groups of at least five.

`survey_results(actor, start, end)` is the interface for the statistics app. It returns a list
of `SurveyResult`, one per survey of the actor's organisation (name order), each with
`responses` (how many answered in the period) and one `QuestionResult` per question:

- `answers`: how many answered that question;
- `shown`: False when fewer than MINIMUM_GROUP (5) answered — then every figure below is empty
  (`mean` None, `distribution` {}, `texts` []) and the page says "För få svar för att visa";
- `mean`: the average 1–5 for scale questions (two decimals), else None — also None when it
  would let a reader narrow a hidden count (lotsa.core.suppression);
- `distribution`: {"1": n, …, "5": n} for scale, {"yes": n, "no": n} for yes/no,
  {choice: n} in the survey's order for single choice; {} for free text. Counts from 1 to 4
  are published as "<5", and counts that would give them away as ".." (the one suppression
  routine, lotsa.core.suppression); when even the number of answers would have to be hidden,
  the question is not shown;
- `counts`: the same distribution unsuppressed, for the statistics app to publish through the
  same routine (never shown as it is);
- `texts`: free-text answers in alphabetical order (never in the order they came).

Only published responses count (decision 0016: answers reach the results in batches of five,
or all at once when the survey closes). The period is by month: a response counts when the month
it was published in overlaps [start, end]. The queries are constant in number, however many
surveys and answers.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lotsa.cases.models import Case
from lotsa.core.statements import compiled_rows
from lotsa.core.suppression import (
    MEAN,
    PRIMARY,
    SECONDARY,
    column,
    protect,
    suppress_below,
    with_mean,
)
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.surveys import policy
from lotsa.surveys.constants import MINIMUM_GROUP, QuestionKind
from lotsa.surveys.models import Answer, Invitation, Question, Response, Survey


@dataclass
class QuestionResult:
    question_id: int
    position: int
    text: str
    kind: str
    answers: int
    shown: bool
    mean: float | None = None
    distribution: dict[str, int | str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResult:
    survey_id: int
    name: str
    is_anonymous: bool
    responses: int
    questions: list[QuestionResult]


def surveys_visible_to(actor: User) -> QuerySet[Survey]:
    if not policy.can_list_surveys(actor):
        raise PermissionDenied
    return (
        Survey.objects.filter(organisation_id=actor.organisation_id)
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("name", "id")
    )


def surveys_to_send(case: Case) -> QuerySet[Survey]:
    """The active surveys of the case's organisation, by name (the coach picks one to send)."""
    return Survey.objects.filter(organisation_id=case.organisation_id, is_active=True).order_by(
        "name"
    )


def survey_get(actor: User, survey_id: int) -> Survey:
    if not policy.can_list_surveys(actor):
        raise PermissionDenied
    return get_object_or_404(Survey, pk=survey_id, organisation_id=actor.organisation_id)


def question_get(actor: User, question_id: int) -> Question:
    if not policy.can_manage_surveys(actor):
        raise PermissionDenied
    return get_object_or_404(
        Question.objects.select_related("survey"),
        pk=question_id,
        survey__organisation_id=actor.organisation_id,
    )


def survey_results(
    actor: User, start: date, end: date, *, survey_id: int | None = None
) -> list[SurveyResult]:
    """Results per survey and question for responses given in the months of [start, end]."""
    if not policy.can_read_results(actor):
        raise PermissionDenied
    surveys = Survey.objects.filter(organisation_id=actor.organisation_id).order_by("name", "id")
    if survey_id is not None:
        surveys = surveys.filter(pk=survey_id)
    return _survey_results(list(surveys), start, end)


def survey_results_periods(
    actor: User, periods: Sequence[tuple[date, date]]
) -> list[list[SurveyResult]]:
    """`survey_results` of every survey for several periods (start, end): the surveys read
    once (a compiled statement per organisation), each period's answers as before; no more
    queries when the organisation has no survey."""
    if not policy.can_read_results(actor):
        raise PermissionDenied
    organisation_id = actor.organisation_id
    survey_list = compiled_rows(
        Survey,
        ("surveys of", organisation_id),
        lambda: Survey.objects.filter(organisation_id=organisation_id).order_by("name", "id"),
    )
    if not survey_list:
        return [[] for _period in periods]
    return [_survey_results(survey_list, start, end) for start, end in periods]


def _survey_results(survey_list: list[Survey], start: date, end: date) -> list[SurveyResult]:
    ids = [survey.pk for survey in survey_list]
    responses = Response.objects.filter(
        survey_id__in=ids, month__gte=start.replace(day=1), month__lte=end
    )
    response_counts = dict(
        responses.values("survey_id").annotate(n=Count("id")).values_list("survey_id", "n")
    )
    questions = list(Question.objects.filter(survey_id__in=ids).order_by("position", "id"))
    answers = Answer.objects.filter(response__in=responses)
    # One grouped query for every value of every closed question.
    counted: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[int, int] = defaultdict(int)
    for row in (
        answers.exclude(question__kind=QuestionKind.FREE_TEXT)
        .values("question_id", "scale", "yes", "choice")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if row["scale"] is not None:
            key = str(row["scale"])
        elif row["yes"] is not None:
            key = "yes" if row["yes"] else "no"
        else:
            key = row["choice"]
        counted[row["question_id"]][key] = counted[row["question_id"]].get(key, 0) + row["n"]
        totals[row["question_id"]] += row["n"]
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in (
        answers.filter(question__kind=QuestionKind.FREE_TEXT)
        .exclude(text="")
        .values_list("question_id", "text")
        .order_by("question_id", "text")
    ):
        texts[question_id].append(text)
    by_survey: dict[int, list[QuestionResult]] = defaultdict(list)
    for question in questions:
        total = (
            len(texts[question.pk])
            if question.kind == QuestionKind.FREE_TEXT
            else totals[question.pk]
        )
        result = QuestionResult(
            question_id=question.pk,
            position=question.position,
            text=question.text,
            kind=question.kind,
            answers=total,
            shown=total >= MINIMUM_GROUP,
        )
        if result.shown:
            values = counted[question.pk]
            raw: dict[str, int] = {}
            if question.kind == QuestionKind.SCALE:
                raw = {str(n): values.get(str(n), 0) for n in range(1, 6)}
            elif question.kind == QuestionKind.YES_NO:
                raw = {"yes": values.get("yes", 0), "no": values.get("no", 0)}
            elif question.kind == QuestionKind.SINGLE_CHOICE:
                raw = {choice: values.get(choice, 0) for choice in question.choices}
            else:
                result.texts = sorted(texts[question.pk])
            if raw:
                # The distribution, its total (the number of answers) and the mean go through
                # the one suppression routine; the mean only when it gives no count away.
                keys = list(raw)
                table = column([raw[key] for key in keys])
                base = (len(keys), 0)
                if question.kind == QuestionKind.SCALE:
                    rows = [(i, 0) for i in range(len(keys))]
                    table = with_mean(table, rows, [float(key) for key in keys], base, 2)
                hidden = protect(table)
                if base in hidden.hidden:
                    result.shown = False
                else:
                    marks = {PRIMARY: f"<{suppress_below()}", SECONDARY: ".."}
                    result.counts = raw
                    result.distribution = {
                        key: marks.get(hidden.mark((i, 0)), raw[key]) for i, key in enumerate(keys)
                    }
                    if question.kind == QuestionKind.SCALE and MEAN not in hidden.withheld:
                        result.mean = round(
                            sum(int(key) * count for key, count in raw.items()) / total, 2
                        )
        by_survey[question.survey_id].append(result)
    return [
        SurveyResult(
            survey_id=survey.pk,
            name=survey.name,
            is_anonymous=survey.is_anonymous,
            responses=response_counts.get(survey.pk, 0),
            questions=by_survey[survey.pk],
        )
        for survey in survey_list
    ]


def open_invitations_for(participant: Participant) -> list[Invitation]:
    """The person's own unanswered, unexpired invitations (for Mina sidor)."""
    return list(
        Invitation.objects.filter(
            participant=participant,
            is_used=False,
            expires_on__gte=timezone.localdate(),
            survey__is_active=True,
        )
        .select_related("survey")
        .order_by("expires_on", "id")
    )


def own_invitation_get(actor: User, invitation_id: int) -> Invitation:
    """One of the signed-in participant's own invitations (404 for anyone else's)."""
    account = getattr(actor, "participant_account", None)
    if not actor.is_authenticated or account is None:
        raise PermissionDenied
    return get_object_or_404(
        Invitation.objects.select_related("survey", "participant"),
        pk=invitation_id,
        participant_id=account.participant_id,
    )


def invitations_for_case(actor: User, case_id: int) -> list[Invitation]:
    """Surveys sent to the person of a case, for the case page (the caller checked access)."""
    return list(case_invitations(actor, case_id))


def case_invitations(actor: User, case_id: int) -> QuerySet[Invitation]:
    """`invitations_for_case` as a queryset (the case page reads it with its other lists)."""
    return (
        Invitation.objects.filter(case_id=case_id)
        .select_related("survey", "sent_by")
        .order_by("-created_at", "-id")
    )
