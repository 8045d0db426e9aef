"""The work app's sections on the case page and in the partner view (registered in
lotsa.work.extensions)."""

from lotsa.collaboration.sections import PartnerAccess, PartnerSection
from lotsa.work import queries
from lotsa.work.attendance_report_views import attendance_report_panel
from lotsa.work.placement_views import placement_panel

__all__ = ["attendance_report_panel", "partner_section", "placement_panel"]


def partner_section(access: PartnerAccess) -> PartnerSection:
    """Praktik, arbetsträning and employments for a partner with consent to placements."""
    return PartnerSection(
        template="work/_partner_section.html",
        context={"placements": queries.partner_placements(access)},
    )
