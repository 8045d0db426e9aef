from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# What a signed-in participant may open besides their own pages and surveys.
PARTICIPANT_NAMESPACES = frozenset({"portal", "surveys"})
PARTICIPANT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "shell:home",
        "shell:accessibility",
        "shell:healthz",
        "shell:health_live",
        "shell:health_ready",
        "shell:metrics",
    }
)


class ParticipantBoundaryMiddleware:
    """Refuse signed-in participants every page outside "Mina sidor" and the surveys.

    Staff pages check roles themselves; this is the second wall, so a staff page that forgets a
    role check still never answers a participant. Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "is_participant", False)
            and not request.path_info.startswith(settings.STATIC_URL)
            and not _participant_may_open(request.path_info)
        ):
            raise PermissionDenied
        return self.get_response(request)


def _participant_may_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 answers anyway
    return match.namespace in PARTICIPANT_NAMESPACES or match.view_name in PARTICIPANT_VIEWS
