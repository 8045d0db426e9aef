"""What people adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role

nav_register(Role.COACH, _("Deltagare"), "people:list", order=20)
nav_register(Role.REFERRER, _("Deltagare"), "people:list", order=40)
nav_register(Role.MANAGER, _("Deltagare"), "people:list", order=30)
