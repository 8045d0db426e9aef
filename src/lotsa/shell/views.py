from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lotsa.shell.navigation import navigation_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page is the first item of its navigation."""
    items = navigation_for(request.user)
    if items:
        return redirect(items[0].url)
    return render(request, "shell/home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/accessibility.html")
