from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Aktivt")
    PAUSED = "paused", _("Vilande")
    CLOSED = "closed", _("Avslutat")


class GoalKind(models.TextChoices):
    WORK = "work", _("Arbete")
    STUDIES = "studies", _("Studier")
    OTHER_SUPPORT = "other_support", _("Annat stöd")
    CLARIFY_NEEDS = "clarify_needs", _("Klargöra behov")


class SkrCategory(models.IntegerChoices):
    """SKR's twelve categories of municipal labour-market measures (Timrå review §4.5)."""

    WORK_TRAINING = 1, _("1. Arbetsprövning, arbetsträning, arbetsförberedande insats")
    JOB_SEEKING = 2, _("2. Jobbsökaraktivitet inkl. coachning och studievägledning")
    STUDIES = 3, _("3. Kurs, utbildning, studier")
    MATCHING = 4, _("4. Matchning")
    INTERNSHIP = 5, _("5. Praktik")
    SUPPORT_DISABLED = (
        6,
        _("6. Stöd till ordinarie anställning för personer med funktionsnedsättning"),
    )
    SUPPORT_NOT_DISABLED = (
        7,
        _("7. Stöd till ordinarie anställning för personer utan funktionsnedsättning"),
    )
    MUNICIPAL_EMPLOYMENT = 8, _("8. Kommunala arbetsmarknadsanställningar")
    SUMMER_JOBS = 9, _("9. Feriejobb, ungdomspraktik")
    LANGUAGE = 10, _("10. Språkträning, SFI")
    VALIDATION = 11, _("11. Validering")
    COORDINATION = 12, _("12. Övriga insatser – samordning av myndighetskontakter")


class ActivityArea(models.TextChoices):
    """Timrå's four headings for valuable activities (004 §4.6.1)."""

    WORK = "work", _("Arbete")
    SOCIAL = "social", _("Socialt")
    HEALTH = "health", _("Hälsa")
    EDUCATION = "education", _("Utbildning")


class ResponsibleParty(models.TextChoices):
    PARTICIPANT = "participant", _("Deltagaren")
    COACH = "coach", _("Arbetscoachen")
    REFERRER = "referrer", _("Handläggaren")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    REGION = "region", _("Regionen")
    EMPLOYER = "employer", _("Arbetsgivaren")
    ADULT_EDUCATION = "adult_education", _("Vuxenutbildningen")
    OTHER = "other", _("Annan")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


OPEN_ACTIVITY_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.ONGOING)

# Who can take an activity over when the case closes (the coach's own work ends with the case).
HANDOVER_PARTIES = tuple(party for party in ResponsibleParty if party != ResponsibleParty.COACH)


class ExtentUnit(models.TextChoices):
    HOURS_PER_WEEK = "hours", _("timmar i veckan")
    PERCENT = "percent", _("procent av heltid")


class ClosureReason(models.TextChoices):
    """Why support ended (Danderyd guideline 'Mål', plus the practical reasons)."""

    WORK_UNSUBSIDISED = "work_unsubsidised", _("Arbete utan subvention")
    WORK_SUBSIDISED = "work_subsidised", _("Arbete med subvention")
    STUDIES = "studies", _("Studier")
    SUPPORT_MUNICIPALITY = "support_municipality", _("Annat stöd i kommunen (mer än 3 månader)")
    SUPPORT_ARBETSFORMEDLINGEN = "support_af", _("Stöd via Arbetsförmedlingen (mer än 3 månader)")
    SUPPORT_FORSAKRINGSKASSAN = "support_fk", _("Stöd via Försäkringskassan (mer än 3 månader)")
    SUPPORT_HEALTH_CARE = "support_health", _("Stöd via hälso- och sjukvården (mer än 3 månader)")
    MOVED = "moved", _("Flyttat")
    ENDED_BY_PARTICIPANT = "ended_by_participant", _("Avslutat på egen begäran")
    OTHER = "other", _("Annat")


WORK_REASONS = (ClosureReason.WORK_UNSUBSIDISED, ClosureReason.WORK_SUBSIDISED)


class StudyForm(models.TextChoices):
    """The form of studies a closure to studies leads to (Kolada's "resultat vid avslut")."""

    KOMVUX = "komvux", _("Komvux")
    FOLKHOGSKOLA = "folkhogskola", _("Folkhögskola")
    HIGHER_EDUCATION = "hogskola", _("Universitet eller högskola")
    VOCATIONAL = "yrkeshogskola", _("Yrkeshögskola")
    OTHER = "other", _("Annan utbildning")


WORK_OR_STUDIES = (
    ClosureReason.WORK_UNSUBSIDISED,
    ClosureReason.WORK_SUBSIDISED,
    ClosureReason.STUDIES,
)


OPEN_CASE_STATUSES = (CaseStatus.ACTIVE, CaseStatus.PAUSED)

# The largest extent an activity may have, per unit: a full-time week is at most 60 hours here
# because placements and studies can be combined; a share of full time is at most 100 %.
EXTENT_MAXIMUM = {ExtentUnit.HOURS_PER_WEEK: 60, ExtentUnit.PERCENT: 100}

# "Vem gör vad" on the participant's own plan speaks to the participant, in plain words.
RESPONSIBLE_IN_PLAIN_WORDS = {
    ResponsibleParty.PARTICIPANT: _("Du"),
    ResponsibleParty.COACH: _("Din arbetscoach"),
    ResponsibleParty.REFERRER: _("Din handläggare på socialtjänsten"),
    ResponsibleParty.ARBETSFORMEDLINGEN: _("Arbetsförmedlingen"),
    ResponsibleParty.FORSAKRINGSKASSAN: _("Försäkringskassan"),
    ResponsibleParty.REGION: _("Vården (regionen)"),
    ResponsibleParty.EMPLOYER: _("Arbetsgivaren"),
    ResponsibleParty.ADULT_EDUCATION: _("Vuxenutbildningen (Komvux)"),
    ResponsibleParty.OTHER: _("Någon annan"),
}


class CaseListSort(models.TextChoices):
    """Sort orders of the case lists ("Mina ärenden", the unit's cases)."""

    NEXT_FOLLOW_UP = "next_follow_up", _("Nästa uppföljning")
    LAST_CONTACT = "last_contact", _("Senaste kontakt")
    START_DATE = "start_date", _("Startdatum")
    NAME = "name", _("Namn")


class PlanSide(models.TextChoices):
    """Who made a plan change or wrote on the plan: the two who share it."""

    PARTICIPANT = "participant", _("Deltagaren")
    COACH = "coach", _("Arbetscoachen")


class OwnActivityKind(models.TextChoices):
    """What a participant adds to their plan themselves on Mina sidor."""

    JOB_APPLICATION = "job_application", _("Jobb jag söker")
    OWN = "own", _("Något jag gör själv")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Ansökt")
    INTERVIEW = "interview", _("Kallad till intervju")
    OFFERED = "offered", _("Fått erbjudande")
    NOT_SELECTED = "not_selected", _("Fick inte jobbet")
    WITHDRAWN = "withdrawn", _("Drog tillbaka ansökan")


class Agreement(models.TextChoices):
    """Whether the coach has agreed to a participant's own activity."""

    PROPOSED = "proposed", _("Förslag")
    AGREED = "agreed", _("Överenskommet")
    DECLINED = "declined", _("Inte överenskommet")


# Longest texts a participant or coach writes on the plan (a step's comment, a description).
PLAN_TEXT_MAX = 2000
PLAN_TITLE_MAX = 200
