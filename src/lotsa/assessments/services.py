"""Writes for mappings, instruments, assessments and phases: policy, transaction, audit."""

import datetime
import json
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.assessments import policy
from lotsa.assessments.constants import MAPPING_CHOICES, Obstacle, TimeWithoutWork
from lotsa.assessments.models import (
    SCALE_MAX,
    SCALE_MIN,
    Area,
    Assessment,
    CasePhase,
    FidelityBand,
    FidelityItem,
    FidelityReview,
    FidelityScale,
    FidelityScore,
    Instrument,
    Mapping,
    Method,
    Module,
    Phase,
    Score,
    Step,
)
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.cases.models import Case
from lotsa.core.concurrency import save_with_version
from lotsa.core.dates import implausible_date_message, is_plausible_date
from lotsa.organisations.models import Organisation, Unit, User

DATA = Path(__file__).parent / "data"
MOVE_INSTRUMENT = DATA / "move_instrument.json"
DEFAULT_METHODS = DATA / "methods.json"

EXCLUSIVE_OBSTACLES = frozenset({Obstacle.NONE, Obstacle.NOT_CLARIFIED})


def _check_date(field: str, on: datetime.date, case: Case) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("Datumet kan inte ligga i framtiden.")})
    if case.closed_on and on > case.closed_on:
        raise ValidationError({field: _("Datumet kan inte ligga efter att ärendet avslutades.")})


# Mappings -------------------------------------------------------------------------------------


def _clean_obstacles(obstacles: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(obstacles))
    if not chosen:
        raise ValidationError(
            {
                "obstacles": _(
                    "Välj minst ett alternativ. Välj ”Ännu inte klarlagt” om hindren inte är kända."
                )
            }
        )
    if any(value not in Obstacle.values for value in chosen):
        raise ValidationError({"obstacles": _("Välj arbetshinder ur listan.")})
    if len(chosen) > 1 and EXCLUSIVE_OBSTACLES & set(chosen):
        raise ValidationError(
            {
                "obstacles": _(
                    "”Inga kända arbetshinder” och ”Ännu inte klarlagt” kan inte kombineras "
                    "med andra hinder."
                )
            }
        )
    return [value for value in Obstacle.values if value in chosen]


CARE_DAYS_MAX = 366  # care use is counted over the 12 months before the mapping


def mapping_record(
    *,
    actor: User,
    case: Case,
    mapped_on: datetime.date,
    obstacles: Sequence[str],
    psychiatric_contacts: int | None = None,
    inpatient_days: int | None = None,
    time_without_work: str = "",
    **answers: str,
) -> Mapping:
    """Record a dated mapping of the person's situation; earlier mappings stay as they were.
    Care use (psychiatric out-patient contacts, in-patient days over the last 12 months) is
    optional: None is "Okänt"."""
    if not policy.can_record_progress(actor, case):
        raise PermissionDenied
    missing = set(MAPPING_CHOICES) - set(answers)
    unknown = set(answers) - set(MAPPING_CHOICES)
    if missing or unknown:
        raise ValueError(f"Mapping fields missing {sorted(missing)}, unknown {sorted(unknown)}")
    errors: dict[str, str] = {}
    for field, choices in MAPPING_CHOICES.items():
        if answers[field] not in choices.values:
            errors[field] = _("Välj ett av alternativen (”Okänt” går bra).")
    if time_without_work and time_without_work not in TimeWithoutWork.values:
        errors["time_without_work"] = _("Välj ett av alternativen (”Okänt” går bra).")
    care = {"psychiatric_contacts": psychiatric_contacts, "inpatient_days": inpatient_days}
    for field, number in care.items():
        if number is not None and not 0 <= number <= CARE_DAYS_MAX:
            errors[field] = _("Ange ett antal mellan 0 och 366, eller lämna tomt om det är okänt.")
    if errors:
        raise ValidationError(errors)
    _check_date("mapped_on", mapped_on, case)
    cleaned_obstacles = _clean_obstacles(obstacles)
    mapping = Mapping(
        case=case,
        mapped_on=mapped_on,
        obstacles=cleaned_obstacles,
        time_without_work=time_without_work,
        recorded_by=actor,
        **care,
        **answers,
    )
    return audited_create(
        actor=actor,
        instance=mapping,
        participant=case.participant,
        summary=f"Kartläggning {mapped_on:%Y-%m-%d}",
    )


# Instruments ----------------------------------------------------------------------------------


