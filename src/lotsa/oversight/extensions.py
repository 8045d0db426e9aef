"""What oversight adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role

nav_register(Role.MANAGER, _("Logguppföljning"), "oversight:review", order=40)
