from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")


class CriterionKind(models.TextChoices):
    QUESTION = "question", _("Fråga som handläggaren besvarar")
    FACT = "fact", _("Uppgift som räknas fram ur ärendet")
    INDIVIDUAL_ASSESSMENT = "individual_assessment", _("Kräver individuell bedömning")


class Fact(models.TextChoices):
    """Facts a criterion can compute from the referral; no code is stored in the database."""

    IN_TARGET_GROUP = "in_target_group", _("Tillhör minst en målgrupp")
    SINGLE_TARGET_GROUP = "single_target_group", _("Tillhör bara en målgrupp")
    WORK_CAPACITY_INVESTIGATED = "work_capacity_investigated", _("Arbetsförmågan är utredd")
    MONTHS_SINCE_STABILITY = "months_since_stability", _("Månader sedan stabilitet")
    AGE_BETWEEN = "age_between", _("Ålder inom ett spann")
    CONSENT_GIVEN = "consent_given", _("Samtycke finns")
    # Membership in an LSS personkrets (or any other listed group) is target-group membership:
    # the version lists the groups (e.g. lss_personkrets_1) and params name which count.
    IN_LISTED_TARGET_GROUP = (
        "in_listed_target_group",
        _("Tillhör någon av vissa målgrupper (t.ex. personkrets 1 eller 2 enligt LSS)"),
    )


class Combine(models.TextChoices):
    """How a version's criteria combine into one outcome."""

    ALL = "all", _("Alla kriterier ska vara uppfyllda")
    ANY = "any", _("Minst ett kriterium ska vara uppfyllt")


class Eligibility(models.TextChoices):
    """The eligibility result of a referral (and of each criterion): never called "outcome",
    which names the follow-up after closure and a meeting's result (docs/glossary.md)."""

    MET = "met", _("Uppfyllt")
    NOT_MET = "not_met", _("Inte uppfyllt")
    NEEDS_ASSESSMENT = "needs_assessment", _("Kräver individuell bedömning")


class Answer(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNCLEAR = "unclear", _("Oklart")
