"""Matching pages and the participant's job interests and conditions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_list
from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.queries import cases_visible_to
from lotsa.core.editing import versioned_save
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.people.queries import participant_get
from lotsa.work import matching, policy, queries, services
from lotsa.work.forms import JobProfileForm


def _require_matcher(actor: User) -> None:
    if not policy.can_match(actor):
        raise PermissionDenied


@staff_view
def match_participant(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    _require_matcher(actor)
    participant = participant_get(actor, participant_id)
    profile = matching.profile_for(participant)
    candidates = (
        matching.workplaces_for_participant(actor=actor, profile=profile) if profile.pk else []
    )
    open_case = (
        cases_visible_to(actor)
        .filter(participant=participant, status__in=OPEN_CASE_STATUSES)
        .order_by("-start_date")
        .first()
    )
    return render(
        request,
        "work/match_participant.html",
        {
            "participant": participant,
            "profile": profile,
            "candidates": candidates,
            "case": open_case,
        },
    )


@staff_view
def match_employer(request: HttpRequest, actor: User, employer_id: int) -> HttpResponse:
    _require_matcher(actor)
    employer = queries.employer_get(actor=actor, employer_id=employer_id)
    audit_list(
        actor=actor,
        object_type="people.participant",
        summary=_("Lista: deltagare som matchar %(employer)s") % {"employer": employer.name},
    )
    return render(
        request,
        "work/match_employer.html",
        {
            "employer": employer,
            "candidates": matching.participants_for_employer(actor=actor, employer=employer),
        },
    )


@staff_view
def job_profile_edit(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    _require_matcher(actor)
    participant = participant_get(actor, participant_id)
    profile = matching.profile_for(participant)
    initial = {name: getattr(profile, name) for name in services.JOB_PROFILE_FIELDS}
    initial["version"] = profile.version

    def save(form: JobProfileForm) -> object:
        data = dict(form.cleaned_data)
        expected_version = data.pop("version") or 0
        return services.job_profile_save(
            actor=actor, participant=participant, expected_version=expected_version, **data
        )

    edit = versioned_save(
        request,
        JobProfileForm(request.POST or None, initial=initial),
        save=save,
        rebuild=lambda data, _current: JobProfileForm(data, initial=initial),
    )
    if edit.saved:
        messages.success(request, _("Yrkesintressen och förutsättningar är sparade."))
        return redirect("work:match_participant", participant.pk)
    return render(
        request,
        "work/form.html",
        {
            "form": edit.form,
            "title": _("Yrkesintressen och förutsättningar"),
            "subject": participant.full_name,
            "back": reverse("work:match_participant", args=[participant.pk]),
        },
    )
