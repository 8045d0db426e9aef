import hmac
import os

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.shell.metrics import database_registry
from lotsa.shell.navigation import navigation_for


@staff_view
def home(request: HttpRequest, actor: User) -> HttpResponse:
    """Each role's start page is the first item of its navigation."""
    items = navigation_for(actor)
    if items:
        return redirect(items[0].url)
    return render(request, "shell/home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def health_live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (restart it when this fails)."""
    return JsonResponse({"status": "ok"})


_migrations_applied = False  # once true for this code, it stays true for this process


@never_cache
def health_ready(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers and every migration of this code is applied (send no
    traffic here until it is 200)."""
    global _migrations_applied  # noqa: PLW0603
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            executor = MigrationExecutor(connection)
            unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if unapplied:
                return JsonResponse(
                    {"status": "unavailable", "unapplied_migrations": len(unapplied)}, status=503
                )
            _migrations_applied = True
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "no answer"}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics: 401 unless LOTSA_METRICS_TOKEN is set and sent as a bearer token
    (unset, no request gets them)."""
    token = settings.LOTSA_METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(offered.encode(), token.encode()):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # several gunicorn workers: add them up
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    body = generate_latest(registry) + generate_latest(database_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/accessibility.html", {"title": _("Tillgänglighetsredogörelse")})
