"""What surveys adds to other apps (loaded by LotsaAppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.panels import case_panels
from lotsa.core.navigation import nav_register
from lotsa.jobs import schedule
from lotsa.organisations.constants import Role
from lotsa.people.demo import demo_builders
from lotsa.surveys import demo, panels

case_panels.register("surveys", panels.panel, order=50)
demo_builders.register("surveys", demo.build_demo, order=40)


nav_register(Role.MANAGER, _("Enkäter"), "surveys:list", order=100)
nav_register(Role.ADMINISTRATOR, _("Enkäter"), "surveys:list", order=130)

schedule.register(
    schedule.ScheduledJob(
        "send_surveys",
        schedule.Daily(7, 0),
        schedule.command("send_surveys"),
        "survey invitations on closure and after 3 months",
    )
)
schedule.register(
    schedule.ScheduledJob(
        "publish_survey_answers",
        schedule.Daily(1, 15),
        schedule.command("publish_survey_answers"),
        "survey answers into results, 5 or more at a time",
    )
)
