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
