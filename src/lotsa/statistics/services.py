"""Writes of the statistics app: the organisation's evaluation assumptions."""

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.assessments.constants import IncomeSource
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.core.concurrency import save_with_version
from lotsa.statistics import policy
from lotsa.statistics.constants import Payer
from lotsa.statistics.defaults import UNIT_PRICES, price_label
from lotsa.statistics.equal_access import parse_population_csv
from lotsa.statistics.kolada import parse_kolada
from lotsa.statistics.models import DistrictPopulation, EvaluationAssumptions, KoladaValue
from lotsa.statistics.summary import key_figures

if TYPE_CHECKING:
    from lotsa.organisations.models import User

MAX_AMOUNT = 10_000_000
T = TypeVar("T")


def assumptions_update(
    *,
    actor: "User",
    costs: dict[str, dict[str, Any]],
    programme_cost_per_year: int | None,
    programme_cost_source: str,
    horizon_years: int,
    expected_version: int,
    prices: dict[str, dict[str, Any]] | None = None,
) -> EvaluationAssumptions:
    """Store the organisation's cost per support form, payer, income, its unit prices (care use,
    sick leave, the value of work) and the programme's cost. A row left out uses Lotsa's
    default; every error names its row."""
    if not policy.can_edit_assumptions(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    clean: dict[str, dict[str, Any]] = {}
    labels = dict(IncomeSource.choices)
    for source, row in costs.items():
        if source not in IncomeSource.values:
            raise ValidationError(_("Okänd försörjningsform."))
        name = labels[source]
        for field in ("yearly_cost", "disposable_income"):
            value = row.get(field)
            if value is None or not (0 <= Decimal(value) <= MAX_AMOUNT):
                errors[f"{source}__{field}"] = _(
                    "%(row)s: ange ett belopp mellan 0 och 10 000 000 kr."
                ) % {"row": name}
        if row.get("payer") not in Payer.values:
            errors[f"{source}__payer"] = _("%(row)s: välj vem som betalar.") % {"row": name}
        if not str(row.get("source", "")).strip():
            errors[f"{source}__source"] = _("%(row)s: ange var siffran kommer ifrån.") % {
                "row": name
            }
        clean[source] = {
            "yearly_cost": int(row.get("yearly_cost") or 0),
            "payer": row.get("payer"),
            "disposable_income": int(row.get("disposable_income") or 0),
            "source": str(row.get("source", "")).strip()[:500],
        }
    clean_prices: dict[str, dict[str, Any]] = {}
    for key, row in (prices or {}).items():
        if key not in UNIT_PRICES:
            raise ValidationError(_("Okänt pris."))
        label = price_label(key)
        value = row.get("price")
        if value is None or not (0 <= Decimal(value) <= MAX_AMOUNT):
            errors[f"price__{key}__price"] = _(
                "%(row)s: ange ett pris mellan 0 och 10 000 000 kr."
            ) % {"row": label}
        if not str(row.get("source", "")).strip():
            errors[f"price__{key}__source"] = _("%(row)s: ange var siffran kommer ifrån.") % {
                "row": name
            }
        clean_prices[key] = {
            "price": int(value or 0),
            "source": str(row.get("source", "")).strip()[:500],
        }
    if programme_cost_per_year is not None and not 0 <= programme_cost_per_year <= MAX_AMOUNT:
        errors["programme_cost_per_year"] = _("Ange ett belopp mellan 0 och 10 000 000 kr.")
    if programme_cost_per_year is not None and not programme_cost_source.strip():
        errors["programme_cost_source"] = _("Ange var siffran kommer ifrån.")
    if not 1 <= horizon_years <= 20:
        errors["horizon_years"] = _("Ange mellan 1 och 20 år.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current, created = EvaluationAssumptions.objects.get_or_create(
            organisation_id=actor.organisation_id
        )
        if created and expected_version == 0:
            expected_version = current.version
        before = {
            "costs": current.costs,
            "prices": current.prices,
            "programme": current.programme_cost_per_year,
        }
        current.costs = clean
        current.prices = clean_prices
        current.programme_cost_per_year = programme_cost_per_year
        current.programme_cost_source = programme_cost_source.strip()
        current.horizon_years = horizon_years
        save_with_version(
            current,
            expected_version=expected_version,
            fields=[
                "costs",
                "prices",
                "programme_cost_per_year",
                "programme_cost_source",
                "horizon_years",
            ],
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            summary=_("Ändrade antaganden för samhällsekonomisk utvärdering"),
            changes={
                "before": before,
                "after": {
                    "costs": clean,
                    "prices": clean_prices,
                    "programme": programme_cost_per_year,
                },
            },
        )
    return current


def _parsed(errors: dict[str, Any], parse: Callable[[], list[T]]) -> list[T]:
    """The file's rows; the file's errors join the form's under "text", and any error stops
    the import before anything is stored (all or nothing)."""
    try:
        rows = parse()
    except ValidationError as error:
        errors["text"] = error.messages
        rows = []
    if errors:
        raise ValidationError(errors)
    return rows


def district_populations_import(
    *, actor: "User", year: int, source: str, text: str
) -> list[DistrictPopulation]:
    """Import each district's population of working age for `year` from CSV text
    (`stadsdel;befolkning`), with where it comes from. All or nothing: one bad row (a district
    the organisation does not have, a missing or negative number) and nothing is stored; the
    error names the row."""
    if not policy.can_edit_populations(actor) or actor.organisation is None:
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = _("Ange ett år mellan 2000 och 2100.")
    if not source.strip():
        errors["source"] = _("Ange var befolkningssiffrorna kommer ifrån, t.ex. SCB och år.")
    organisation = actor.organisation
    rows = _parsed(errors, lambda: parse_population_csv(organisation, text))
    stored = []
    with transaction.atomic():
        for row in rows:
            population, _created = DistrictPopulation.objects.update_or_create(
                district=row.district,
                year=year,
                defaults={
                    "organisation_id": actor.organisation_id,
                    "population": row.population,
                    "source": source.strip()[:300],
                    "recorded_by": actor,
                },
            )
            stored.append(population)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="statistics.districtpopulation",
            summary=_("Importerade befolkning per stadsdel %(year)s (%(n)s stadsdelar)")
            % {"year": year, "n": len(stored)},
        )
    return stored


def kolada_import(*, actor: "User", figure: str, kpi: str, text: str) -> list[KoladaValue]:
    """Import comparison municipalities' values of one Kolada KPI from an export file, for the
    key figure `figure` of the board summary. All or nothing; every bad row is named."""
    if not policy.can_edit_populations(actor) or actor.organisation is None:
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if figure not in key_figures:
        errors["figure"] = _("Välj ett av nyckeltalen.")
    kpi = kpi.strip().upper()
    rows = _parsed(errors, lambda: parse_kolada(text, kpi))
    stored = []
    with transaction.atomic():
        for row in rows:
            value, _created = KoladaValue.objects.update_or_create(
                organisation_id=actor.organisation_id,
                kpi=kpi,
                municipality=row.municipality,
                year=row.year,
                defaults={
                    "figure": figure,
                    "municipality_name": row.name,
                    "value": row.value,
                    "recorded_by": actor,
                },
            )
            stored.append(value)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="statistics.koladavalue",
            summary=_("Importerade %(n)s jämförelsevärden för Kolada %(kpi)s")
            % {"n": len(stored), "kpi": kpi},
        )
    return stored
