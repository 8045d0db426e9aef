from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.audit.services import audit_list
from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.guidelines.constants import Eligibility
from lotsa.guidelines.evaluation import Evaluation
from lotsa.guidelines.models import GuidelineVersion
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.organisations.queries import coaches_of_unit
from lotsa.people import inline as people_inline
from lotsa.people.policy import can_register_participant
from lotsa.people.queries import participants_visible_to
from lotsa.referrals import policy, queries, services
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.forms import AcceptForm, ReferralForm, ReturnForm
from lotsa.referrals.models import Referral
from lotsa.shell.inline import InlineCreation, kept_form, wants_inline_creation


def _eligibility(
    *,
    outcome: str,
    results: list[dict[str, str]],
    is_priority: bool,
    version: GuidelineVersion,
    preliminary: bool = False,
) -> dict[str, Any]:
    """Context for referrals/_eligibility.html, from a live evaluation or a stored result."""
    labels = dict(Eligibility.choices)
    return {
        "outcome": outcome,
        "outcome_label": labels.get(outcome, outcome),
        "rows": [{**row, "outcome_label": labels.get(row["outcome"], "")} for row in results],
        "is_priority": is_priority,
        "version": version,
        "preliminary": preliminary,
    }


def _live_eligibility(evaluation: Evaluation, version: GuidelineVersion) -> dict[str, Any]:
    return _eligibility(
        outcome=evaluation.eligibility,
        results=evaluation.as_list(),
        is_priority=evaluation.is_priority,
        version=version,
        preliminary=True,
    )


def _referral_form(request: HttpRequest, version: GuidelineVersion, **kwargs: Any) -> ReferralForm:
    people = participants_visible_to(request.user).order_by("last_name", "first_name", "pk")
    return ReferralForm(
        participants=people,
        receiving_units=queries.receiving_units_visible_to(request.user),
        version=version,
        **kwargs,
    )


def _version_in_force(request: HttpRequest) -> GuidelineVersion | None:
    return guideline_version_in_force(
        organisation_id=request.user.organisation_id,
        on=timezone.localdate(),
    )


