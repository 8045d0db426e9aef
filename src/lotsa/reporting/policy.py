"""Who may read the national reports, download row-level files and change the code table."""

from typing import TYPE_CHECKING

from lotsa.organisations.policy import can_administer
from lotsa.statistics.policy import can_view_statistics

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def can_view_reports(actor: "User") -> bool:
    """The statistics' readers (managers): counts only, small ones hidden."""
    return can_view_statistics(actor)


def can_download_rows(actor: "User") -> bool:
    """A file with one row per person (Socialstyrelsen's monthly file) is for managers, over
    the people they may see; a protected person's personnummer only for those entitled to it."""
    return can_view_statistics(actor) and actor.unit_id is not None


def can_edit_codes(actor: "User") -> bool:
    """Administrators keep the organisation's code table, as they keep its guidelines."""
    return can_administer(actor)


def can_edit_survey_data(actor: "User") -> bool:
    """Managers (who answer the surveys) and administrators enter the yearly figures: staff
    as full-time equivalents, a coordination association's insatser with budget and outcome."""
    return can_view_statistics(actor) or can_administer(actor)


def can_fetch_kept(actor: "User", *, row_level: bool) -> bool:
    """Kept files of counts for the reports' readers; a row-level file only for those who may
    download rows."""
    return can_download_rows(actor) if row_level else can_view_reports(actor)
