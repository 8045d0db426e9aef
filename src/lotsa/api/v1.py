"""The integration API, version 1 (docs/api.md).

Every endpoint: check the token's scope, then call the same query or service the pages call,
acting as the service account's user; the queries and services write the audit records (and
list reads write one here). Errors are JSON (lotsa.api.errors). One router per resource
(`lotsa.api.routers`); routers read through queries and write through services.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from lotsa.api.auth import ServiceAccountAuth
from lotsa.api.errors import install_error_handlers
from lotsa.api.routers import cases, participants, referrals, reports, statistics


class LotsaNinjaAPI(NinjaAPI):
    """Ninja's API mounted inside the `api` URL namespace (config/urls.py includes api.urls)."""

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return reverse(f"api:{self.urls_namespace}:api-root", kwargs=path_params)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`lotsa_api_v1_<function>`, as before the routers were split: clients generated
        from the schema keep their method names."""
        return f"lotsa_api_v1_{operation.view_func.__name__}"


class LocalSwagger(Swagger):
    """Swagger UI from the files django-ninja ships (no CDN), pointing at our schema URL."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse(f"api:{api.urls_namespace}:openapi-json", kwargs=path_params)


api = LotsaNinjaAPI(
    title="Lotsa API",
    version="1",
    description=(
        "Integration API for other systems of the municipality (docs/api.md). Authenticate "
        "with `Authorization: Bearer <token>` of a service account; each endpoint needs the "
        'scope named in its description. Errors: `{"error": {"code", "message", '
        '"fields"}}` with a Swedish message.'
    ),
    auth=ServiceAccountAuth(),
    urls_namespace="v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=LocalSwagger(),
)
install_error_handlers(api)

api.add_router("/participants/", participants.router)
api.add_router("/referrals/", referrals.router)
api.add_router("/cases/", cases.router)
api.add_router("/statistics/", statistics.router)
api.add_router("/reports/", reports.router)


@api.get("/", auth=None, include_in_schema=False, url_name="index")
def index(request: HttpRequest) -> Any:
    """Where the schema and the documentation are (open to all: they hold no personal data)."""
    return {
        "schema": reverse("api:v1:openapi-json"),
        "docs": reverse("api:v1:openapi-view"),
    }


__all__ = ["api"]
