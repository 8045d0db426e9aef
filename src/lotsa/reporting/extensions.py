"""What reporting registers (loaded by LotsaAppConfig.ready): its menu entries, its reports for
`lotsa report <name>`, and its demo."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation
from lotsa.people.demo import demo_builders
from lotsa.reporting import demo
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.exports import report_part
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.periods import Period
from lotsa.statistics.report_files import ReportOutput, report_commands


def kolada_file(organisation: Organisation, period: Period) -> ReportOutput:
    return ReportOutput(parts=[report_part(produce_kolada(organisation, period))])


def esf_file(organisation: Organisation, period: Period) -> ReportOutput:
    return ReportOutput(parts=[report_part(produce_esf(organisation, period))])


def socialstyrelsen_file(organisation: Organisation, period: Period) -> ReportOutput:
    """Without an actor: everyone but people with protected identity (see the module)."""
    monthly = produce_socialstyrelsen(organisation, period)
    return ReportOutput(rows=[list[object](row) for row in monthly.csv_rows()])


report_commands.register("kolada", kolada_file, order=10)
report_commands.register("esf", esf_file, order=20)
report_commands.register("socialstyrelsen", socialstyrelsen_file, order=30)
demo_builders.register("reporting", demo.build_demo, order=95)

nav_register(Role.MANAGER, _("Nationella rapporter"), "reporting:index", order=95)
nav_register(Role.ADMINISTRATOR, _("Koder till Socialstyrelsen"), "reporting:codes", order=125)