def _require_configurable(actor: User, instrument: Instrument) -> None:
    if not policy.can_configure_instrument(actor, instrument):
        raise PermissionDenied
    if instrument.assessments.exists():
        raise ValidationError(
            _(
                "Instrumentet har använts i skattningar och kan inte ändras. "
                "Skapa en ny version för att göra ändringar."
            )
        )


def instrument_create(*, actor: User, name: str, description: str = "") -> Instrument:
    """Start a new instrument (version 1) for the administrator's organisation."""
    if not policy.can_configure(actor):
        raise PermissionDenied
    name = name.strip()
    if Instrument.objects.filter(organisation_id=actor.organisation_id, name=name).exists():
        raise ValidationError({"name": _("Det finns redan ett instrument med det namnet.")})
    instrument = Instrument(
        organisation_id=actor.organisation_id, name=name, description=description
    )
    return audited_create(actor=actor, instance=instrument, summary=name)


def instrument_update(
    *,
    actor: User,
    instrument: Instrument,
    expected_version: int,
    description: str,
    is_active: bool,
) -> Instrument:
    """Change the description or whether new assessments use it; the steps stay as they are."""
    if not policy.can_configure_instrument(actor, instrument):
        raise PermissionDenied
    with transaction.atomic():
        instrument.description = description
        instrument.is_active = is_active
        save_with_version(
            instrument, expected_version=expected_version, fields=["description", "is_active"]
        )
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=instrument, summary=str(instrument)
        )
    return instrument


def area_add(*, actor: User, instrument: Instrument, name: str, description: str = "") -> Area:
    """Add an area to an instrument that no assessment has used yet."""
    _require_configurable(actor, instrument)
    name = name.strip()
    if instrument.areas.filter(name=name).exists():
        raise ValidationError({"name": _("Instrumentet har redan ett område med det namnet.")})
    with transaction.atomic():
        position = (instrument.areas.aggregate(last=Max("position"))["last"] or 0) + 1
        return audited_create(
            actor=actor,
            instance=Area(
                instrument=instrument, name=name, description=description, position=position
            ),
            summary=name,
        )


def _clean_steps(steps: Sequence[str]) -> list[str]:
    texts = [text.strip() for text in steps]
    if len(texts) != SCALE_MAX:
        raise ValueError(f"A module has {SCALE_MAX} steps, got {len(texts)}")
    errors = {
        f"step_{number}": _("Beskriv vad steget betyder.")
        for number, text in enumerate(texts, start=SCALE_MIN)
        if not text
    }
    if errors:
        raise ValidationError(errors)
    return texts


def module_save(
    *,
    actor: User,
    area: Area,
    name: str,
    steps: Sequence[str],
    module: Module | None = None,
    expected_version: int | None = None,
) -> Module:
    """Add a module to an area, or change one, with the meaning of each of its ten steps.

    Changing a module takes the instrument version the editor saw (EditConflictError if another
    administrator changed the instrument since), so two editors never overwrite each other.
    """
    _require_configurable(actor, area.instrument)
    name = name.strip()
    texts = _clean_steps(steps)
    if area.modules.filter(name=name).exclude(pk=getattr(module, "pk", None)).exists():
        raise ValidationError({"name": _("Området har redan en modul med det namnet.")})
    with transaction.atomic():
        if module is None:
            position = (area.modules.aggregate(last=Max("position"))["last"] or 0) + 1
            module = Module.objects.create(area=area, name=name, position=position)
            action = AuditAction.CREATE
        else:
            if expected_version is None:
                raise ValueError("Changing a module needs the instrument version the editor saw")
            save_with_version(area.instrument, expected_version=expected_version, fields=[])
            module.name = name
            module.save(update_fields=["name"])
            module.steps.all().delete()
            action = AuditAction.UPDATE
        Step.objects.bulk_create(
            Step(module=module, number=number, description=text)
            for number, text in enumerate(texts, start=SCALE_MIN)
        )
        audit_record(actor=actor, action=action, obj=module, summary=f"{area}: {name}")
    return module


def _copy_instrument(instrument: Instrument, *, version_number: int) -> Instrument:
    copy = Instrument.objects.create(
        organisation_id=instrument.organisation_id,
        name=instrument.name,
        description=instrument.description,
        version_number=version_number,
    )
    for area in instrument.areas.prefetch_related("modules__steps"):
        new_area = Area.objects.create(
            instrument=copy, name=area.name, description=area.description, position=area.position
        )
        for module in area.modules.all():
            new_module = Module.objects.create(
                area=new_area, name=module.name, position=module.position
            )
            Step.objects.bulk_create(
                Step(module=new_module, number=step.number, description=step.description)
                for step in module.steps.all()
            )
    return copy


