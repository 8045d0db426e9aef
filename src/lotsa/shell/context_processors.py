from django.http import HttpRequest

from lotsa.shell.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    items = navigation_for(request.user)
    path = request.path
    # The longest matching address is the current page: "/mina-sidor/" also begins every
    # other page of Mina sidor.
    matching = [item.url for item in items if path.startswith(item.url)]
    current = max(matching, key=len) if matching else None
    return {
        "nav_items": [
            {"label": item.label, "url": item.url, "current": item.url == current} for item in items
        ]
    }