@staff_view
def referral_create(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_submit_referral(actor):
        raise PermissionDenied
    version = _version_in_force(request)
    if version is None:
        return render(request, "referrals/form.html", {"version": None, "form": None})
    initial: dict[str, Any] = {}
    participant_id = parse_ascii_int(request.GET.get("deltagare"))
    if participant_id is not None:
        initial["participant"] = participant_id
    units = queries.receiving_units_visible_to(actor)
    if len(units) == 1:
        initial["receiving_unit"] = units[0].pk
    form = _referral_form(request, version, data=request.POST or None, initial=initial)
    person = InlineCreation(people_inline.empty_form())
    inline_post = request.method == "POST" and wants_inline_creation(
        request.POST, people_inline.BUTTON
    )
    if inline_post:
        # "Saknas personen?" without JavaScript: register them, then the same form again with
        # everything typed kept and the new person chosen.
        person = people_inline.participant_register_inline(actor=actor, data=request.POST)
        data = request.POST.copy()
        if person.created is not None:
            data["participant"] = str(person.created.pk)
        form = _referral_form(request, version, data=data)
    elif request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_submit(actor=actor, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Remissen är skickad."))
            return redirect("referrals:detail", referral.pk)
    if form.is_bound:
        form.is_valid()
        evaluation = queries.referral_eligibility_preview(
            version=version, **form.preview_arguments()
        )
    else:
        # The first view shows the criteria as a checklist before anything is filled in.
        evaluation = queries.referral_eligibility_preview(
            version=version, participant=None, target_groups=[]
        )
    if inline_post:
        # shown as typed, not yet judged: the referral itself has not been sent
        form = _referral_form(request, version, initial=kept_form(form))
    # The form offers every person the referrer may refer.
    audit_list(
        actor=actor, object_type="people.participant", summary=_("Lista: deltagare att remittera")
    )
    context = {
        "form": form,
        "version": version,
        "can_register_person": can_register_participant(actor),
        "person_form": person.form,
        "person_form_open": person.form.is_bound or person.created is not None,
        "person_registered": (
            people_inline.registered_message(person.created) if person.created else ""
        ),
        **_live_eligibility(evaluation, version),
    }
    return render(request, "referrals/form.html", context)


@staff_view
@require_POST
def referral_evaluate(request: HttpRequest, actor: User) -> HttpResponse:
    """The live eligibility result while the referral form is filled in (htmx fragment)."""
    if not policy.can_submit_referral(actor):
        raise PermissionDenied
    version = _version_in_force(request)
    if version is None:
        return HttpResponse(status=204)
    form = _referral_form(request, version, data=request.POST)
    form.is_valid()
    evaluation = queries.referral_eligibility_preview(version=version, **form.preview_arguments())
    return render(request, "referrals/_eligibility.html", _live_eligibility(evaluation, version))


@staff_view
def referral_mine(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_submit_referral(actor):
        raise PermissionDenied
    referrals = list(queries.my_referrals(actor))
    audit_list(actor=actor, object_type="referrals.referral", summary=_("Lista: Mina remisser"))
    return render(request, "referrals/mine.html", {"referrals": referrals})


def _stored_eligibility(referral: Referral) -> dict[str, Any]:
    return _eligibility(
        outcome=referral.eligibility,
        results=referral.eligibility_results,
        is_priority=referral.is_priority,
        version=referral.guideline_version,
    )


@staff_view
def referral_detail(request: HttpRequest, actor: User, referral_id: int) -> HttpResponse:
    referral = queries.referral_get(actor, referral_id)
    case = (
        queries.referral_case(actor, referral)
        if referral.status == ReferralStatus.ACCEPTED
        else None
    )
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "case": case,
            "can_withdraw": policy.can_withdraw_referral(actor, referral)
            and referral.is_awaiting_decision,
            "can_decide": policy.can_decide_referral(actor, referral)
            and referral.is_awaiting_decision,
            **_stored_eligibility(referral),
        },
    )


@staff_view
@require_POST
def referral_withdraw(request: HttpRequest, actor: User, referral_id: int) -> HttpResponse:
    referral = queries.referral_get(actor, referral_id, log=request.method == "GET")
    expected = request.POST.get("version", "")
    try:
        services.referral_withdraw(
            actor=actor,
            referral=referral,
            expected_version=parse_ascii_int(expected),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Remissen är återkallad."))
    return redirect("referrals:detail", referral.pk)


@staff_view
def intake_queue(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_view_intake_queue(actor):
        raise PermissionDenied
    rows = queries.intake_queue_rows(actor)
    audit_list(actor=actor, object_type="referrals.referral", summary=_("Lista: Remisskö"))
    return render(
        request, "referrals/queue.html", {"referrals": rows, "rows_html": _queue_rows_html(rows)}
    )


# One row of the intake queue's table (queue.html has the headings). Rendered here with
# format_html, which escapes every value: the template engine took about as long for the
# table's rows as the rest of the page together (docs/performance.md, "the lists near the
# floor").
_QUEUE_ROW = (
    '\n  <tr>\n    <td><a href="{url}">{last_name}, {first_name}</a>{protected}</td>\n'
    '    <td class="num">{age}</td>\n'
    "    <td>{priority}</td>\n"
    '    <td><span class="badge badge--{eligibility}">{eligibility_label}</span></td>\n'
    '    <td class="num">{days_waiting}</td>\n'
    "    <td>{target_groups}</td>\n"
    "    <td>{source}</td>\n"
    "  </tr>\n  "
)


def _queue_rows_html(rows: list[queries.QueueRow]) -> SafeString:
    # reverse() once: every row's link differs only in the referral's id.
    head, tail = reverse("referrals:decide", args=[0]).rsplit("/0/", 1)
    protected = format_html(' <span class="badge badge--protected">{}</span>', _("Skyddad"))
    priority = _("Prioriterad, under %(age)s")
    parts = []
    for row in rows:
        if row.referring_unit:
            source = format_html(
                '{}<br><span class="muted">{}</span>', row.referring_unit, row.referrer
            )
        else:
            source = format_html('<span class="badge">{}</span>', row.source_label)
        parts.append(
            format_html(
                _QUEUE_ROW,
                url=f"{head}/{row.pk}/{tail}",
                last_name=row.last_name,
                first_name=row.first_name,
                protected=protected if row.is_protected else "",
                age=row.age,
                priority=format_html(
                    '<span class="badge badge--priority">{}</span>',
                    priority % {"age": row.priority_age_below},
                )
                if row.ranks_as_priority
                else "–",
                eligibility=row.eligibility,
                eligibility_label=row.eligibility_label,
                days_waiting=row.days_waiting,
                target_groups=", ".join(row.target_groups),
                source=source,
            )
        )
    return SafeString("  " + "".join(parts) + "\n")


def _case_url(case_id: int, referral_id: int) -> str:
    # cases:detail comes with the cases pages; until they exist the referral shows the case.
    try:
        return reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        return reverse("referrals:detail", args=[referral_id])


@staff_view
def referral_decide(request: HttpRequest, actor: User, referral_id: int) -> HttpResponse:
    referral = queries.referral_get(actor, referral_id, log=request.method == "GET")
    if not policy.can_decide_referral(actor, referral):
        raise PermissionDenied
    coaches = coaches_of_unit(referral.receiving_unit)
    initial = {"version": referral.version}
    action = request.POST.get("action") if request.method == "POST" else None
    accept_form = AcceptForm(
        request.POST if action == "accept" else None,
        coaches=coaches,
        prefix="accept",
        initial={**initial, "start_date": timezone.localdate()},
    )
    return_form = ReturnForm(
        request.POST if action == "return" else None, prefix="return", initial=initial
    )
    conflict = None
    if action == "accept" and accept_form.is_valid():
        data = accept_form.cleaned_data
        try:
            case = services.referral_accept(
                actor=actor,
                referral=referral,
                coach=data["coach"],
                start_date=data["start_date"],
                expected_version=data["version"],
                room_and_demand=data["room_and_demand"],
                individual_assessment=data["individual_assessment"],
            )
        except EditConflictError as error:
            conflict = error.messages[0]
        except ValidationError as error:
            add_service_errors(accept_form, error)
        else:
            messages.success(
                request,
                _("Ärendet är öppnat med %(coach)s som arbetscoach.") % {"coach": data["coach"]},
            )
            return redirect(_case_url(case.pk, referral.pk))
    if action == "return" and return_form.is_valid():
        try:
            services.referral_return(
                actor=actor,
                referral=referral,
                reason=return_form.cleaned_data["reason"],
                expected_version=return_form.cleaned_data["version"],
            )
        except EditConflictError as error:
            conflict = error.messages[0]
        except ValidationError as error:
            add_service_errors(return_form, error)
        else:
            messages.success(request, _("Remissen är återskickad till handläggaren."))
            return redirect("referrals:queue")
    return render(
        request,
        "referrals/decide.html",
        {
            "referral": referral,
            "accept_form": accept_form,
            "return_form": return_form,
            "conflict": conflict,
            "has_coaches": coaches.exists(),
            "asks_room_and_demand": services.referral_needs_room_assessment(referral),
            "asks_individual_assessment": referral.eligibility != Eligibility.MET,
            **_stored_eligibility(referral),
        },
    )
