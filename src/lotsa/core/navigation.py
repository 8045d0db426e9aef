"""Navigation entries, registered by the app that owns each page (in its extensions.py).

`lotsa.shell` shows them: `navigation_for(user)` is the entries of the user's role, in order;
the first is the role's start page. The registry lives in core so that apps below the shell
(organisations, people) can register theirs too.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from lotsa.core.registry import Registry


@dataclass(frozen=True)
class NavItem:
    role: str
    label: "str | Promise"
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


navigation: Registry[NavItem] = Registry("navigation")


def nav_register(role: str, label: "str | Promise", url_name: str, *, order: int) -> None:
    """Show `url_name` to `role` under `label`; `order` places it among the role's entries."""
    navigation.register(f"{role}:{url_name}", NavItem(role, label, url_name), order=order)


def navigation_for(user: object) -> tuple[NavItem, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    role = getattr(user, "role", "")
    return tuple(item for item in navigation if item.role == role)
