from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotsa.audit.queries import participant_access_log
from lotsa.people.queries import participant_get


@login_required
def participant_log(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = participant_get(request.user, participant_id)  # type: ignore[arg-type]
    records = participant_access_log(request.user, participant)  # type: ignore[arg-type]
    page = Paginator(records, 50).get_page(request.GET.get("sida"))
    return render(request, "audit/participant_log.html", {"participant": participant, "page": page})
