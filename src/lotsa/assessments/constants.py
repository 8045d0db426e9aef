"""Choices for mappings (kartläggning), step scales and phases.

`IncomeSource` is shared: the mapping records a person's main income source with it, and the
statistics app's socio-economic evaluation (before/after per public payer) reads the same values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeSource(models.TextChoices):
    """The main form of income or support a person lives on."""

    SOCIAL_ASSISTANCE = "social_assistance", _("Försörjningsstöd")
    UNEMPLOYMENT_INSURANCE = "unemployment_insurance", _("A-kassa")
    ACTIVITY_SUPPORT = "activity_support", _("Aktivitetsstöd")
    SICKNESS_BENEFIT = "sickness_benefit", _("Sjukpenning")
    SICKNESS_COMPENSATION = "sickness_compensation", _("Aktivitets- eller sjukersättning")
    STUDENT_FINANCE = "student_finance", _("Studiemedel")
    SALARY = "salary", _("Lön")
    OTHER = "other", _("Annat")
    UNKNOWN = "unknown", _("Okänt")


class WorkHistory(models.TextChoices):
    """Timrå's categories (004 Bilaga 3): the longest tie the person has had to work."""

    WORKING_NOW = "working_now", _("Arbetar nu i någon omfattning")
    LONG_EMPLOYMENTS = "long_employments", _("En eller flera anställningar längre än 6 månader")
    SHORT_EMPLOYMENTS = "short_employments", _("Bara kortare anställningar")
    NEVER_WORKED = "never_worked", _("Har aldrig haft ett arbete")
    UNKNOWN = "unknown", _("Okänt")


class TimeWithoutWork(models.TextChoices):
    """How long the person had been without work when support started (SKR's survey asks
    for those without work for more than 24 months). Recorded at the start mapping; empty on
    mappings from before it was asked."""

    WORKING = "working", _("Arbetar nu i någon omfattning")
    UNDER_6 = "under_6", _("Mindre än 6 månader")
    MONTHS_6_TO_12 = "6_to_12", _("6–12 månader")
    MONTHS_12_TO_24 = "12_to_24", _("12–24 månader")
    OVER_24 = "over_24", _("Mer än 24 månader")
    NEVER_WORKED = "never_worked", _("Har aldrig haft ett arbete")
    UNKNOWN = "unknown", _("Okänt")


class Answer(models.TextChoices):
    """Yes / no / unknown: 'unknown' is an honest answer, not a missing one."""

    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNKNOWN = "unknown", _("Okänt")


class Obstacle(models.TextChoices):
    """Obstacles to work (arbetshinder); a person may have several."""

    MENTAL_ILL_HEALTH = "mental_ill_health", _("Psykisk ohälsa")
    PHYSICAL_ILL_HEALTH = "physical_ill_health", _("Fysisk ohälsa")
    LIMITED_SWEDISH = "limited_swedish", _("Bristande svenska")
    SOCIAL_PROBLEMS = "social_problems", _("Social problematik")
    NEUROPSYCHIATRIC = "neuropsychiatric", _("Neuropsykiatrisk funktionsnedsättning")
    SUBSTANCE_ABUSE = "substance_abuse", _("Missbruk eller beroende")
    NOT_CLARIFIED = "not_clarified", _("Ännu inte klarlagt")
    NONE = "none", _("Inga kända arbetshinder")


class Education(models.TextChoices):
    COMPULSORY_INCOMPLETE = "compulsory_incomplete", _("Grundskola ej fullföljd")
    COMPULSORY = "compulsory", _("Grundskola")
    UPPER_SECONDARY = "upper_secondary", _("Gymnasieskola")
    POST_SECONDARY = "post_secondary", _("Eftergymnasial utbildning")
    STUDYING_SFI = "studying_sfi", _("Studerar SFI")
    STUDYING_ADULT = "studying_adult", _("Studerar på vuxenutbildningen")
    UNKNOWN = "unknown", _("Okänt")


class Health(models.TextChoices):
    NO_ILL_HEALTH = "no_ill_health", _("Ingen upplevd ohälsa")
    MENTAL = "mental", _("Psykisk ohälsa")
    PHYSICAL = "physical", _("Fysisk ohälsa")
    MENTAL_AND_PHYSICAL = "mental_and_physical", _("Både psykisk och fysisk ohälsa")
    UNKNOWN = "unknown", _("Okänt")


class SickCertificate(models.TextChoices):
    NONE = "none", _("Inget sjukintyg")
    PART_TIME = "part_time", _("Sjukintyg på deltid")
    FULL_TIME = "full_time", _("Sjukintyg på heltid")
    UNKNOWN = "unknown", _("Okänt")


class Housing(models.TextChoices):
    OWN_TENANCY = "own_tenancy", _("Eget kontrakt eller ägt boende")
    SECOND_HAND = "second_hand", _("Andrahandskontrakt eller inneboende")
    SOCIAL_CONTRACT = "social_contract", _("Bostadssocialt kontrakt")
    HOMELESS = "homeless", _("Hemlös")
    ACUTELY_HOMELESS = "acutely_homeless", _("Akut hemlös")
    UNKNOWN = "unknown", _("Okänt")


class MappingOccasion(models.TextChoices):
    START = "start", _("Vid start")
    FOLLOW_UP = "follow_up", _("Vid uppföljning")
    CLOSURE = "closure", _("Vid avslut")


# Each answered question of a mapping and its choices (the numbers and obstacles are apart).
MAPPING_CHOICES: dict[str, type[models.TextChoices]] = {
    "occasion": MappingOccasion,
    "work_history": WorkHistory,
    "registered_at_employment_service": Answer,
    "has_unemployment_insurance": Answer,
    "education": Education,
    "health": Health,
    "sick_certificate": SickCertificate,
    "main_income_source": IncomeSource,
    "housing": Housing,
    "children_at_home": Answer,
}
