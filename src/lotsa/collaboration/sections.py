"""What a partner reads of one person, section by section, each for one consented scope.

The partner view (`queries.partner_person`) checks the consents in force at the moment of
reading and then asks each registered section whose scope those consents cover — and no
other. The app that owns the data registers its section in its own ``extensions.py``, so
collaboration imports none of them (assessments and work import this module, never the other
way round)::

    partner_sections.register(
        "work.placements", PartnerSectionSource(ConsentScope.PLACEMENTS, build), order=40
    )

``build(access: PartnerAccess) -> PartnerSection | None`` reads through its own app's queries,
runs a constant number of queries however much the case holds, and shows only what its scope
covers. `access` is already checked: the partner, the person (never a protected one), the case
it may read and the consents in force that cover `access.scope`. The partner view writes one
audit record per read naming every consent relied on.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lotsa.core.registry import Registry

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.collaboration.models import Consent, PartnerOrganisation
    from lotsa.people.models import Participant


@dataclass(frozen=True)
class PartnerAccess:
    """One consented scope of one person's case, checked for one partner at `checked_at`."""

    partner: "PartnerOrganisation"
    participant: "Participant"
    case: "Case"
    scope: str
    consent_ids: tuple[int, ...]
    checked_at: datetime


@dataclass
class PartnerSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    scope: str = ""


@dataclass(frozen=True)
class PartnerSectionSource:
    """A section for partners, shown only when a consent in force covers `scope`."""

    scope: str
    build: Callable[[PartnerAccess], PartnerSection | None]


partner_sections: Registry[PartnerSectionSource] = Registry("partner sections")


def sections_for(
    *,
    partner: "PartnerOrganisation",
    participant: "Participant",
    case: "Case",
    consents: list["Consent"],
    checked_at: datetime,
) -> list[PartnerSection]:
    """Every registered section a consent in `consents` covers, in order, each told its scope."""
    sections = []
    for source in partner_sections:
        covering = tuple(c.pk for c in consents if source.scope in c.scopes)
        if not covering:
            continue
        section = source.build(
            PartnerAccess(
                partner=partner,
                participant=participant,
                case=case,
                scope=source.scope,
                consent_ids=covering,
                checked_at=checked_at,
            )
        )
        if section is not None:
            section.scope = source.scope
            sections.append(section)
    return sections
