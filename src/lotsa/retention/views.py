from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.queries import participant_get
from lotsa.retention import policy, services
from lotsa.retention.constants import ExtractFormat


def _participant(request: HttpRequest, participant_id: int) -> Participant:
    # Only managers make extracts; for them, a person they cannot see is 404 like anywhere else.
    if not policy.can_make_extracts(request.user):
        raise PermissionDenied
    return participant_get(request.user, participant_id)


@never_cache
@staff_view
def extract(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = _participant(request, participant_id)
    data = services.extract_export(actor=actor, participant=participant, form=ExtractFormat.HTML)
    return render(request, "retention/extract.html", {"participant": participant, "extract": data})


@never_cache
@staff_view
def extract_json(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = _participant(request, participant_id)
    data = services.extract_export(actor=actor, participant=participant, form=ExtractFormat.JSON)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    # The file name carries no name or personnummer: downloads end up in shared folders.
    filename = f"registerutdrag-{participant.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
