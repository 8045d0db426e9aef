"""What portal adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders
from lotsa.portal import demo

demo_builders.register("portal", demo.build_demo, order=30)
demo_builders.register("portal-plan", demo.build_co_owned_plan_demo, order=31)


nav_register(Role.PARTICIPANT, _("Mina sidor"), "portal:home", order=10)
nav_register(
    Role.PARTICIPANT, _("Vem har tittat på mina uppgifter?"), "portal:access_log", order=50
)
