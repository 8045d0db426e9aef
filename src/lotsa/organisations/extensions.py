"""What organisations adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role

nav_register(Role.ADMINISTRATOR, _("Användare"), "organisations:users", order=10)
nav_register(Role.ADMINISTRATOR, _("Enheter"), "organisations:units", order=20)
nav_register(Role.ADMINISTRATOR, _("Stadsdelar"), "organisations:districts", order=30)
