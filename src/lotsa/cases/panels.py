"""Sections other apps add to the case page, so the case page does not import every app.

Each entry in CASE_PANELS is the dotted path of a function ``panel(actor, case) -> Panel | None``.
The function reads through its own app's queries (filtered by what the actor may see), runs a
constant number of queries however much the case holds, and returns None when the actor may see
nothing of it. Panels render in this order after the journal.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

CASE_PANELS: tuple[str, ...] = (
    "lotsa.collaboration.panels.panel",
    "lotsa.decisions.panels.panel",
    "lotsa.work.panels.placement_panel",
    "lotsa.assessments.panels.panel",
    "lotsa.surveys.panels.panel",
    "lotsa.outcomes.panels.panel",
)


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def case_panels(actor: Any, case: Any) -> list[Panel]:
    panels = []
    for path in CASE_PANELS:
        build: Callable[[Any, Any], Panel | None] = import_string(path)
        panel = build(actor, case)
        if panel is not None:
            panels.append(panel)
    return panels
