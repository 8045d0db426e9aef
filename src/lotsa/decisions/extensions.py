"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.cases import events
from lotsa.cases.columns import CaseListColumn, case_list_columns
from lotsa.cases.panels import case_panels
from lotsa.decisions import panels
from lotsa.decisions.queries import annotate_decision_end
from lotsa.decisions.services import decision_attach_to_opened_case


def attach_decisions_to_opened_case(sender: Any, *, case: Any, **_: Any) -> None:
    """Inside the case-opening transaction: a granted decision's referral became a case."""
    decision_attach_to_opened_case(case=case)


events.case_opened.hook(attach_decisions_to_opened_case)
case_panels.register("decisions", panels.panel, order=20)
case_list_columns.register(
    "decisions",
    CaseListColumn(
        heading=_("Beslut gäller till"),
        template="decisions/_case_list_decision_end.html",
        annotate=annotate_decision_end,
    ),
    order=10,
)
