"""Which of SKR's twelve categories a placement counts as (DOMAIN.md §3 and §5).

One function so that the plan, statistics and tests agree. The choices:

- praktik is 5 (Praktik); arbetsträning and arbetsprövning are 1;
- employments for people with a disability — OSA, lönebidrag/lönestöd,
  utvecklingsanställning, trygghetsanställning — are 6;
- other support to an ordinary employment — nystartsjobb, introduktionsjobb,
  särskilt anställningsstöd, and an employment without subsidy that the coach supports — are 7;
- extratjänst, a municipal labour-market employment, is 8;
- feriejobb is 9.
"""

from lotsa.cases.constants import ActivityStatus, SkrCategory
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType

_BY_KIND = {
    PlacementKind.INTERNSHIP: SkrCategory.INTERNSHIP,
    PlacementKind.WORK_TRAINING: SkrCategory.WORK_TRAINING,
    PlacementKind.WORK_ASSESSMENT: SkrCategory.WORK_TRAINING,
}
_BY_SUBSIDY = {
    SubsidyType.NONE: SkrCategory.SUPPORT_NOT_DISABLED,
    SubsidyType.OSA: SkrCategory.SUPPORT_DISABLED,
    SubsidyType.WAGE_SUBSIDY: SkrCategory.SUPPORT_DISABLED,
    SubsidyType.DEVELOPMENT: SkrCategory.SUPPORT_DISABLED,
    SubsidyType.SECURITY: SkrCategory.SUPPORT_DISABLED,
    SubsidyType.NEW_START: SkrCategory.SUPPORT_NOT_DISABLED,
    SubsidyType.INTRODUCTION: SkrCategory.SUPPORT_NOT_DISABLED,
    SubsidyType.SPECIAL_SUPPORT: SkrCategory.SUPPORT_NOT_DISABLED,
    SubsidyType.EXTRA_JOB: SkrCategory.MUNICIPAL_EMPLOYMENT,
    SubsidyType.SUMMER_JOB: SkrCategory.SUMMER_JOBS,
}

ACTIVITY_STATUS = {
    PlacementStatus.PLANNED: ActivityStatus.PLANNED,
    PlacementStatus.ONGOING: ActivityStatus.ONGOING,
    PlacementStatus.ENDED: ActivityStatus.DONE,
    PlacementStatus.CANCELLED: ActivityStatus.CANCELLED,
}


def skr_category(kind: str, subsidy_type: str = "") -> SkrCategory:
    """The SKR category of a placement of `kind` (with `subsidy_type` for an employment)."""
    if kind == PlacementKind.EMPLOYMENT:
        return _BY_SUBSIDY[SubsidyType(subsidy_type or SubsidyType.NONE)]
    return _BY_KIND[PlacementKind(kind)]
