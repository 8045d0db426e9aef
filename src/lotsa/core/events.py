"""Lifecycle events: the app that owns a thing announces what happens to it, others react.

An event has two kinds of reaction, both registered by the reacting app in its
`AppConfig.ready()` — the announcing app never imports its listeners:

- ``hook`` reactions run *inside* the announcer's transaction, before it commits. Use them when
  the reaction's rows must exist exactly when the announced change does (ending a closed case's
  placements, scheduling follow-ups after closure, turning referral consent into consent
  records). An exception in a hook rolls the whole change back, and the page shows the message.
- ``on_commit`` reactions run after the transaction has committed (Django's
  ``transaction.on_commit``). Use them for what may happen later or fail on its own: mail, SMS,
  survey invitations, cache refreshes.

Both are Django signals, so receivers are plain functions taking ``sender`` and the event's
keyword arguments; ``docs/architecture.md`` lists every event, its announcer and its receivers.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal

Receiver = Callable[..., Any]


class LifecycleEvent:
    """One thing that happens to an owned object: ``case_closed``, ``consent_revoked`` …"""

    def __init__(self, name: str, *, arguments: tuple[str, ...]) -> None:
        self.name = name
        self.arguments = arguments
        self._in_transaction = Signal()
        self._after_commit = Signal()

    def __repr__(self) -> str:
        return f"<LifecycleEvent {self.name}>"

    def hook(self, receiver: Receiver, *, uid: str | None = None) -> Receiver:
        """Run `receiver` inside the announcing transaction (may raise to refuse the change)."""
        self._in_transaction.connect(receiver, weak=False, dispatch_uid=uid or _uid(receiver))
        return receiver

    def on_commit(self, receiver: Receiver, *, uid: str | None = None) -> Receiver:
        """Run `receiver` once the announcing transaction has committed."""
        self._after_commit.connect(receiver, weak=False, dispatch_uid=uid or _uid(receiver))
        return receiver

    def disconnect(self, receiver: Receiver, *, uid: str | None = None) -> None:
        self._in_transaction.disconnect(receiver, dispatch_uid=uid or _uid(receiver))
        self._after_commit.disconnect(receiver, dispatch_uid=uid or _uid(receiver))

    def receivers(self) -> dict[str, list[str]]:
        """The names of the connected receivers, for the docs test and for debugging."""
        return {
            "hook": [_name(r) for r in _live(self._in_transaction)],
            "on_commit": [_name(r) for r in _live(self._after_commit)],
        }

    def announce(self, sender: object, **arguments: Any) -> None:
        """Tell every receiver; call inside the transaction that makes the change."""
        unknown = set(arguments) - set(self.arguments)
        missing = set(self.arguments) - set(arguments)
        if unknown or missing:
            raise TypeError(f"{self.name}: unknown {sorted(unknown)}, missing {sorted(missing)}")
        self._in_transaction.send(sender=sender, **arguments)
        if self._after_commit.has_listeners(sender):
            transaction.on_commit(partial(self._after_commit.send, sender=sender, **arguments))


def _uid(receiver: Receiver) -> str:
    return f"{receiver.__module__}.{getattr(receiver, '__qualname__', repr(receiver))}"


def _live(signal: Signal) -> list[Receiver]:
    # Receivers are connected with weak=False, so each entry holds the function itself.
    return [entry[1] for entry in signal.receivers]


def _name(receiver: Receiver) -> str:
    return _uid(receiver)
