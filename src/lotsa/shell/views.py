from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
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


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/accessibility.html")
