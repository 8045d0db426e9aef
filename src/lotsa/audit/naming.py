"""What an audit record is about, in Swedish words a person reads ("Beslut"), never a model
label; the log review (oversight) and the person's own access log (portal) both show it."""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# What a record is about, in the words of the page that wrote it; model labels are code.
OBJECT_NAMES = {
    "retention.culling": _("Gallring"),
    "retention.backup": _("Säkerhetskopia"),
    "retention.restore": _("Återläsning av säkerhetskopia"),
    "statistics": _("Statistik"),
    "statistics.board": _("Styrelserapport"),
    "statistics.analysis": _("Statistik"),
    "imports.participants": _("Import av deltagare"),
    "imports.cases": _("Import av ärenden"),
    # Models whose verbose name Django made up from the class name.
    "decisions.remindersent": _("Påminnelse om beslut"),
    "surveys.answer": _("Enkätsvar"),
    "api.externalreferral": _("Remiss via API"),
}


def object_name(object_type: str) -> str:
    """A Swedish name for what an audit record is about ("Beslut"), never a model label."""
    if object_type in OBJECT_NAMES:
        return str(OBJECT_NAMES[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return str(_("Uppgifter"))
    return capfirst(str(model._meta.verbose_name))
