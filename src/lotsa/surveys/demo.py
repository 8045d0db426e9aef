"""Demo: Solvik's two shipped questionnaires, one answered by six people (published, results
shown) and one by four (too few to publish yet), and an open survey on the demo participant's
own pages."""

from typing import TYPE_CHECKING, cast

from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.surveys.services import (
    invitation_send,
    publish_due_responses,
    response_submit,
    survey_template_install,
)

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

COMMENTS = (
    "Min coach lyssnade på mig.",
    "Bra att få komma ut på praktik.",
    "Jag hade velat ha fler träffar.",
    "Tryggt och tydligt.",
)


def build_demo(context: "DemoContext") -> list[str]:
    admin = context.staff["admin"]
    rating = survey_template_install(actor=admin, key="rating")
    exit_survey = survey_template_install(actor=admin, key="exit")
    # Set by the portal builder, which runs first.
    demo_case = cast("Case | None", context.shared.get("portal_case"))
    cases = list(
        Case.objects.filter(organisation_id=admin.organisation_id, participant__is_protected=False)
        .exclude(pk=getattr(demo_case, "pk", None))
        .select_related("participant", "coach")
        .order_by("id")[:40]
    )
    open_cases = [case for case in cases if case.status != CaseStatus.CLOSED]
    closed_cases = [case for case in cases if case.status == CaseStatus.CLOSED]
    rng = context.rng
    for case in open_cases[:6]:
        _answer(rating, case, rng)
    for case in (closed_cases or open_cases[6:])[:4]:
        _answer(exit_survey, case, rng)
    publish_due_responses()  # what the nightly `lotsa publish_survey_answers` does
    if demo_case is not None:
        invitation_send(actor=demo_case.coach, survey=rating, case=demo_case, deliver=False)
    return [
        f"Enkäter: {rating.name} besvarad av 6 (resultat visas), "
        f"{exit_survey.name} besvarad av 4 (väntar på fler svar innan de publiceras)."
    ]


def _answer(survey, case, rng) -> None:  # type: ignore[no-untyped-def]
    sent = invitation_send(actor=case.coach, survey=survey, case=case, deliver=False)
    answers: dict[int, str] = {}
    for question in survey.questions.all():
        if question.kind == "scale":
            answers[question.pk] = str(rng.choice((3, 4, 4, 5, 5)))
        elif question.kind == "yes_no":
            answers[question.pk] = rng.choice(("yes", "yes", "no"))
        elif question.kind == "single_choice":
            answers[question.pk] = rng.choice(question.choices)
        elif rng.random() < 0.5:
            answers[question.pk] = rng.choice(COMMENTS)
    response_submit(invitation=sent.invitation, answers=answers)
