"""The guideline editor: administrators draft, change and publish their organisation's guidelines.

Views parse the request and call one service; services hold the rules (a published version is
frozen, facts and parameters are checked) and refuse with Swedish messages shown on the page.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.core.editing import button_action, form_save
from lotsa.core.text import parse_ascii_int
from lotsa.guidelines import queries, services
from lotsa.guidelines.forms import (
    CriterionForm,
    GuidelineForm,
    PublishForm,
    TargetGroupForm,
    VersionSettingsForm,
    criterion_initial,
)
from lotsa.guidelines.models import Criterion, GuidelineVersion, TargetGroup
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.organisations.views import administrator_required


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_version(version: GuidelineVersion) -> HttpResponse:
    return redirect("guidelines:version", version_id=version.pk)


@administrator_required
@staff_view
def guideline_list(request: HttpRequest, actor: User) -> HttpResponse:
    guidelines = queries.guidelines_visible_to(actor)
    return render(
        request,
        "guidelines/guideline_list.html",
        {"title": _("Riktlinjer"), "guidelines": guidelines},
    )


@administrator_required
@staff_view
def guideline_create(request: HttpRequest, actor: User) -> HttpResponse:
    edit = form_save(
        request,
        GuidelineForm(request.POST or None),
        save=lambda form: services.guideline_create(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("Riktlinjen är skapad."))
        return redirect("guidelines:list")
    return render(
        request,
        "guidelines/form.html",
        {"form": edit.form, "title": _("Ny riktlinje"), "back": "guidelines:list"},
    )


@administrator_required
@require_POST
@staff_view
def draft_create(request: HttpRequest, actor: User, guideline_id: int) -> HttpResponse:
    guideline = queries.guideline_get(actor, guideline_id)
    source_id = request.POST.get("from_version", "")
    try:
        if (source_pk := parse_ascii_int(source_id)) is not None:
            source = queries.version_get(actor, source_pk)
            if source.guideline_id != guideline.pk:
                raise Http404
            draft = services.guideline_version_draft_from(actor=actor, version=source)
        else:
            draft = services.guideline_version_draft_create(actor=actor, guideline=guideline)
    except ValidationError as error:
        _refused(request, error)
        return redirect("guidelines:list")
    messages.success(request, _("Utkastet är skapat."))
    return _to_version(draft)


@administrator_required
@staff_view
def version_detail(request: HttpRequest, actor: User, version_id: int) -> HttpResponse:
    version = queries.version_get(actor, version_id)
    initial = {name: getattr(version, name) for name in services.VERSION_SETTINGS}
    edit = form_save(
        request,
        VersionSettingsForm(request.POST or None, initial=initial),
        save=lambda form: services.guideline_version_update(
            actor=actor, version=version, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Inställningarna är sparade."))
        return _to_version(version)
    return render(
        request, "guidelines/version_detail.html", {"version": version, "form": edit.form}
    )


@administrator_required
@staff_view
def target_group_edit(
    request: HttpRequest,
    actor: User,
    version_id: int | None = None,
    target_group_id: int | None = None,
) -> HttpResponse:
    group = queries.target_group_get(actor, target_group_id) if target_group_id else None
    version = group.version if group else queries.version_get(actor, version_id or 0)
    initial = {name: getattr(group, name) for name in services.TARGET_GROUP_KEYS} if group else {}
    edit = form_save(
        request,
        TargetGroupForm(request.POST or None, initial=initial),
        save=lambda form: services.target_group_save(
            actor=actor, version=version, target_group=group, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Målgruppen är sparad."))
        return _to_version(version)
    title = _("Ändra målgrupp") if group else _("Ny målgrupp")
    return _row_form(request, edit.form, title, version)


@administrator_required
@staff_view
def criterion_edit(
    request: HttpRequest,
    actor: User,
    version_id: int | None = None,
    criterion_id: int | None = None,
) -> HttpResponse:
    criterion = queries.criterion_get(actor, criterion_id) if criterion_id else None
    version = criterion.version if criterion else queries.version_get(actor, version_id or 0)
    initial = criterion_initial(criterion) if criterion else {}

    def save(form: CriterionForm) -> object:
        data = form.cleaned_data
        return services.criterion_save(
            actor=actor,
            version=version,
            criterion=criterion,
            code=data["code"],
            label=data["label"],
            kind=data["kind"],
            fact=data["fact"],
            params=form.params(),
            help_text=data["help_text"],
        )

    edit = form_save(
        request, CriterionForm(request.POST or None, initial=initial, version=version), save=save
    )
    if edit.saved:
        messages.success(request, _("Kriteriet är sparat."))
        return _to_version(version)
    title = _("Ändra kriterium") if criterion else _("Nytt kriterium")
    return _row_form(request, edit.form, title, version)


def _row_form(request: HttpRequest, form: Any, title: str, version: GuidelineVersion) -> Any:
    return render(
        request, "guidelines/row_form.html", {"form": form, "title": title, "version": version}
    )


@administrator_required
@require_POST
@staff_view
def target_group_remove(request: HttpRequest, actor: User, target_group_id: int) -> HttpResponse:
    group = queries.target_group_get(actor, target_group_id)
    button_action(
        request,
        lambda: services.target_group_remove(actor=actor, target_group=group),
        success=_("Målgruppen är borttagen."),
    )
    return _to_version(group.version)


@administrator_required
@require_POST
@staff_view
def criterion_remove(request: HttpRequest, actor: User, criterion_id: int) -> HttpResponse:
    criterion = queries.criterion_get(actor, criterion_id)
    button_action(
        request,
        lambda: services.criterion_remove(actor=actor, criterion=criterion),
        success=_("Kriteriet är borttaget."),
    )
    return _to_version(criterion.version)


@administrator_required
@require_POST
@staff_view
def target_group_move(request: HttpRequest, actor: User, target_group_id: int) -> HttpResponse:
    return _row_move(request, actor, queries.target_group_get(actor, target_group_id))


@administrator_required
@require_POST
@staff_view
def criterion_move(request: HttpRequest, actor: User, criterion_id: int) -> HttpResponse:
    return _row_move(request, actor, queries.criterion_get(actor, criterion_id))


def _row_move(request: HttpRequest, actor: User, row: TargetGroup | Criterion) -> HttpResponse:
    up = request.POST.get("to") == "up"
    button_action(request, lambda: services.version_row_move(actor=actor, row=row, up=up))
    return _to_version(row.version)


@administrator_required
@staff_view
def version_publish(request: HttpRequest, actor: User, version_id: int) -> HttpResponse:
    version = queries.version_get(actor, version_id)
    edit = form_save(
        request,
        PublishForm(request.POST or None),
        save=lambda form: services.guideline_version_publish(
            actor=actor, version=version, effective_from=form.cleaned_data["effective_from"]
        ),
    )
    if edit.saved:
        messages.success(request, _("Versionen är publicerad."))
        return _to_version(version)
    return render(request, "guidelines/publish.html", {"version": version, "form": edit.form})
