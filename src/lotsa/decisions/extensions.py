"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.decisions import demo, panels
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders

case_panels.register("decisions", panels.panel, order=20)
demo_builders.register("decisions", demo.build_demo, order=70)


nav_register(Role.REFERRER, _("Ansökningar och beslut"), "decisions:list", order=30)
nav_register(Role.MANAGER, _("Beslut"), "decisions:list", order=50)
nav_register(Role.ADMINISTRATOR, _("Jämlik tillgång"), "decisions:equal_access", order=80)
