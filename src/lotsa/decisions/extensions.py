"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from lotsa.cases import events
from lotsa.cases.panels import case_panels
from lotsa.decisions import panels
from lotsa.decisions.services import decision_attach_to_opened_case


def attach_decisions_to_opened_case(sender: Any, *, case: Any, **_: Any) -> None:
    """Inside the case-opening transaction: a granted decision's referral became a case."""
    decision_attach_to_opened_case(case=case)


events.case_opened.hook(attach_decisions_to_opened_case)
case_panels.register("decisions", panels.panel, order=20)
