"""Sending text messages through a pluggable backend (LOTSA_SMS_BACKEND, a dotted path).

A backend is a class with `send(to: str, message: str, *, idempotency_key: str = "") -> None`.
The console backend prints the message (development and the demo); the locmem backend keeps it
in `outbox` (tests). A municipality plugs in its SMS operator by writing a class with the same
method and handing the key to the operator's API, so a send repeated after a crash is
delivered once.

Nothing calls a backend inside a request: `lotsa.jobs.outbox.send_sms` records the message and
a worker's task calls `deliver_sms` (decision 0024).
"""

import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    idempotency_key: str = ""


class BaseSmsBackend:
    def send(self, to: str, message: str, *, idempotency_key: str = "") -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes each message to standard output, like Django's console e-mail backend."""

    _lock = threading.Lock()

    def send(self, to: str, message: str, *, idempotency_key: str = "") -> None:
        with self._lock:
            sys.stdout.write(f"SMS till {to}: {message}\n")
            sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in `lotsa.core.sms.outbox` for tests to read."""

    def send(self, to: str, message: str, *, idempotency_key: str = "") -> None:
        outbox.append(TextMessage(to=to, body=message, idempotency_key=idempotency_key))


def deliver_sms(to: str, message: str, *, idempotency_key: str = "") -> None:
    """Hand one message to the configured backend (only the outbox's task calls this)."""
    backend_class = import_string(settings.LOTSA_SMS_BACKEND)
    backend_class().send(to, message, idempotency_key=idempotency_key)
