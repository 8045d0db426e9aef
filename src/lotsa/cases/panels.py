"""Sections other apps add to the case page, so the case page imports none of them.

An app registers its section in its `AppConfig.ready()`::

    case_panels.register("work", placement_panel, order=30)

A panel is a function ``panel(access: CaseAccess) -> Panel | None``. `access` has already been
checked by the case page (the actor may see the case; what they may do with it); the panel
reads through its own app's queries, runs a constant number of queries however much the case
holds, and returns None when the actor may see nothing of it. Panels render after the journal,
ordered by `order`.

A panel may also be a *reader* (`lotsa.core.batch`): a generator that yields the querysets
its app's queries built, receives their rows, and returns the Panel. The case page reads every
panel's querysets, and its own lists, in one statement per round — so the page's query count
does not grow with the number of panels.

A panel names its `heading` and the `anchor` (the id of its section) for the page's table of
contents; a long panel sets `folded` and a one-line `summary`, and the page shows it as a
`<details>` whose summary line is what a coach needs without opening it. `actions` are the
panel's most used links, which the page also shows in its action bar at the top.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lotsa.cases import queries
from lotsa.cases.policy import CaseAccess
from lotsa.core.batch import Reader, read_rounds
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


PanelBuilder = Callable[[CaseAccess], "Panel | None | Reader[Panel | None]"]

case_panels: Registry[PanelBuilder] = Registry("case panels")


def panels_for(access: CaseAccess) -> list[Panel]:
    """Every registered section the actor may see, in order."""
    return shown(read_rounds(panel_readers(access)))


def panel_readers(access: CaseAccess) -> list["Panel | None | Reader[Panel | None]"]:
    """What each registered panel gives before reading (for `read_rounds`, with the page's
    own reader in front)."""
    if not access.can_view:
        return []
    return [build(access) for build in case_panels]


def panel_of(build: PanelBuilder, access: CaseAccess) -> Panel | None:
    """One registered panel on its own, read in as many statements as it has rounds."""
    return read_rounds([build(access)])[0]


def shown(panels: Sequence[Panel | None]) -> list[Panel]:
    return [panel for panel in panels if panel is not None]


def shared_plan_panel(access: CaseAccess) -> Reader[Panel | None]:
    """The participant's own activities, comments and read receipts (registered by cases
    itself, after the plan)."""
    shared = yield from queries.shared_plan_reads_for(access.actor, access.case)
    return Panel(
        template="cases/_shared_plan_panel.html",
        context={"shared": shared, "can_work": access.can_work},
    )
