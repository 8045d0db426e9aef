from django.http import HttpRequest

from lotsa.shell.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    items = navigation_for(request.user)
    path = request.path
    return {
        "nav_items": [
            {"label": item.label, "url": item.url, "current": path.startswith(item.url)}
            for item in items
        ]
    }
