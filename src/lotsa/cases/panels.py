"""Sections other apps add to the case page, so the case page imports none of them.

An app registers its section in its `AppConfig.ready()`::

    case_panels.register("work", placement_panel, order=30)

A panel is a function ``panel(access: CaseAccess) -> Panel | None``. `access` has already been
checked by the case page (the actor may see the case; what they may do with it); the panel
reads through its own app's queries, runs a constant number of queries however much the case
holds, and returns None when the actor may see nothing of it. Panels render after the journal,
ordered by `order`.

A panel names its `heading` and the `anchor` (the id of its section) for the page's table of
contents; a long panel sets `folded` and a one-line `summary`, and the page shows it as a
`<details>` whose summary line is what a coach needs without opening it. `actions` are the
panel's most used links, which the page also shows in its action bar at the top.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lotsa.cases import queries
from lotsa.cases.policy import CaseAccess
from lotsa.core.registry import Registry


@dataclass(frozen=True)
class PanelAction:
    label: Any  # a lazily translated string
    url: str


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    heading: Any = ""
    anchor: str = ""
    summary: str = ""
    folded: bool = False
    actions: list[PanelAction] = field(default_factory=list)


PanelBuilder = Callable[[CaseAccess], Panel | None]

case_panels: Registry[PanelBuilder] = Registry("case panels")


def panels_for(access: CaseAccess) -> list[Panel]:
    """Every registered section the actor may see, in order."""
    if not access.can_view:
        return []
    panels = []
    for build in case_panels:
        panel = build(access)
        if panel is not None:
            panels.append(panel)
    return panels


def shared_plan_panel(access: CaseAccess) -> Panel | None:
    """The participant's own activities, comments and read receipts (registered by cases
    itself, after the plan)."""
    return Panel(
        template="cases/_shared_plan_panel.html",
        context={
            "shared": queries.shared_plan(access.actor, access.case),
            "can_work": access.can_work,
        },
    )