def instrument_new_version(*, actor: User, instrument: Instrument) -> Instrument:
    """Copy an instrument into a new, editable version; the old one stops taking new assessments."""
    if not policy.can_configure_instrument(actor, instrument):
        raise PermissionDenied
    with transaction.atomic():
        latest = Instrument.objects.filter(
            organisation_id=instrument.organisation_id, name=instrument.name
        ).aggregate(last=Max("version_number"))["last"]
        copy = _copy_instrument(instrument, version_number=(latest or 0) + 1)
        Instrument.objects.filter(
            organisation_id=instrument.organisation_id, name=instrument.name
        ).exclude(pk=copy.pk).update(is_active=False)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=copy, summary=str(copy))
    return copy


def instrument_install(
    *, actor: User | None, organisation: Organisation, path: Path = MOVE_INSTRUMENT
) -> Instrument:
    """Install an instrument from a JSON file (areas → modules → ten step texts).

    `actor` is the administrator doing it, or None when the system installs it (demo, command).
    """
    if actor is not None and not (
        policy.can_configure(actor) and actor.organisation_id == organisation.pk
    ):
        raise PermissionDenied
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        latest = Instrument.objects.filter(organisation=organisation, name=data["name"]).aggregate(
            last=Max("version_number")
        )["last"]
        Instrument.objects.filter(organisation=organisation, name=data["name"]).update(
            is_active=False
        )
        instrument = Instrument.objects.create(
            organisation=organisation,
            name=data["name"],
            description=data.get("description", ""),
            version_number=(latest or 0) + 1,
        )
        for area_position, area_data in enumerate(data["areas"], start=1):
            area = Area.objects.create(
                instrument=instrument,
                name=area_data["name"],
                description=area_data.get("description", ""),
                position=area_position,
            )
            for module_position, module_data in enumerate(area_data["modules"], start=1):
                module = Module.objects.create(
                    area=area, name=module_data["name"], position=module_position
                )
                texts = list(module_data["steps"])
                if len(texts) != SCALE_MAX:
                    raise ValueError(f"{module.name}: {len(texts)} steps, expected {SCALE_MAX}")
                Step.objects.bulk_create(
                    Step(module=module, number=number, description=text)
                    for number, text in enumerate(texts, start=SCALE_MIN)
                )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=instrument,
            summary=str(instrument),
            organisation_id=organisation.pk,
        )
    return instrument


# Assessments ----------------------------------------------------------------------------------


def _score_value(raw: Any) -> int:
    if isinstance(raw, bool):
        raise TypeError
    if isinstance(raw, str):
        raw = raw.strip()
    value = int(raw)
    if isinstance(raw, float) and raw != value:
        raise ValueError
    return value


def assessment_record(
    *,
    actor: User,
    case: Case,
    instrument: Instrument,
    assessed_on: datetime.date,
    scores: MappingType[int, Any],
) -> Assessment:
    """Record one assessment: a step 1–10 for each module scored this time (at least one)."""
    if not policy.can_record_progress(actor, case):
        raise PermissionDenied
    if instrument.organisation_id != case.organisation_id or not instrument.is_active:
        raise ValidationError({"instrument": _("Välj ett instrument som används.")})
    _check_date("assessed_on", assessed_on, case)
    module_ids = set(
        Module.objects.filter(area__instrument=instrument).values_list("pk", flat=True)
    )
    errors: dict[str, str] = {}
    values: dict[int, int] = {}
    for module_id, raw in scores.items():
        if raw is None or raw == "":
            continue
        if module_id not in module_ids:
            raise ValueError(f"Module {module_id} is not part of {instrument}")
        try:
            value = _score_value(raw)
        except (TypeError, ValueError):
            value = SCALE_MIN - 1
        if not SCALE_MIN <= value <= SCALE_MAX:
            errors[f"module_{module_id}"] = _(
                "Steget ska vara ett heltal från %(low)s till %(high)s."
            ) % {"low": SCALE_MIN, "high": SCALE_MAX}
        else:
            values[module_id] = value
    if errors:
        raise ValidationError(errors)
    if not values:
        raise ValidationError(_("Skatta minst en modul."))
    with transaction.atomic():
        assessment = audited_create(
            actor=actor,
            instance=Assessment(
                case=case, instrument=instrument, assessed_on=assessed_on, recorded_by=actor
            ),
            participant=case.participant,
            summary=f"{instrument}, {assessed_on:%Y-%m-%d}",
        )
        Score.objects.bulk_create(
            Score(assessment=assessment, module_id=module_id, value=value)
            for module_id, value in values.items()
        )
    return assessment


