"""What collaboration adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import case_panels
from lotsa.collaboration import demo, panels
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders

case_panels.register("collaboration", panels.panel, order=10)
demo_builders.register("collaboration", demo.build_demo, order=20)


nav_register(Role.ADMINISTRATOR, _("Samverkansparter"), "collaboration:partners", order=90)
nav_register(Role.PARTNER, _("Personer som har samtyckt"), "collaboration:partner_people", order=10)
