"""What api adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.api import demo
from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders

demo_builders.register("api", demo.build_demo, order=80)


nav_register(Role.ADMINISTRATOR, _("Tjänstekonton (API)"), "api:accounts", order=110)
