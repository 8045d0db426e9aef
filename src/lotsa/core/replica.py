"""Statistics read from a PostgreSQL read replica when one is configured.

`DATABASE_REPLICA_URL` adds the database alias ``replica`` and sets LOTSA_READ_REPLICA_ALIAS.
Reads go there only inside `reading_from_replica()` — which `ReplicaReadsMiddleware` opens for
GET requests to the apps named in LOTSA_REPLICA_APPS (the statistics pages) — and never:

- for writes, or reads inside a transaction on the primary (a write's own reads must see it);
- for sign-in, sessions, users and the audit chain, which must never lag behind.

Without a replica every read goes to ``default`` and this module changes nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

_replica_reads: ContextVar[bool] = ContextVar("lotsa_replica_reads", default=False)

# Rows that must be read where they are written.
PRIMARY_ONLY_APPS = frozenset(
    {"auth", "sessions", "contenttypes", "organisations", "audit", "axes", "otp_totp", "otp_static"}
)


def replica_alias() -> str | None:
    alias = getattr(settings, "LOTSA_READ_REPLICA_ALIAS", None)
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        alias = replica_alias()
        if alias is None or not _replica_reads.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:  # type: ignore[attr-defined]
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica is a copy made by PostgreSQL's replication, never migrated by Django.
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Serve GET requests to the statistics pages from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reads = request.method in ("GET", "HEAD") and replica_alias() is not None
        if reads and self._reads_statistics(request):
            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def _reads_statistics(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return bool(set(match.namespaces) & set(settings.LOTSA_REPLICA_APPS))
