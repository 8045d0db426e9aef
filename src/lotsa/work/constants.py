from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunal")
    PRIVATE = "private", _("Privat")
    NON_PROFIT = "non_profit", _("Idéburen")
    STATE = "state", _("Statlig")
    REGION = "region", _("Region")


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", _("Samverkansavtal")
    PLACEMENT = "placement", _("Praktikavtal")
    FRAMEWORK = "framework", _("Ramavtal")
    OTHER = "other", _("Annat avtal")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Besök")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    MEETING = "meeting", _("Möte")


class PlacementKind(models.TextChoices):
    INTERNSHIP = "internship", _("Praktik")
    WORK_TRAINING = "work_training", _("Arbetsträning")
    WORK_ASSESSMENT = "work_assessment", _("Arbetsprövning")
    EMPLOYMENT = "employment", _("Anställning")


class SubsidyType(models.TextChoices):
    """How an employment is subsidised (only employments have one)."""

    NONE = "none", _("Utan stöd")
    OSA = "osa", _("OSA (skyddat arbete hos offentlig arbetsgivare)")
    WAGE_SUBSIDY = "wage_subsidy", _("Lönebidrag/lönestöd")
    NEW_START = "new_start", _("Nystartsjobb")
    INTRODUCTION = "introduction", _("Introduktionsjobb")
    DEVELOPMENT = "development", _("Utvecklingsanställning")
    SECURITY = "security", _("Trygghetsanställning")
    EXTRA_JOB = "extra_job", _("Extratjänst (historisk)")
    SPECIAL_SUPPORT = "special_support", _("Särskilt anställningsstöd")
    SUMMER_JOB = "summer_job", _("Feriejobb")


# OSA is employment by social services placed in municipal operations (seed 001), so its
# employer is municipal (or the placement is at one of the municipality's training arenas).
OSA_SECTORS = frozenset({Sector.MUNICIPAL})

# Extratjänst ended in 2020: old employments keep it, new ones cannot choose it.
HISTORICAL_SUBSIDIES = frozenset({SubsidyType.EXTRA_JOB})

# The highest grant rate (percent of the salary cost) per subsidy. OSA: "upp till 80 % av
# lönekostnaden" (seed 001). The other Arbetsförmedlingen subsidies are capped at 80 % here too;
# extratjänst was paid in full. An employment without a grant has no rate.
MAX_GRANT_RATE: dict[str, int] = {
    SubsidyType.NONE: 0,
    SubsidyType.OSA: 80,
    SubsidyType.WAGE_SUBSIDY: 80,
    SubsidyType.NEW_START: 80,
    SubsidyType.INTRODUCTION: 80,
    SubsidyType.DEVELOPMENT: 80,
    SubsidyType.SECURITY: 80,
    SubsidyType.EXTRA_JOB: 100,
    SubsidyType.SPECIAL_SUPPORT: 80,
    SubsidyType.SUMMER_JOB: 0,
}

# A full-time week: overlapping employments may not add up to more than this.
FULL_TIME_HOURS = 40


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    ENDED = "ended", _("Avslutad")
    CANCELLED = "cancelled", _("Avbruten")


OPEN_PLACEMENT_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ONGOING)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    SICK = "sick", _("Frånvarande – sjuk")
    LEAVE = "leave", _("Frånvarande – ledig")
    UNEXPLAINED = "unexplained", _("Frånvarande – oanmäld")
    OTHER = "other", _("Frånvarande – annat")


# The monthly attendance report (docs/attendance.md) ----------------------------------------


class AttendanceReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    CONFIRMED = "confirmed", _("Bekräftad av deltagaren")
    SIGNED = "signed", _("Signerad av coachen")
    SHARED = "shared", _("Skickad till handläggaren")


class ActivityKind(models.TextChoices):
    """What the hours of a report line were spent on."""

    PLACEMENT = "placement", _("Praktik eller anställning")
    ARENA = "arena", _("Arbetsträning på arena")
    ACTIVITY = "activity", _("Aktivitet i planen")


class DayReview(models.TextChoices):
    """The coach's reading of a day without registered hours. Blank: not reviewed yet
    ("ej registrerat"); nothing is absence until a person has said so."""

    SICK = "sick", _("Frånvaro – sjuk")
    VALID = "valid", _("Frånvaro – giltig")
    INVALID = "invalid", _("Frånvaro – ogiltig")
    OTHER = "other", _("Frånvaro – annat")
    GAP = "gap", _("Registreringsglapp (ingen frånvaro)")


ABSENCE_REVIEWS = (DayReview.SICK, DayReview.VALID, DayReview.INVALID, DayReview.OTHER)
