"""Lotsa's best reading of Socialstyrelsen's codes for the monthly file (HSLF-FS 2015:30).

Bilaga 1 of the regulation asks for participation in *kommunala arbetsmarknadsinsatser*, bilaga 2
for the reason support ended. The codes and their layout are in Socialstyrelsen's technical
description, which we could not check: these defaults are marked "to be checked" in
docs/statistics.md, and every organisation's administrator can change them (`ReportCode`)
without a release. SKR's twelve categories map to the activity codes; closure reasons map to
the reasons-for-ending codes.
"""

from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import ClosureReason, SkrCategory

ACTIVITY = "activity"
CLOSURE = "closure"

ACTIVITY_CODE_LABELS = {
    "01": _("Jobbsökaraktiviteter, vägledning och matchning"),
    "02": _("Arbetsträning, arbetsprövning och praktik"),
    "03": _("Utbildning och studier, inklusive språkträning och validering"),
    "04": _("Stöd till anställning"),
    "05": _("Kommunal arbetsmarknadsanställning"),
    "06": _("Annan kommunal arbetsmarknadsinsats"),
}
CLOSURE_CODE_LABELS = {
    "01": _("Arbete"),
    "02": _("Studier"),
    "03": _("Annan ersättning eller annat stöd"),
    "04": _("Flyttat"),
    "05": _("Annan orsak"),
}

DEFAULT_ACTIVITY_CODES = {
    SkrCategory.WORK_TRAINING: "02",
    SkrCategory.JOB_SEEKING: "01",
    SkrCategory.STUDIES: "03",
    SkrCategory.MATCHING: "01",
    SkrCategory.INTERNSHIP: "02",
    SkrCategory.SUPPORT_DISABLED: "04",
    SkrCategory.SUPPORT_NOT_DISABLED: "04",
    SkrCategory.MUNICIPAL_EMPLOYMENT: "05",
    SkrCategory.SUMMER_JOBS: "05",
    SkrCategory.LANGUAGE: "03",
    SkrCategory.VALIDATION: "03",
    SkrCategory.COORDINATION: "06",
}
DEFAULT_CLOSURE_CODES = {
    ClosureReason.WORK_UNSUBSIDISED: "01",
    ClosureReason.WORK_SUBSIDISED: "01",
    ClosureReason.STUDIES: "02",
    ClosureReason.SUPPORT_MUNICIPALITY: "03",
    ClosureReason.SUPPORT_ARBETSFORMEDLINGEN: "03",
    ClosureReason.SUPPORT_FORSAKRINGSKASSAN: "03",
    ClosureReason.SUPPORT_HEALTH_CARE: "03",
    ClosureReason.MOVED: "04",
    ClosureReason.ENDED_BY_PARTICIPANT: "05",
    ClosureReason.OTHER: "05",
}


def default_codes() -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, key) → (code, the code's label), for every SKR category and closure reason."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for category, code in DEFAULT_ACTIVITY_CODES.items():
        out[(ACTIVITY, str(int(category)))] = (code, str(ACTIVITY_CODE_LABELS[code]))
    for reason, code in DEFAULT_CLOSURE_CODES.items():
        out[(CLOSURE, str(reason.value))] = (code, str(CLOSURE_CODE_LABELS[code]))
    return out


def key_labels() -> dict[tuple[str, str], str]:
    """(kind, key) → what Lotsa calls it (the SKR category or the closure reason)."""
    out = {(ACTIVITY, str(int(value))): str(label) for value, label in SkrCategory.choices}
    out.update({(CLOSURE, str(value)): str(label) for value, label in ClosureReason.choices})
    return out
