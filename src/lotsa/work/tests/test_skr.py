import pytest

from lotsa.cases.constants import SkrCategory
from lotsa.work.constants import PlacementKind, SubsidyType
from lotsa.work.skr import skr_category

EXPECTED = [
    (PlacementKind.INTERNSHIP, "", SkrCategory.INTERNSHIP),
    (PlacementKind.WORK_TRAINING, "", SkrCategory.WORK_TRAINING),
    (PlacementKind.WORK_ASSESSMENT, "", SkrCategory.WORK_TRAINING),
    (PlacementKind.EMPLOYMENT, SubsidyType.NONE, SkrCategory.SUPPORT_NOT_DISABLED),
    (PlacementKind.EMPLOYMENT, "", SkrCategory.SUPPORT_NOT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.OSA, SkrCategory.SUPPORT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.WAGE_SUBSIDY, SkrCategory.SUPPORT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.DEVELOPMENT, SkrCategory.SUPPORT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.SECURITY, SkrCategory.SUPPORT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.NEW_START, SkrCategory.SUPPORT_NOT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.INTRODUCTION, SkrCategory.SUPPORT_NOT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.SPECIAL_SUPPORT, SkrCategory.SUPPORT_NOT_DISABLED),
    (PlacementKind.EMPLOYMENT, SubsidyType.EXTRA_JOB, SkrCategory.MUNICIPAL_EMPLOYMENT),
    (PlacementKind.EMPLOYMENT, SubsidyType.SUMMER_JOB, SkrCategory.SUMMER_JOBS),
]


@pytest.mark.parametrize(("kind", "subsidy", "category"), EXPECTED)
def test_skr_category_per_kind_and_subsidy(kind, subsidy, category):
    assert skr_category(kind, subsidy) == category


def test_every_kind_and_subsidy_is_mapped():
    covered = {(kind, subsidy) for kind, subsidy, _category in EXPECTED}
    for subsidy in SubsidyType.values:
        assert (PlacementKind.EMPLOYMENT, subsidy) in covered
    for kind in PlacementKind.values:
        if kind != PlacementKind.EMPLOYMENT:
            assert (kind, "") in covered
