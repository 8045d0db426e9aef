from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.organisations.queries import user_get
from lotsa.oversight import queries
from lotsa.oversight.forms import PeriodForm, last_month
from lotsa.people.queries import participant_get


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    start, end = last_month()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


@staff_view
def participant_log(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = participant_get(actor, participant_id)
    records = queries.participant_access_log(actor, participant)
    page = Paginator(records, 50).get_page(request.GET.get("sida"))
    rows = [(record, queries.what_was_read(record)) for record in page]
    return render(
        request,
        "oversight/participant_log.html",
        {"participant": participant, "page": page, "rows": rows},
    )


@staff_view
def review(request: HttpRequest, actor: User) -> HttpResponse:
    """The manager's monthly log review: activity per member and look-ups to follow up."""
    if not queries.can_review_unit_log(actor):
        raise PermissionDenied
    form, start, end = _period(request)
    context = {
        "title": _("Logguppföljning"),
        "form": form,
        "start": start,
        "end": end,
        "members": queries.unit_members_activity(actor, start=start, end=end),
        "outside": [
            (record, queries.what_was_read(record))
            for record in queries.lookups_outside_own_work(actor, start=start, end=end)[:200]
        ],
        "security_events": queries.security_events(actor, start=start, end=end)[:200],
        "query": request.GET.urlencode(),
    }
    return render(request, "oversight/review.html", context)


@staff_view
def user_log(request: HttpRequest, actor: User, user_id: int) -> HttpResponse:
    if not queries.can_review_unit_log(actor):
        raise PermissionDenied
    member = user_get(actor, user_id)
    form, start, end = _period(request)
    records = queries.user_access_log(actor, member, start=start, end=end)
    page = Paginator(records, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "member": member,
        "form": form,
        "page": page,
        "rows": [(record, queries.what_was_read(record)) for record in page],
        "query": query.urlencode(),
    }
    return render(request, "oversight/user_log.html", context)
