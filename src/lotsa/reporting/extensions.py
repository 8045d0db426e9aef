"""What reporting registers (loaded by LotsaAppConfig.ready): its menu entries, its reports for
`lotsa report <name>`, and its demo."""

from django.utils.translation import gettext_lazy as _

from lotsa.core.navigation import nav_register
from lotsa.jobs import schedule
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation
from lotsa.people.demo import demo_builders
from lotsa.reporting import demo, kept
from lotsa.reporting.attendance import produce_attendance
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.exports import report_part
from lotsa.reporting.finsam import produce_finsam
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.skr import produce_skr
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


def attendance_file(organisation: Organisation, period: Period) -> ReportOutput:
    """The month's attendance summaries shared with the referring officers (no protected
    person: see the module)."""
    return ReportOutput(rows=produce_attendance(organisation, period))


def skr_file(organisation: Organisation, period: Period) -> ReportOutput:
    return ReportOutput(parts=[report_part(produce_skr(organisation, period))])


def finsam_file(organisation: Organisation, period: Period) -> ReportOutput:
    """Published tables; the row-level list is the page's, for those entitled to it."""
    if not organisation.is_coordination_association:
        return ReportOutput()  # a municipality has no part in it (every organisation: --org)
    return ReportOutput(parts=[report_part(produce_finsam(organisation, period))])


report_commands.register("kolada", kolada_file, order=10)
report_commands.register("esf", esf_file, order=20)
report_commands.register("socialstyrelsen", socialstyrelsen_file, order=30)
report_commands.register("skr", skr_file, order=40)
report_commands.register("finsam", finsam_file, order=50)
report_commands.register("attendance", attendance_file, order=60)
schedule.register(
    schedule.ScheduledJob(
        "report_files_monthly",
        schedule.Monthly(5, 3, 0),
        kept.keep_monthly_files,
        "last month's Socialstyrelsen, Kolada and ESF files, kept",
    )
)
schedule.register(
    schedule.ScheduledJob(
        "attendance_files_monthly",
        schedule.Monthly(12, 3, 0),
        kept.keep_attendance_files,
        "last month's attendance summaries shared with the referring officers, kept",
    )
)
schedule.register(
    schedule.ScheduledJob(
        "report_files_yearly",
        schedule.Monthly(20, 3, 0),
        kept.keep_yearly_files,
        "last year's SKR and Finsam files, kept once whole",
    )
)
demo_builders.register("reporting", demo.build_demo, order=95)

nav_register(Role.MANAGER, _("Nationella rapporter"), "reporting:index", order=95)
nav_register(Role.ADMINISTRATOR, _("Koder till Socialstyrelsen"), "reporting:codes", order=125)
