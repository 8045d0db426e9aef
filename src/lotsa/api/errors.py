"""Every API error is JSON: {"error": {"code", "message", "fields"}} with a Swedish message.

| status | code | when |
| 400 | invalid | the body or a parameter is malformed, or a service refused the values |
| 401 | unauthorized | no token, a malformed, unknown or revoked token |
| 403 | forbidden | the token lacks the scope, or the policy refuses the acting user |
| 404 | not_found | no such object, or not one the account may see (the two are not told apart) |
| 409 | conflict | someone changed the object since the version sent; an external id in use |
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from lotsa.core.concurrency import EditConflictError
from lotsa.core.dates import implausible_date_message
from lotsa.core.text import SINGLE_LINE_MESSAGE


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = {name: list(messages) for name, messages in (fields or {}).items()}


def error_body(code: str, message: str, fields: Mapping[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def _respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    response = api.create_response(
        request, error_body(error.code, error.message, error.fields), status=error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="lotsa"'
    return response


def unauthorized() -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        _("Ange en giltig API-nyckel i rubriken Authorization: Bearer <nyckel>."),
    )


def forbidden_scope(scope: str) -> ApiError:
    return ApiError(
        403, "forbidden", _("API-nyckeln saknar behörigheten %(scope)s.") % {"scope": scope}
    )


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Det finns inget sådant objekt som kontot får se."))


def from_validation_error(
    error: ValidationError, renames: Mapping[str, str] | None = None
) -> ApiError:
    """A service's ValidationError as a 400 with the messages by API field name."""
    renames = renames or {}
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            if name == NON_FIELD_ERRORS:
                general.extend(messages)
            else:
                fields.setdefault(_api_field(name, renames), []).extend(messages)
    else:
        general.extend(error.messages)
    message = " ".join(general) or _("Kontrollera de markerade uppgifterna.")
    return ApiError(400, "invalid", message, fields)


def _api_field(name: str, renames: Mapping[str, str]) -> str:
    if name in renames:
        return renames[name]
    for prefix, replacement in renames.items():
        if prefix.endswith("*") and name.startswith(prefix[:-1]):
            return replacement.replace("*", name[len(prefix) - 1 :])
    return name


# Pydantic's error types in plain Swedish; anything else gets the general message.
def _schema_message(error_type: str) -> str:
    messages = {
        "missing": _("Uppgiften saknas."),
        "string_too_long": _("Texten är för lång."),
        "string_too_short": _("Uppgiften får inte vara tom."),
        "string_pattern_mismatch": _("Texten innehåller otillåtna tecken."),
        "literal_error": _("Välj ett av de tillåtna värdena."),
        "enum": _("Välj ett av de tillåtna värdena."),
        "date_from_datetime_parsing": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        "date_parsing": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        "date_from_datetime_inexact": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        "date_type": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        "int_parsing": _("Ange ett heltal."),
        "int_type": _("Ange ett heltal."),
        "int_from_float": _("Ange ett heltal."),
        "greater_than_equal": _("Talet är för litet."),
        "less_than_equal": _("Talet är för stort."),
        "bool_parsing": _("Ange true eller false."),
        "bool_type": _("Ange true eller false."),
        "too_long": _("Listan har för många värden."),
        "list_type": _("Ange en lista."),
        "dict_type": _("Ange ett objekt."),
        "string_type": _("Ange en text."),
        "extra_forbidden": _("Okänt fält."),
        "json_invalid": _("Innehållet är inte giltig JSON."),
        "implausible_date": implausible_date_message(),
        "control_characters": str(SINGLE_LINE_MESSAGE),
    }
    return str(messages.get(error_type, _("Ogiltigt värde.")))


def _schema_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        # ninja puts the source first ("body", "query", "path") and then the parameter name.
        if location and location[0] in ("body", "query", "path"):
            location = location[1:]
        if location and location[0] in ("payload", "filters", "paging") and len(location) > 1:
            location = location[1:]
        name = ".".join(location) or "body"
        fields.setdefault(name, []).append(_schema_message(str(error.get("type", ""))))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        return _respond(api, request, error)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return _respond(api, request, unauthorized())

    @api.exception_handler(SchemaValidationError)
    def schema_error(request: HttpRequest, error: SchemaValidationError) -> HttpResponse:
        fields = _schema_fields(list(error.errors))
        return _respond(
            api,
            request,
            ApiError(400, "invalid", _("Kontrollera de markerade uppgifterna."), fields),
        )

    @api.exception_handler(EditConflictError)
    def conflict(request: HttpRequest, error: EditConflictError) -> HttpResponse:
        return _respond(api, request, ApiError(409, "conflict", " ".join(error.messages)))

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        return _respond(api, request, from_validation_error(error))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return _respond(
            api,
            request,
            ApiError(403, "forbidden", _("Kontot får inte göra detta.")),
        )

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, error: Http404) -> HttpResponse:
        return _respond(api, request, not_found())

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
        # e.g. a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE
        return _respond(api, request, ApiError(400, "invalid", _("Begäran kunde inte tolkas.")))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if error.status_code == 404:
            return _respond(api, request, not_found())
        if error.status_code == 401:
            return _respond(api, request, unauthorized())
        return _respond(
            api,
            request,
            ApiError(
                error.status_code,
                "invalid" if error.status_code < 500 else "error",
                _("Begäran kunde inte tolkas.") if error.status_code < 500 else _("Serverfel."),
            ),
        )
