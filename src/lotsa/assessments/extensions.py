"""What assessments adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.assessments import panels
from lotsa.cases.panels import case_panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections

case_panels.register("assessments", panels.panel, order=40)
partner_sections.register(
    "assessments.progress",
    PartnerSectionSource(ConsentScope.ASSESSMENTS, panels.partner_section),
    order=30,
)
