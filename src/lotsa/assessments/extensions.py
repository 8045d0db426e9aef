"""What assessments adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.assessments import demo, panels
from lotsa.cases.panels import case_panels
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerSectionSource, partner_sections
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders

case_panels.register("assessments", panels.panel, order=40)
demo_builders.register("assessments", demo.build_demo, order=50)
partner_sections.register(
    "assessments.progress",
    PartnerSectionSource(ConsentScope.ASSESSMENTS, panels.partner_section),
    order=30,
)


nav_register(Role.ADMINISTRATOR, _("Skattningsinstrument"), "assessments:instruments", order=60)
nav_register(Role.ADMINISTRATOR, _("Arbetsmetoder"), "assessments:methods", order=70)
nav_register(Role.MANAGER, _("Metodtrohet"), "assessments:fidelity", order=95)
