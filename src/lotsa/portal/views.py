"""The participant's own pages ("Mina sidor") and their sign-in with a one-time code."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.cases import services as case_services
from lotsa.cases.constants import OwnActivityKind
from lotsa.cases.forms import StepCommentForm
from lotsa.cases.models import Activity, OwnActivity
from lotsa.core.client import client_ip
from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors
from lotsa.core.languages import is_supported
from lotsa.messaging import policy as message_policy
from lotsa.messaging import queries as message_queries
from lotsa.messaging import services as message_services
from lotsa.messaging.calendar import meeting_calendar_file
from lotsa.messaging.forms import (
    ContactChoiceForm,
    MessageForm,
    MoveRequestForm,
    ThreadForm,
    plan_step_choices,
    plan_step_of,
)
from lotsa.portal import oidc, policy, queries, services
from lotsa.portal.forms import (
    CodeForm,
    ContactForm,
    MarkDoneForm,
    OwnJobForm,
    OwnProgressForm,
    OwnThingForm,
    SelfReferralForm,
)
from lotsa.portal.language import remember_language, set_language_cookie

SESSION_CODE_KEY = "lotsa_portal_code"


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the person gives their e-mail address or mobile number."""
    if policy.is_participant_user(request.user):
        return redirect("portal:home")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.code_request(
                contact_text=form.cleaned_data["contact"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_CODE_KEY] = row.pk
            return redirect("portal:sign_in_code")
    return render(
        request,
        "portal/sign_in.html",
        {
            "title": _("Logga in på Mina sidor"),
            "form": form,
            "oidc_label": settings.LOTSA_PORTAL_OIDC_LOGIN_LABEL if oidc.is_enabled() else "",
        },
    )


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the e-mail or text message."""
    code_id = request.session.get(SESSION_CODE_KEY)
    if code_id is None:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.code_verify(code_id=code_id, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="lotsa.signin.backends.StaffBackend")
            request.session.pop(SESSION_CODE_KEY, None)
            return remember_language(request, user, redirect("portal:home"))
    return render(request, "portal/sign_in_code.html", {"title": _("Skriv in koden"), "form": form})


def _participant(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return None
    if not policy.is_participant_user(request.user):
        raise PermissionDenied
    return request.user


def home(request: HttpRequest) -> HttpResponse:
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    return render(request, "portal/home.html", {"pages": queries.own_pages(user)})


def access_log(request: HttpRequest) -> HttpResponse:
    """ "Vem har tittat på mina uppgifter?": staff by role and unit, partners by organisation."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    page = queries.own_access_log(user, page=request.GET.get("sida"))
    return render(
        request,
        "portal/access_log.html",
        {"title": _("Vem har tittat på mina uppgifter?"), "page": page},
    )


@require_POST
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    try:
        services.own_consent_revoke(user=user, consent_id=consent_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Samtycket är återkallat. Det gäller från och med nu."))
    return redirect("portal:home")


# The plan the person writes in too --------------------------------------------------------


def plan(request: HttpRequest) -> HttpResponse:
    """The shared plan: steps, own activities with the coach's answer, read receipts."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    own = queries.own_plan(user)
    if own.case is not None:
        case_services.plan_read_record(actor=user, case=own.case)
    return render(request, "portal/plan.html", {"title": _("Din plan"), "own": own})


OWN_ACTIVITY_FORMS = {
    "jobb": (OwnJobForm, OwnActivityKind.JOB_APPLICATION),
    "eget": (OwnThingForm, OwnActivityKind.OWN),
}


def own_activity_add(request: HttpRequest, kind: str) -> HttpResponse:
    """Add "Jobb jag söker" or "Något jag gör själv" to the plan, as a proposal."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    if kind not in OWN_ACTIVITY_FORMS:
        raise Http404
    form_class, own_kind = OWN_ACTIVITY_FORMS[kind]
    case = queries.own_open_case(queries.own_participant(user))
    if case is None:
        raise Http404
    form = form_class(request.POST or None, initial={"expected_plan_version": case.plan_version})
    if request.method == "POST" and form.is_valid():
        cleaned = dict(form.cleaned_data)
        expected = cleaned.pop("expected_plan_version")
        try:
            case_services.own_activity_add(
                actor=user, case=case, expected_plan_version=expected, kind=own_kind, **cleaned
            )
        except EditConflictError as conflict:
            data = form.data.copy()
            data["expected_plan_version"] = str(conflict.current.plan_version)
            form.data = data
            form.add_error(None, _("Planen ändrades medan du skrev. Kontrollera och spara igen."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Det är tillagt i din plan. Din arbetscoach ser det nu."))
            return redirect("portal:plan")
    return render(
        request, "portal/own_activity_form.html", {"form": form, "kind": own_kind, "case": case}
    )


@require_POST
def own_activity_progress(request: HttpRequest, own_id: int) -> HttpResponse:
    """The person updates how their own activity goes."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    own = queries.own_step(user, kind="egen", step_id=own_id)
    assert isinstance(own, OwnActivity)
    form = OwnProgressForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("portal:plan")
    changes = {"status": form.cleaned_data["status"]}
    if own.kind == OwnActivityKind.JOB_APPLICATION and form.cleaned_data["application_status"]:
        changes["application_status"] = form.cleaned_data["application_status"]
    _plan_change(
        request,
        lambda expected: case_services.own_activity_update(
            actor=user, own=own, expected_plan_version=expected, **changes
        ),
        form.cleaned_data["expected_plan_version"],
        success=_("Sparat."),
    )
    return redirect("portal:plan")


@require_POST
def activity_mark_done(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The person marks a step they are responsible for as done."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    activity = queries.own_step(user, kind="aktivitet", step_id=activity_id)
    assert isinstance(activity, Activity)
    form = MarkDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sidan är inte längre aktuell. Ladda om den och försök igen."))
        return redirect("portal:plan")
    _plan_change(
        request,
        lambda expected: case_services.activity_mark_done(
            actor=user, activity=activity, expected_plan_version=expected
        ),
        form.cleaned_data["expected_plan_version"],
        success=_("Bra jobbat! Steget är markerat som klart."),
    )
    return redirect("portal:plan")


def _plan_change(
    request: HttpRequest, change: Callable[[int], object], expected: int, *, success: str
) -> None:
    try:
        change(expected)
    except EditConflictError:
        messages.error(
            request, _("Planen ändrades nyss av någon annan. Titta på den igen och försök på nytt.")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


def step(request: HttpRequest, kind: str, step_id: int) -> HttpResponse:
    """One step of the plan with its comments; the person can write one."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    found = queries.own_step(user, kind=kind, step_id=step_id)
    form = StepCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = {"own": found} if isinstance(found, OwnActivity) else {"activity": found}
        try:
            case_services.step_comment_add(
                actor=user, case=found.case, text=form.cleaned_data["text"], **target
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Din kommentar är skickad till din arbetscoach."))
            return redirect(request.path)
    return render(
        request,
        "portal/step.html",
        {
            "step": found,
            "is_own": isinstance(found, OwnActivity),
            "comments": found.comments.order_by("created_at", "id"),
            "form": form,
        },
    )


# Messages with the coach ----------------------------------------------------------------


def messages_home(request: HttpRequest) -> HttpResponse:
    """The person's threads, a new message, and how they want to hear of new ones."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    participant = queries.own_participant(user)
    case = queries.own_open_case(participant)
    choice_form = ContactChoiceForm(
        request.POST or None, initial={"channel": message_services.chosen_channel(participant)}
    )
    if request.method == "POST" and choice_form.is_valid():
        try:
            message_services.contact_choice_set(
                actor=user, participant=participant, channel=choice_form.cleaned_data["channel"]
            )
        except ValidationError as error:
            add_service_errors(choice_form, error)
        else:
            messages.success(request, _("Ditt val är sparat."))
            return redirect("portal:messages")
    return render(
        request,
        "portal/messages.html",
        {
            "title": _("Meddelanden"),
            "case": case,
            "threads": queries.own_message_threads(user, case),
            "choice_form": choice_form,
        },
    )


def thread_new(request: HttpRequest) -> HttpResponse:
    """A new message to the coach, optionally about one step of the plan."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    own = queries.own_plan(user)
    if own.case is None or own.shared is None:
        raise Http404
    form = ThreadForm(request.POST or None, steps=plan_step_choices(own.shared))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            started = message_services.thread_start(
                actor=user,
                case=own.case,
                subject=cleaned["subject"],
                body=cleaned["body"],
                **plan_step_of(own.shared, cleaned["step"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ditt meddelande är skickat till din arbetscoach."))
            return redirect("portal:thread", started.pk)
    return render(
        request, "portal/thread_new.html", {"title": _("Skriv till din arbetscoach"), "form": form}
    )


def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    """One thread: the messages with read receipts, and an answer."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    found = message_queries.thread_get(user, thread_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_services.message_send(actor=user, thread=found, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ditt meddelande är skickat."))
            return redirect(request.path)
    message_services.thread_read(actor=user, thread=found)
    return render(
        request,
        "portal/thread.html",
        {
            "title": found.subject,
            "thread": found,
            "entries": message_queries.thread_messages(found),
            "form": form if message_policy.can_write_thread(user, found) else None,
        },
    )


# Meetings the person acts on ------------------------------------------------------------


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Where, when and with whom; confirm it or ask to move it."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    found = queries.own_meeting(user, meeting_id)
    action = request.POST.get("action") if request.method == "POST" else None
    move_form = MoveRequestForm(request.POST if action == "move" else None)
    try:
        if action == "confirm":
            message_services.meeting_confirm(actor=user, meeting=found)
            messages.success(request, _("Tack! Din arbetscoach ser att du kommer."))
            return redirect(request.path)
        if action == "move" and move_form.is_valid():
            message_services.meeting_move_request(
                actor=user,
                meeting=found,
                proposed=move_form.proposed_times(),
                note=move_form.cleaned_data["note"],
            )
            messages.success(request, _("Din arbetscoach har fått dina förslag på nya tider."))
            return redirect(request.path)
    except ValidationError as error:
        # The times are proposed in the first day's field: the message belongs there.
        if hasattr(error, "error_dict") and "proposed" in error.error_dict:
            error.error_dict["first_day"] = error.error_dict.pop("proposed")
        add_service_errors(move_form, error)
    return render(
        request,
        "portal/meeting.html",
        {"meeting": found, "move_form": move_form, "answers": list(found.answers.all())},
    )


def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting as an .ics file for the phone's calendar (audited as an export)."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    found = queries.own_meeting(user, meeting_id)
    response = HttpResponse(
        meeting_calendar_file(actor=user, meeting=found), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="mote-{found.meets_on}.ics"'
    return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch of Mina sidor and its sign-in: a signed-in participant's choice is
    stored (and used for their text messages), anyone else's lives in the language cookie."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "portal:home" if policy.is_participant_user(request.user) else "portal:sign_in"
    response = redirect(target)
    if not is_supported(language):
        return response
    if policy.is_participant_user(request.user):
        services.own_language_set(user=request.user, language=language)  # type: ignore[arg-type]
    set_language_cookie(response, language)
    return response


def self_referral(request: HttpRequest) -> HttpResponse:
    """ "Ansök om stöd": anyone may ask for support; the answer never says whether we knew them.
    With an e-ID broker the person may fill in their personnummer from their e-ID."""
    applicant = oidc.verified_applicant(request)
    form = SelfReferralForm(
        request.POST or None, units=queries.units_taking_applications(), applicant=applicant
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.self_referral_submit(
                unit=data["unit"],
                personal_number=(
                    applicant.personal_number if applicant else data["personal_number"]
                ),
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                reason=data["reason"],
                goal=data["goal"],
                ip_address=client_ip(request),
                identity_verified=applicant is not None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            oidc.applicant_forget(request)
            return redirect("portal:self_referral_sent")
    return render(
        request,
        "portal/self_referral.html",
        {
            "title": _("Ansök om stöd"),
            "form": form,
            "applicant": applicant,
            "oidc_label": settings.LOTSA_PORTAL_OIDC_LOGIN_LABEL if oidc.is_enabled() else "",
        },
    )


@require_POST
def self_referral_without_eid(request: HttpRequest) -> HttpResponse:
    """ "Fyll i utan e-legitimation": the form forgets the personnummer from the e-ID."""
    oidc.applicant_forget(request)
    return redirect("portal:self_referral")


def self_referral_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/self_referral_sent.html", {"title": _("Tack för din ansökan")})
