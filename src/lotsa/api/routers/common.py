"""What every router of /api/v1/ shares: the acting user, paging, and list audit records."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.params import Path
from pydantic import Field

from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.errors import ApiError, forbidden_scope
from lotsa.api.models import ServiceAccount
from lotsa.api.policy import has_scope
from lotsa.api.queries import page_of
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.organisations.models import Unit, User

ERRORS: dict[int, Any] = {code: s.ErrorOut for code in (400, 401, 403, 404)}
ID = Annotated[int, Path(ge=1, le=s.MAX_ID)]


class Paging(Schema):
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=100)


PAGING = ("page", "page_size")


def account_of(request: HttpRequest) -> ServiceAccount:
    """The service account whose token authenticated the request (set by ServiceAccountAuth)."""
    account: ServiceAccount = request.auth  # type: ignore[attr-defined]
    return account


def acting_user(request: HttpRequest, scope: Scope, *, query: tuple[str, ...] = ()) -> User:
    """The acting user, if the token has `scope`; unknown query parameters are refused, so a
    misspelt filter (`?personnummer=`) is an error instead of a silently unfiltered list."""
    account = account_of(request)
    if not has_scope(account, scope):
        raise forbidden_scope(scope.value)
    unknown = sorted(set(request.GET) - set(query))
    if unknown:
        raise ApiError(
            400,
            "invalid",
            _("Okänd parameter: %(names)s.") % {"names": ", ".join(unknown)},
            {name: [_("Okänd parameter.")] for name in unknown},
        )
    return account.user


def page(queryset: QuerySet, paging: Paging) -> tuple[dict, list]:
    """One page of `queryset` and the paging block of the answer."""
    return page_of(queryset, page=paging.page, page_size=paging.page_size)


def log_list(actor: User, object_type: str, summary: str) -> None:
    audit_record(actor=actor, action=AuditAction.SEARCH, object_type=object_type, summary=summary)


def unit_out(unit: Unit) -> dict:
    return {"id": unit.pk, "name": unit.name}


def invalid_field(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid", _("Kontrollera de markerade uppgifterna."), {field: [message]})
