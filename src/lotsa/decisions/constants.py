from django.db import models
from django.utils.translation import gettext_lazy as _

# Days before a decision ends at which the responsible officer is reminded (and the expiry list
# offers as filters). Largest first: a run that finds a decision 20 days from its end records
# all three thresholds but sends one message.
REMINDER_THRESHOLDS = (90, 60, 30)


class ApplicationStatus(models.TextChoices):
    OPEN = "open", _("Under utredning")
    DECIDED = "decided", _("Beslutad")


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Beviljas")
    REJECTED = "rejected", _("Avslås")


class DecisionKind(models.TextChoices):
    INITIAL = "initial", _("Beslut om insats")
    EXTENSION = "extension", _("Förlängning")


class LegalBasis(models.TextChoices):
    SOL_4_2 = "sol_4_2", _("4 kap. 2 § SoL")
    SOL_4_1 = "sol_4_1", _("4 kap. 1 § SoL")


class SpecialReason(models.TextChoices):
    LONG_ILLNESS = "long_illness", _("Längre tids sjukdom")
    WORKPLACE_CHANGE = "workplace_change", _("Ändringar på arbetsplatsen")
    FINAL_PHASE = "final_phase", _("Längre tid för slutfasen av planen")
    OTHER = "other", _("Annat skäl")


class SupportKind(models.TextChoices):
    OCCUPATION = "occupation", _("Sysselsättning enligt SoL")
    DAILY_ACTIVITY = "daily_activity", _("Daglig verksamhet enligt LSS")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Stöd från Arbetsförmedlingen")
    OTHER = "other", _("Annat stöd")


class Reply(models.TextChoices):
    """The officer's answer to a criterion question (same values as guidelines Answer)."""

    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNCLEAR = "unclear", _("Oklart")


class DecisionAct(models.TextChoices):
    """What a delegation lets someone decide."""

    GRANT = "grant", _("Bevilja insats")
    REJECT = "reject", _("Avslå ansökan")
    EXTEND = "extend", _("Förlänga beslut")


class Delegate(models.TextChoices):
    """Who a row of the delegation register names: a role relative to the application, or a
    named person."""

    HANDLING_OFFICER = "handling_officer", _("Ansvarig handläggare")
    UNIT_OFFICER = "unit_officer", _("Handläggare på samma enhet")
    UNIT_MANAGER = "unit_manager", _("Enhetschef för handläggarens enhet")
    PERSON = "person", _("Namngiven person")