# Methods and phases ---------------------------------------------------------------------------


def default_methods_install(
    *, actor: User | None, organisation: Organisation, path: Path = DEFAULT_METHODS
) -> list[Method]:
    """Install Supported Employment and IPS with their phases (methods already there are kept)."""
    if actor is not None and not (
        policy.can_configure(actor) and actor.organisation_id == organisation.pk
    ):
        raise PermissionDenied
    data = json.loads(path.read_text(encoding="utf-8"))
    installed = []
    with transaction.atomic():
        for method_data in data["methods"]:
            if Method.objects.filter(organisation=organisation, name=method_data["name"]).exists():
                continue
            method = Method.objects.create(
                organisation=organisation,
                name=method_data["name"],
                description=method_data.get("description", ""),
            )
            Phase.objects.bulk_create(
                Phase(method=method, name=name, position=position)
                for position, name in enumerate(method_data["phases"], start=1)
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=method,
                summary=method.name,
                organisation_id=organisation.pk,
            )
            installed.append(method)
    return installed


def method_save(
    *,
    actor: User,
    name: str,
    phase_names: Sequence[str],
    description: str = "",
    is_active: bool = True,
    method: Method | None = None,
    expected_version: int | None = None,
) -> Method:
    """Create or change a method and its ordered phases.

    Phases that cases have been in stay where they are; new phases can be added after them.
    A change needs the `expected_version` the editor saw (EditConflictError if someone saved
    the method since).
    """
    if method is not None and expected_version is None:
        raise TypeError("method_save of an existing method needs expected_version")
    if method is None and not policy.can_configure(actor):
        raise PermissionDenied
    if method is not None and not policy.can_configure_method(actor, method):
        raise PermissionDenied
    name = name.strip()
    names = [phase.strip() for phase in phase_names if phase.strip()]
    if not names:
        raise ValidationError({"phases": _("Ange minst en fas, en per rad.")})
    if len(set(names)) != len(names):
        raise ValidationError({"phases": _("Varje fas ska ha ett eget namn.")})
    organisation_id = actor.organisation_id if method is None else method.organisation_id
    taken = Method.objects.filter(organisation_id=organisation_id, name=name)
    if taken.exclude(pk=getattr(method, "pk", None)).exists():
        raise ValidationError({"name": _("Det finns redan en metod med det namnet.")})
    with transaction.atomic():
        if method is None:
            method = Method.objects.create(
                organisation_id=organisation_id,
                name=name,
                description=description,
                is_active=is_active,
            )
            existing: list[Phase] = []
            action = AuditAction.CREATE
        else:
            existing = list(method.phases.select_for_update())
            action = AuditAction.UPDATE
        used = set(
            CasePhase.objects.filter(phase__method=method).values_list("phase__name", flat=True)
        )
        used_in_order = [phase.name for phase in existing if phase.name in used]
        if [n for n in names if n in used] != used_in_order or not used <= set(names):
            raise ValidationError(
                {
                    "phases": _(
                        "Faser som ärenden har varit i kan inte tas bort eller flyttas: %(names)s."
                    )
                    % {"names": ", ".join(used_in_order)}
                }
            )
        if action == AuditAction.UPDATE:
            method.name, method.description, method.is_active = name, description, is_active
            save_with_version(
                method,
                expected_version=expected_version,  # type: ignore[arg-type]
                fields=["name", "description", "is_active"],
            )
        by_name = {phase.name: phase for phase in existing}
        for phase in existing:
            if phase.name not in names:
                phase.delete()
        for position, phase_name in enumerate(names, start=1):
            kept = by_name.get(phase_name)
            if kept is None:
                Phase.objects.create(method=method, name=phase_name, position=position)
            elif kept.position != position:
                kept.position = position
                kept.save(update_fields=["position"])
        audit_record(actor=actor, action=action, obj=method, summary=name)
    return method


