"""Where the current request comes from, so services can log it without being handed the request."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None = None
    path: str = ""


current_origin: ContextVar[RequestOrigin | None] = ContextVar("current_origin", default=None)
