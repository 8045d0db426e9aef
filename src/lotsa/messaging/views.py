"""Staff and partner pages of messaging: a thread (read, answer, copy into the journal), a new
thread on a case, and a partner contact's threads. The participant's pages are in portal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_list
from lotsa.cases import queries as case_queries
from lotsa.collaboration.policy import is_partner_user
from lotsa.core.editing import form_save
from lotsa.messaging import policy, queries, services
from lotsa.messaging.forms import (
    MessageForm,
    StaffThreadForm,
    plan_step_choices,
    plan_step_of,
)
from lotsa.messaging.models import Thread
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User


@staff_view
def thread(request: HttpRequest, actor: User, thread_id: int) -> HttpResponse:
    """One thread: every message with its read receipt, an answer, and a copy to the journal."""
    found = queries.thread_get(actor, thread_id)
    action = request.POST.get("action") if request.method == "POST" else None
    edit = form_save(
        request,
        MessageForm(request.POST if action == "send" else None),
        save=lambda form: services.message_send(
            actor=actor, thread=found, body=form.cleaned_data["body"]
        ),
    )
    if edit.saved:
        messages.success(request, _("Meddelandet är skickat."))
        return redirect(request.path)
    form = edit.form
    if action == "copy":
        message = queries.thread_message_get(found, request.POST.get("message_id"))
        try:
            services.message_copy_to_note(actor=actor, message=message)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("Meddelandet är kopierat till ett utkast i journalen. Signera det där.")
            )
        return redirect(request.path)
    services.thread_read(actor=actor, thread=found)
    return render(
        request,
        "messaging/thread.html",
        {
            "thread": found,
            "entries": queries.thread_messages(found),
            "form": form if policy.can_write_thread(actor, found) else None,
            "can_copy": policy.can_copy_to_journal(actor, found.case),
            "side": services.side_in_thread(actor, found),
        },
    )


@staff_view
def thread_start(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """A new thread to the participant, optionally with a partner contact they consented to."""
    # The form shows the person: the GET is logged; the POST is logged by its service.
    case = case_queries.case_get(actor, case_id, log=request.method == "GET")
    if not policy.can_start_thread(actor, case):
        raise Http404
    shared = case_queries.shared_plan(actor, case)
    contacts = queries.partner_contacts_for_new_thread(actor, case)

    def save(form: StaffThreadForm) -> Thread:
        cleaned = form.cleaned_data
        return services.thread_start(
            actor=actor,
            case=case,
            subject=cleaned["subject"],
            body=cleaned["body"],
            partner_contact=next(
                (c for c in contacts if str(c.pk) == cleaned["partner_contact"]), None
            ),
            **plan_step_of(shared, cleaned["step"]),
        )

    edit = form_save(
        request,
        StaffThreadForm(
            request.POST or None,
            steps=plan_step_choices(shared),
            contacts=[(str(c.pk), f"{c.name} ({c.partner.name})") for c in contacts],
        ),
        save=save,
    )
    if edit.saved:
        messages.success(request, _("Meddelandet är skickat till deltagaren."))
        return redirect("messaging:thread", edit.result.pk)
    return render(request, "messaging/thread_start.html", {"case": case, "form": edit.form})


@staff_view
def partner_threads(request: HttpRequest, actor: User) -> HttpResponse:
    """A partner contact's threads (only with a consent in force, never protected people)."""
    if not is_partner_user(actor):
        raise PermissionDenied
    audit_list(actor=actor, object_type="messaging.thread", summary=_("Lista: Meddelanden"))
    return render(
        request,
        "messaging/partner_threads.html",
        {"title": _("Meddelanden"), "threads": queries.partner_threads(actor)},
    )
