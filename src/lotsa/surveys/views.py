"""Survey pages: the administrators' builder, results, sending by hand, and answering."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.cases import queries as case_queries
from lotsa.core.editing import button_action, form_save
from lotsa.core.forms import add_service_errors
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.surveys import policy, queries, services
from lotsa.surveys.forms import AnswerForm, PeriodForm, QuestionForm, SendForm, SurveyForm
from lotsa.surveys.models import Invitation


@staff_view
def survey_list(request: HttpRequest, actor: User) -> HttpResponse:
    surveys = list(queries.surveys_visible_to(actor))
    installed = {survey.name for survey in surveys}
    templates = [
        {"key": key, "name": template["name"], "installed": template["name"] in installed}
        for key, template in services.survey_templates().items()
    ]
    return render(
        request,
        "surveys/list.html",
        {
            "title": _("Enkäter"),
            "surveys": surveys,
            "templates": templates,
            "can_manage": policy.can_manage_surveys(actor),
        },
    )


@staff_view
def survey_create(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_manage_surveys(actor):
        raise PermissionDenied
    edit = form_save(
        request,
        SurveyForm(request.POST or None),
        save=lambda form: services.survey_create(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("Enkäten är skapad. Lägg till frågor."))
        return redirect("surveys:detail", survey_id=edit.result.pk)
    return render(request, "surveys/survey_form.html", {"title": _("Ny enkät"), "form": edit.form})


@staff_view
@require_POST
def template_install(request: HttpRequest, actor: User, key: str) -> HttpResponse:
    if not policy.can_manage_surveys(actor):
        raise PermissionDenied
    survey = button_action(
        request,
        lambda: services.survey_template_install(actor=actor, key=key),
        success=_("Mallen är installerad."),
    )
    if survey is None:
        return redirect("surveys:list")
    return redirect("surveys:detail", survey_id=survey.pk)


@staff_view
def survey_detail(request: HttpRequest, actor: User, survey_id: int) -> HttpResponse:
    """The questionnaire with its questions; administrators add and remove questions here."""
    survey = queries.survey_get(actor, survey_id)
    can_edit = policy.can_edit_survey(actor, survey)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    edit = form_save(
        request,
        QuestionForm(request.POST or None),
        save=lambda form: services.question_add(
            actor=actor,
            survey=survey,
            **{**form.cleaned_data, "choices": form.cleaned_data["choices"].splitlines()},
        ),
    )
    if edit.saved:
        messages.success(request, _("Frågan är tillagd."))
        return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "title": survey.name,
            "survey": survey,
            "questions": list(survey.questions.all()),
            "form": edit.form,
            "can_edit": can_edit and not survey.invitations.exists(),
            "can_close": can_edit and survey.is_active,
        },
    )


@staff_view
@require_POST
def question_remove(request: HttpRequest, actor: User, question_id: int) -> HttpResponse:
    question = queries.question_get(actor, question_id)
    button_action(
        request,
        lambda: services.question_remove(actor=actor, question=question),
        success=_("Frågan är borttagen."),
    )
    return redirect("surveys:detail", survey_id=question.survey_id)


@staff_view
@require_POST
def survey_close(request: HttpRequest, actor: User, survey_id: int) -> HttpResponse:
    """An administrator closes a survey; every answer still waiting is then published."""
    survey = queries.survey_get(actor, survey_id)
    button_action(
        request,
        lambda: services.survey_close(actor=actor, survey=survey),
        success=_("Enkäten är stängd. Alla svar som har kommit in visas nu i resultatet."),
    )
    return redirect("surveys:detail", survey_id=survey.pk)


@staff_view
def results(request: HttpRequest, actor: User, survey_id: int) -> HttpResponse:
    survey = queries.survey_get(actor, survey_id)
    today = timezone.localdate()
    period = PeriodForm(request.GET or {"start": date(today.year - 1, 1, 1), "end": today})
    start, end = date(today.year - 1, 1, 1), today
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    [result] = queries.survey_results(actor, start, end, survey_id=survey.pk)
    return render(
        request,
        "surveys/results.html",
        {"survey": survey, "result": result, "period": period},
    )


@staff_view
def send(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """A coach sends a survey to the person of a case by hand."""
    case = case_queries.case_get(actor, case_id)
    if not policy.can_send_by_hand(actor, case):
        raise PermissionDenied
    surveys = queries.surveys_to_send(case)
    edit = form_save(
        request,
        SendForm(request.POST or None, surveys=surveys),
        save=lambda form: services.invitation_send(
            actor=actor, survey=form.cleaned_data["survey"], case=case
        ),
    )
    if edit.saved:
        messages.success(
            request, _("Enkäten är skickad. Den syns också på deltagarens Mina sidor.")
        )
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "surveys/send.html",
        {"title": _("Skicka en enkät"), "case": case, "form": edit.form},
    )


def _answer_page(
    request: HttpRequest, invitation: Invitation, *, actor: User | None = None
) -> HttpResponse:
    questions = list(invitation.survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(invitation=invitation, answers=form.answers(), actor=actor)
        except services.InvitationUnusableError as error:
            return render(
                request,
                "surveys/unusable.html",
                {"title": _("Enkäten kan inte besvaras"), "message": error.messages[0]},
                status=410,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "surveys/thanks.html", {"survey": invitation.survey})
    return render(
        request,
        "surveys/answer.html",
        {
            "title": invitation.survey.name,
            "survey": invitation.survey,
            "form": form,
            "questions": questions,
        },
    )


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Answering by the link in the e-mail or text message; nobody needs to sign in."""
    try:
        invitation = services.invitation_by_token(token)
    except services.InvitationUnusableError as error:
        return render(
            request,
            "surveys/unusable.html",
            {"title": _("Enkäten kan inte besvaras"), "message": error.messages[0]},
            status=410,
        )
    return _answer_page(request, invitation)


@login_required(login_url="portal:sign_in")
@staff_view
def answer_mine(request: HttpRequest, actor: User, invitation_id: int) -> HttpResponse:
    """Answering on Mina sidor, signed in."""
    invitation = queries.own_invitation_get(actor, invitation_id)
    try:
        services.check_usable(invitation)
    except services.InvitationUnusableError as error:
        return render(
            request,
            "surveys/unusable.html",
            {"title": _("Enkäten kan inte besvaras"), "message": error.messages[0]},
            status=410,
        )
    page = _answer_page(request, invitation, actor=actor)
    if request.method == "POST" and invitation.survey.is_anonymous:
        # The idle-timeout middleware may have noted this request's time in the session; the
        # session names the person, so sending an anonymous answer must not save it (decision
        # 0016). The next request notes the time again.
        request.session.modified = False
    return page
