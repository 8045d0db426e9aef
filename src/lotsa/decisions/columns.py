"""The "Beslut gäller till" column of the case lists: the current decision's last day, and a
badge when it has ended or ends soon."""

from datetime import date
from typing import TYPE_CHECKING

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lotsa.decisions.queries import decision_end_state

if TYPE_CHECKING:
    from lotsa.cases.models import Case


def decision_end_cell(case: "Case", today: date) -> SafeString | str:
    """'2027-01-31 Upphör snart' for the row's `decision_ends_on`; "–" without a decision."""
    ends_on: date | None = case.decision_ends_on  # type: ignore[attr-defined]
    if ends_on is None:
        return "–"
    state = decision_end_state(ends_on, today)
    if not state:
        return ends_on.isoformat()
    badge = _("Har upphört") if state == "ended" else _("Upphör snart")
    badge_html = format_html(' <span class="badge badge--overdue">{}</span>', badge)
    return format_html("{}{}", ends_on.isoformat(), badge_html)
