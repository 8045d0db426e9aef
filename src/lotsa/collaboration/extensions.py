"""What collaboration adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events as case_events
from lotsa.cases.caseload import CaseloadFilter, caseload_filters
from lotsa.cases.panels import case_panels
from lotsa.collaboration import demo, panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.queries import meets_today_q
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections
from lotsa.collaboration.services import consent_register_from_referral
from lotsa.core.navigation import nav_register
from lotsa.jobs import schedule
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders, demo_foundations


def carry_over_referral_consent(sender: Any, *, case: Any, actor: Any, **_kw: Any) -> None:
    """Inside the case-opening transaction: the consent noted on the referral becomes a consent
    record exactly when the case exists (the referral and cases never import collaboration)."""
    consent_register_from_referral(actor=actor, case=case)


case_events.case_opened.hook(carry_over_referral_consent)
case_panels.register("collaboration", panels.panel, order=10)
demo_foundations.register("collaboration", demo.build_partners, order=10)
caseload_filters.register(
    "mote-i-dag", CaseloadFilter(label=_("Möte i dag"), condition=meets_today_q), order=30
)
demo_builders.register("collaboration", demo.build_demo, order=20)
partner_sections.register(
    "collaboration.plan",
    PartnerSectionSource(ConsentScope.PLAN, panels.partner_plan_section),
    order=10,
)
partner_sections.register(
    "collaboration.notes",
    PartnerSectionSource(ConsentScope.NOTES, panels.partner_notes_section),
    order=20,
)
partner_sections.register(
    "collaboration.meetings",
    PartnerSectionSource(ConsentScope.MEETINGS, panels.partner_meetings_section),
    order=50,
)


nav_register(Role.ADMINISTRATOR, _("Samverkansparter"), "collaboration:partners", order=90)
nav_register(Role.PARTNER, _("Personer som har samtyckt"), "collaboration:partner_people", order=10)
nav_register(Role.PARTNER, _("Remittera en person"), "collaboration:partner_referral", order=20)

schedule.register(
    schedule.ScheduledJob(
        "expire_consents",
        schedule.Daily(0, 15),
        schedule.command("expire_consents"),
        "announce consent_expired",
    )
)
