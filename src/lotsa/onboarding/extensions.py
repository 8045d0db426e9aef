"""What onboarding adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.onboarding import demo
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders

nav_register(Role.INSTANCE_ADMINISTRATOR, _("Organisationer"), "onboarding:organisations", order=10)
demo_builders.register("onboarding", demo.build_demo, order=90)
