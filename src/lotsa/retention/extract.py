"""The data-subject extract (registerutdrag, GDPR art. 15): everything Lotsa holds about a person.

The records are found by walking every relation that leads to the participant (retention.
relations), so a model another app adds under a participant, case, referral or note appears here
without changes. Headings and labels are the models' own Swedish verbose names. The audit
records about the person — who looked, changed or exported, and when — come last.
"""

import datetime
import decimal
import json
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.audit.models import AuditRecord
from lotsa.people.models import Participant
from lotsa.retention.culling import culling_years
from lotsa.retention.relations import ModelType, Rows, collect_owned, shared_relations

# Keys of the extract; Swedish because the document is handed to the person as it is.
TITLE = "rubrik"
CREATED = "skapat"
ORGANISATION = "organisation"
PERSON = "person"
INFORMATION = "information"
SECTIONS = "avsnitt"
MODEL = "modell"
RECORDS = "poster"
FIELDS = "uppgifter"
COLUMNS = "kolumner"

# Every time in the extract is Swedish time, whatever the server runs in.
EXTRACT_TIME_ZONE = ZoneInfo("Europe/Stockholm")
SECRET_SUFFIXES = ("_hash", "_digest")
SECRET_WORDS = ("token", "secret", "password")

# Labels for fields declared without a verbose_name, until their apps give them one. Other
# unnamed relations take the related model's name ("case" → "Ärende").
UNNAMED_FIELD_LABELS = {
    "created_at": gettext_lazy("skapad"),
    "updated_at": gettext_lazy("ändrad"),
    "decided_by": gettext_lazy("beslut fattat av"),
    "done_by": gettext_lazy("genomförd av"),
    "reopened_at": gettext_lazy("återöppnat"),
    "reopened_by": gettext_lazy("återöppnat av"),
    "previous_closed_on": gettext_lazy("tidigare avslutsdatum"),
    "previous_closure_reason": gettext_lazy("tidigare avslutsorsak"),
}


def participant_extract(participant: Participant) -> dict[str, Any]:
    """Everything Lotsa holds about `participant`, as JSON-ready sections with Swedish labels.

    Every time is Swedish time, also in the records' titles, whatever the server's zone."""
    with timezone.override(EXTRACT_TIME_ZONE):
        return _participant_extract(participant)


def _participant_extract(participant: Participant) -> dict[str, Any]:
    rows = collect_owned(Participant, {participant.pk})
    rows.update(_rows_mentioning(rows))
    return {
        TITLE: _("Registerutdrag"),
        CREATED: _timestamp(timezone.now()),
        ORGANISATION: participant.organisation.name,
        PERSON: {
            _("Namn"): participant.full_name,
            _("Personnummer"): participant.personnummer.formatted,
        },
        INFORMATION: _information(),
        SECTIONS: [_section(model, pks) for model, pks in rows.items()]
        + [_audit_section(participant)],
    }


def extract_as_json(extract: dict[str, Any]) -> str:
    return json.dumps(extract, ensure_ascii=False, indent=2)


def extract_as_html(extract: dict[str, Any]) -> str:
    """A stand-alone HTML document, readable without Lotsa (for `lotsa extract --format html`)."""
    return render_to_string("retention/extract_document.html", {"extract": extract})


def _rows_mentioning(rows: Rows) -> Rows:
    """Rows of other models that name one of the person's rows in a many-to-many field."""
    mentioning: Rows = {}
    for model, pks in rows.items():
        for relation in shared_relations(model):
            related = relation.related_model
            lookup = {f"{relation.field.name}__in": pks}
            found = set(related._base_manager.filter(**lookup).values_list("pk", flat=True))
            if found - rows.get(related, set()):
                mentioning.setdefault(related, set()).update(found)
    return mentioning


def _information() -> list[str]:
    years = culling_years()
    return [
        _(
            "Uppgifterna behandlas för att ge och följa upp stöd till arbete eller studier "
            "enligt socialtjänstlagen."
        ),
        _(
            "Uppgifterna gallras %(years)s år efter den senaste anteckningen, utom för personer "
            "födda den 5, 15 eller 25 i månaden, vars uppgifter bevaras för forskning."
        )
        % {"years": years},
        _(
            "Du har rätt att begära rättelse av felaktiga uppgifter och att klaga hos "
            "Integritetsskyddsmyndigheten (IMY)."
        ),
        _("Loggposterna visar vilka i personalen som har läst eller ändrat uppgifterna och när."),
        _("Alla tider är svensk tid."),
    ]


