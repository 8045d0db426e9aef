"""Logs as JSON lines with request id and actor id and no personal data; Sentry's scrubber.

Every log line is one JSON object: time, level, logger, message, and the `request_id` and
`actor_id` of the request it belongs to (set by `RequestContextMiddleware`; the request id is
the proxy's `X-Request-ID` when it sends a sane one, and goes back in the response). Messages
and tracebacks pass `scrub`, which replaces what looks like a personnummer, an e-mail
address or a phone number; Lotsa's own log calls name rows by id, never by name, and SQL
(which carries names) is never logged. Sentry, when `SENTRY_DSN` is set, sends no request
bodies, cookies, headers, local variables or user fields but the id (`sentry_before_send`).
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("lotsa_request_id", default="")
actor_id_var: ContextVar[int | None] = ContextVar("lotsa_actor_id", default=None)

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_PATTERNS = (
    # personnummer and samordningsnummer, 10 or 12 digits, with or without - or +
    (re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)"), "[personnummer]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-post]"),
    (re.compile(r"(?<![\w])(?:\+46[ -]?|0)7\d[\d -]{6,10}\d(?!\d)"), "[telefon]"),
)


def scrub(text: str) -> str:
    """`text` with what looks like a personnummer, an e-mail address or a phone number
    replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": request_id_var.get() or None,
            "actor_id": actor_id_var.get(),
        }
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class RequestContextMiddleware:
    """Give each request an id (and the signed-in user's id) for its log lines.

    Comes after AuthenticationMiddleware; the request id goes back as `X-Request-ID`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        actor = user.pk if user is not None and user.is_authenticated else None
        request_token = request_id_var.set(request_id)
        actor_token = actor_id_var.set(actor)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(request_token)
            actor_id_var.reset(actor_token)
        response["X-Request-ID"] = request_id
        return response


def _scrub_values(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_values(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_values(item) for key, item in value.items()}
    return value


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """What Sentry may receive: the error, where it happened, the path and the user's id."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {
            "method": request.get("method"),
            "url": scrub(str(request.get("url", "")).split("?")[0]),
        }
    user = event.get("user")
    event["user"] = {"id": user["id"]} if isinstance(user, dict) and "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for key in ("extra", "contexts", "breadcrumbs", "logentry", "exception", "message", "tags"):
        if key in event:
            event[key] = _scrub_values(event[key])
    event.pop("server_name", None)
    return event
