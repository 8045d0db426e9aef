"""What work adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders
from lotsa.work import demo, panels

case_panels.register("work", panels.placement_panel, order=30)
demo_builders.register("work", demo.build_demo, order=60)


nav_register(Role.COACH, _("Arbetsgivare"), "work:employers", order=30)
nav_register(Role.MANAGER, _("Arbetsgivare"), "work:employers", order=60)
nav_register(Role.MANAGER, _("Kostnader för anställningar"), "work:costs", order=70)