def _section(model: ModelType, pks: set[Any]) -> dict[str, Any]:
    opts = model._meta
    related = [field.name for field in opts.concrete_fields if field.is_relation]
    many = [field.name for field in opts.many_to_many]
    objects = (
        model._base_manager.filter(pk__in=pks)
        .select_related(*related)
        .prefetch_related(*many)
        .order_by("pk")
    )
    return {
        TITLE: capfirst(str(opts.verbose_name_plural)),
        MODEL: opts.label_lower,
        RECORDS: [{TITLE: str(obj), FIELDS: _fields(obj)} for obj in objects],
    }


def _fields(obj: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if _is_bookkeeping(field):
            continue
        _put(values, field, _value(obj, field))
    for field in obj._meta.many_to_many:
        _put(values, field, [str(item) for item in getattr(obj, field.name).all()])
    return values


def field_label(field: Any) -> str:
    """The field's Swedish label: its verbose_name, or a stand-in when it was declared without."""
    if str(field.verbose_name) != field.name.replace("_", " "):
        return capfirst(str(field.verbose_name))
    if field.name in UNNAMED_FIELD_LABELS:
        return capfirst(str(UNNAMED_FIELD_LABELS[field.name]))
    if field.is_relation and field.related_model is not None:
        return capfirst(str(field.related_model._meta.verbose_name))
    return capfirst(str(field.verbose_name))


def _put(values: dict[str, Any], field: Any, value: Any) -> None:
    label = field_label(field)
    if label in values:  # two fields with one label: tell them apart by name
        label = f"{label} ({field.name})"
    values[label] = value


def _is_bookkeeping(field: Any) -> bool:
    """Columns the application keeps for itself, not facts about the person: internal ids, edit
    counters, and secrets (password, sign-in code and token hashes) that would help no one but
    an attacker who got hold of the extract."""
    if field.primary_key or _is_secret(field.name):
        return True
    return not field.editable and not isinstance(field, models.DateField)


def _is_secret(name: str) -> bool:
    return (
        name == "password"
        or name.endswith(SECRET_SUFFIXES)
        or any(word in name for word in SECRET_WORDS)
    )


def _value(obj: models.Model, field: Any) -> Any:
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        return _timestamp(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):  # a meeting's clock time, as written on the page
        return value.strftime("%H:%M")
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _timestamp(value: datetime.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.astimezone(EXTRACT_TIME_ZONE).strftime("%Y-%m-%d %H:%M")


def _audit_section(participant: Participant) -> dict[str, Any]:
    opts = AuditRecord._meta
    labels = {
        name: capfirst(str(AuditRecord._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
        for name in ("at", "actor", "action", "object_type", "summary", "changes")
    }
    unit = _("Enhet")
    records = (
        AuditRecord.objects.filter(participant_id=participant.pk)
        .select_related("actor", "actor__unit")
        .order_by("at", "id")
    )
    rows = []
    for record in records:
        actor = record.actor
        rows.append(
            {
                TITLE: f"{_timestamp(record.at)} {record.get_action_display()}",
                FIELDS: {
                    labels["at"]: _timestamp(record.at),
                    labels["actor"]: str(actor) if actor else record.actor_name or _("Systemet"),
                    unit: str(actor.unit) if actor and actor.unit else None,
                    labels["action"]: record.get_action_display(),
                    labels["object_type"]: _model_name(record.object_type),
                    labels["summary"]: record.summary or None,
                    labels["changes"]: record.changes or None,
                },
            }
        )
    return {
        TITLE: capfirst(str(opts.verbose_name_plural)),
        MODEL: opts.label_lower,
        COLUMNS: [labels["at"], labels["actor"], unit, labels["action"], labels["object_type"]]
        + [labels["summary"], labels["changes"]],
        RECORDS: rows,
    }


def _model_name(label: str) -> str:
    """'people.participant' → 'Deltagare'; anything else as it was written."""
    try:
        return capfirst(str(apps.get_model(label)._meta.verbose_name))
    except (LookupError, ValueError):
        return label
