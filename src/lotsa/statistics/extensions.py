"""What statistics registers (loaded by LotsaAppConfig.ready): the board report's sections on
other apps' data, in the order the report shows them."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.statistics import members, sections
from lotsa.statistics.report import board_sections

board_sections.register("placements", sections.placements, order=10)
board_sections.register("step_change", sections.step_change, order=20)
board_sections.register("surveys", sections.surveys, order=30)
board_sections.register("decisions", sections.decisions, order=40)
board_sections.register("member_municipalities", members.by_member_municipality, order=50)


nav_register(Role.MANAGER, _("Statistik"), "statistics:board", order=90)
nav_register(
    Role.ADMINISTRATOR, _("Samhällsekonomiska antaganden"), "statistics:assumptions", order=120
)
