"""Demo: a service account for the social services' case system, with every scope.

It acts as a referrer in referrer1's unit (Solvik), so it sees what referrer1's unit may see.
The token is printed once, as on the administrator's page; try it with docs/api.md's examples.
"""

from typing import TYPE_CHECKING

from lotsa.api.constants import Scope
from lotsa.api.services import service_account_create
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext


def build_demo(context: "DemoContext") -> list[str]:
    admin = context.staff["admin"]
    referrer = context.staff["referrer1"]
    created = service_account_create(
        actor=admin,
        name="Socialtjänstens verksamhetssystem",
        role=Role.REFERRER,
        unit=referrer.unit,
        scopes=Scope.values,
    )
    return [
        f"API: service account '{created.account.name}' (all scopes, acts as a referrer in "
        f"{referrer.unit}); token, shown once: {created.token}",
    ]
