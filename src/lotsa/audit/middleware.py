from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lotsa.audit.context import RequestOrigin, current_origin
from lotsa.core.client import client_ip


class AuditContextMiddleware:
    """Remember the client address and path of the request for audit records."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = RequestOrigin(ip_address=client_ip(request), path=request.path[:300])
        token = current_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
