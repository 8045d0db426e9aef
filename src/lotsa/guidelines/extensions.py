"""What guidelines adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role

nav_register(Role.ADMINISTRATOR, _("Riktlinjer"), "guidelines:list", order=50)
