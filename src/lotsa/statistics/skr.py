"""SKR's survey of municipal labour-market measures: participants per category for a year.

A participant counts in a category when a plan activity of that category (not cancelled) ran
some day of the year, up to its effective end (never after its case closed); a person in two
categories counts in both, as the survey asks. Two tables: category × unit (row and column
sums) and category × gender; and the number of distinct participants per unit, which is not
the column sum.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from lotsa.cases.constants import ActivityStatus, SkrCategory
from lotsa.cases.effective_end import ran_between_q
from lotsa.cases.models import Activity
from lotsa.organisations.models import Unit
from lotsa.people.constants import Gender
from lotsa.statistics.report import ReportFilter, base_cases
from lotsa.statistics.tables import Table


def skr_tables(report_filter: ReportFilter) -> list[Table]:
    period = report_filter.period
    activities = Activity.objects.filter(
        ran_between_q(period.start, period.end),  # up to the case's closure at the latest
        case__in=base_cases(report_filter),
    ).exclude(status=ActivityStatus.CANCELLED)
    units = list(
        Unit.objects.filter(organisation=report_filter.organisation, runs_support=True).values_list(
            "pk", "name"
        )
    )
    if report_filter.unit is not None:
        units = [(report_filter.unit.pk, report_filter.unit.name)]
    by_unit = {
        (row["skr_category"], row["case__unit_id"]): row["n"]
        for row in activities.values("skr_category", "case__unit_id")
        .annotate(n=Count("case__participant", distinct=True))
        .order_by()
    }
    by_gender = {
        (row["skr_category"], row["case__participant__gender"]): row["n"]
        for row in activities.values("skr_category", "case__participant__gender")
        .annotate(n=Count("case__participant", distinct=True))
        .order_by()
    }
    distinct = dict(
        activities.values("case__unit_id")
        .annotate(n=Count("case__participant", distinct=True))
        .order_by()
        .values_list("case__unit_id", "n")
    )
    categories = SkrCategory.values
    labels = [str(label) for label in SkrCategory.labels]
    year_text = _("Aktiviteter (ej avbrutna) som pågick någon dag %(period)s.") % {
        "period": str(period)
    }
    return [
        Table(
            key="skr_units",
            title=_("Deltagare per SKR-kategori och enhet"),
            definition=year_text
            + " "
            + _(
                "En person räknas i varje kategori hen deltog i; summorna är alltså deltagande, "
                "inte unika personer."
            ),
            row_header=_("Kategori"),
            rows=labels,
            columns=[name for _pk, name in units],
            current=[
                [by_unit.get((category, pk), 0) for pk, _name in units] for category in categories
            ],
            column_totals=True,
            row_totals=True,
        ),
        Table(
            key="skr_gender",
            title=_("Deltagare per SKR-kategori och kön"),
            definition=year_text,
            row_header=_("Kategori"),
            rows=labels,
            columns=[str(label) for label in Gender.labels],
            current=[
                [by_gender.get((category, gender), 0) for gender in Gender.values]
                for category in categories
            ],
            column_totals=True,
            row_totals=True,
        ),
        Table(
            key="skr_distinct",
            title=_("Unika deltagare per enhet"),
            definition=_("Personer med minst en aktivitet i någon kategori, räknade en gång."),
            row_header=_("Enhet"),
            rows=[name for _pk, name in units],
            columns=[_("Deltagare")],
            current=[[distinct.get(pk, 0)] for pk, _name in units],
        ),
    ]
