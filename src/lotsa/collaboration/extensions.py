"""What collaboration adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from lotsa.cases import events as case_events
from lotsa.cases.panels import case_panels
from lotsa.collaboration import panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections
from lotsa.collaboration.services import consent_register_from_referral


def carry_over_referral_consent(sender: Any, *, case: Any, actor: Any, **_: Any) -> None:
    """Inside the case-opening transaction: the consent noted on the referral becomes a consent
    record exactly when the case exists (the referral and cases never import collaboration)."""
    consent_register_from_referral(actor=actor, case=case)


case_events.case_opened.hook(carry_over_referral_consent)
case_panels.register("collaboration", panels.panel, order=10)
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
