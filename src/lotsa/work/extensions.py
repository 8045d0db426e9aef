"""What work adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections
from lotsa.work import panels

case_panels.register("work", panels.placement_panel, order=30)
partner_sections.register(
    "work.placements",
    PartnerSectionSource(ConsentScope.PLACEMENTS, panels.partner_section),
    order=40,
)