def case_phase_set(
    *, actor: User, case: Case, phase: Phase, started_on: datetime.date
) -> CasePhase:
    """Move the case into `phase` from `started_on`; the phase it was in ends that day."""
    if not policy.can_record_progress(actor, case):
        raise PermissionDenied
    if phase.method.organisation_id != case.organisation_id or not phase.method.is_active:
        raise ValidationError({"phase": _("Välj en fas i en metod som används.")})
    _check_date("started_on", started_on, case)
    if started_on < case.start_date:
        raise ValidationError({"started_on": _("Fasen kan inte börja före ärendets startdatum.")})
    with transaction.atomic():
        # Lock the case so two people moving it at once cannot both close the same phase.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        current = CasePhase.objects.filter(case=case, ended_on__isnull=True).first()
        if current is not None:
            if current.phase_id == phase.pk:
                raise ValidationError({"phase": _("Ärendet är redan i den fasen.")})
            if started_on < current.started_on:
                raise ValidationError(
                    {
                        "started_on": _(
                            "Datumet kan inte ligga före starten av nuvarande fas (%(date)s)."
                        )
                        % {"date": current.started_on.isoformat()}
                    }
                )
            current.ended_on = started_on
            current.save(update_fields=["ended_on"])
        return audited_create(
            actor=actor,
            instance=CasePhase(case=case, phase=phase, started_on=started_on, recorded_by=actor),
            participant=case.participant,
            summary=f"{phase.method}: {phase} från {started_on:%Y-%m-%d}",
        )


# Fidelity reviews -------------------------------------------------------------------------------


def fidelity_review_record(
    *,
    actor: User,
    unit: Unit,
    scale: FidelityScale,
    reviewed_on: datetime.date,
    scores: MappingType[int, int],
    reviewers: str = "",
    note: str = "",
) -> FidelityReview:
    """Record one fidelity review of `unit`: every item of `scale` scored (item number → score)."""
    if not policy.can_record_fidelity(actor, unit):
        raise PermissionDenied
    if not scale.is_active:
        raise ValidationError({"scale": _("Skalan används inte längre för nya granskningar.")})
    errors: dict[str, str] = {}
    if not is_plausible_date(reviewed_on):
        errors["reviewed_on"] = implausible_date_message()
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = _("Granskningen kan inte vara gjord i framtiden.")
    items = list(scale.items.all())
    for item in items:
        score = scores.get(item.number)
        if score is None:
            errors[f"item_{item.number}"] = _("Ge punkten poäng.")
        elif not scale.item_min <= score <= scale.item_max:
            errors[f"item_{item.number}"] = _("Poängen är %(low)s–%(high)s.") % {
                "low": scale.item_min,
                "high": scale.item_max,
            }
    unknown = set(scores) - {item.number for item in items}
    if unknown:
        errors["scale"] = _("Skalan har inga punkter med nummer %(numbers)s.") % {
            "numbers": ", ".join(str(number) for number in sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review = FidelityReview(
            unit=unit,
            scale=scale,
            reviewed_on=reviewed_on,
            reviewers=reviewers.strip(),
            note=note.strip(),
            recorded_by=actor,
        )
        audited_create(
            actor=actor,
            instance=review,
            summary=_("%(scale)s för %(unit)s, %(date)s: %(total)s poäng")
            % {
                "scale": scale.name,
                "unit": unit.name,
                "date": reviewed_on.isoformat(),
                "total": sum(scores[item.number] for item in items),
            },
        )
        FidelityScore.objects.bulk_create(
            FidelityScore(review=review, item=item, score=scores[item.number]) for item in items
        )
    return review


IPS_FIDELITY_FILE = Path(__file__).resolve().parent / "data" / "ips_fidelity.json"


def fidelity_scale_install(path: Path = IPS_FIDELITY_FILE) -> FidelityScale:
    """The shipped scale in `path`, installed once (the migration does it; a database flushed
    by a test or restored without data gets it back here); never changes an installed scale."""
    document = json.loads(path.read_text(encoding="utf-8"))
    existing = FidelityScale.objects.filter(key=document["key"]).first()
    if existing is not None:
        return existing
    fields = ("key", "name", "method", "edition", "source", "description", "item_min", "item_max")
    with transaction.atomic():
        scale = FidelityScale.objects.create(**{name: document[name] for name in fields})
        FidelityItem.objects.bulk_create(
            FidelityItem(scale=scale, **item) for item in document["items"]
        )
        FidelityBand.objects.bulk_create(
            FidelityBand(scale=scale, **band) for band in document["bands"]
        )
    return scale
