"""The navigation each role sees; the start page is the first item."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.constants import Role


@dataclass(frozen=True)
class NavItem:
    label: "str | Promise"
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: dict[str, tuple[NavItem, ...]] = {
    Role.COACH: (
        NavItem(_("Mina ärenden"), "cases:my_cases"),
        NavItem(_("Deltagare"), "people:list"),
        NavItem(_("Arbetsgivare"), "work:employers"),
        NavItem(_("Efter avslut"), "outcomes:list"),
    ),
    Role.REFERRER: (
        NavItem(_("Mina remisser"), "referrals:mine"),
        NavItem(_("Ny remiss"), "referrals:new"),
        NavItem(_("Ansökningar och beslut"), "decisions:list"),
        NavItem(_("Deltagare"), "people:list"),
    ),
    Role.MANAGER: (
        NavItem(_("Remisskö"), "referrals:queue"),
        NavItem(_("Enhetens ärenden"), "cases:unit_cases"),
        NavItem(_("Deltagare"), "people:list"),
        NavItem(_("Logguppföljning"), "audit:review"),
        NavItem(_("Beslut"), "decisions:list"),
        NavItem(_("Arbetsgivare"), "work:employers"),
        NavItem(_("Kostnader för anställningar"), "work:costs"),
        NavItem(_("Efter avslut"), "outcomes:list"),
        NavItem(_("Statistik"), "statistics:board"),
        NavItem(_("Enkäter"), "surveys:list"),
    ),
    Role.ADMINISTRATOR: (
        NavItem(_("Användare"), "organisations:users"),
        NavItem(_("Enheter"), "organisations:units"),
        NavItem(_("Stadsdelar"), "organisations:districts"),
        NavItem(_("Aktivitetskatalog"), "cases:catalogue"),
        NavItem(_("Riktlinjer"), "guidelines:list"),
        NavItem(_("Skattningsinstrument"), "assessments:instruments"),
        NavItem(_("Arbetsmetoder"), "assessments:methods"),
        NavItem(_("Jämlik tillgång"), "decisions:equal_access"),
        NavItem(_("Delegationer"), "decisions:delegations"),
        NavItem(_("Samverkansparter"), "collaboration:partners"),
        NavItem(_("Uppföljning efter avslut"), "outcomes:settings"),
        NavItem(_("Tjänstekonton (API)"), "api:accounts"),
        NavItem(_("Samhällsekonomiska antaganden"), "statistics:assumptions"),
        NavItem(_("Enkäter"), "surveys:list"),
    ),
    Role.PARTICIPANT: (NavItem(_("Mina sidor"), "portal:home"),),
    Role.PARTNER: (NavItem(_("Personer som har samtyckt"), "collaboration:partner_people"),),
}


def navigation_for(user: object) -> tuple[NavItem, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    return NAVIGATION.get(getattr(user, "role", ""), ())
