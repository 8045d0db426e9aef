"""Compared with others: Kolada's published values for chosen comparison municipalities,
imported from a Kolada export file (JSON as Kolada's API v2 returns it, or CSV), offline — no
call to Kolada at run time — and shown beside the organisation's own key figure, labelled with
Kolada's KPI id and the year.

The file must hold the one KPI the import is for; a row of another KPI, a municipality code
that is not four digits, a year or a value that is not a number: the error names the row and
nothing is imported.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lotsa.organisations.models import Organisation
from lotsa.statistics.models import KoladaValue

KPI_PATTERN = re.compile(r"^[A-Z]\d{5}$")
MUNICIPALITY_PATTERN = re.compile(r"^\d{4}$")
CSV_COLUMNS = {
    "kpi": "kpi",
    "municipality": "municipality",
    "kommun": "municipality",
    "kommunkod": "municipality",
    "municipality_name": "name",
    "kommunnamn": "name",
    "period": "year",
    "år": "year",
    "value": "value",
    "värde": "value",
    "gender": "gender",
    "kön": "gender",
}


@dataclass(frozen=True)
class KoladaRow:
    line: int
    kpi: str
    municipality: str
    name: str
    year: int
    value: Decimal


def _row(where: str, kpi: str, raw: dict[str, Any], line: int) -> tuple[KoladaRow | None, str]:
    found = str(raw.get("kpi", "")).strip()
    if found != kpi:
        return None, _("%(where)s: KPI %(found)s är inte %(kpi)s som importen gäller.") % {
            "where": where,
            "found": found[:20] or "–",
            "kpi": kpi,
        }
    municipality = str(raw.get("municipality", "")).strip()
    if not MUNICIPALITY_PATTERN.match(municipality):
        return None, _("%(where)s: kommunkoden ska vara fyra siffror.") % {"where": where}
    try:
        year = int(str(raw.get("year", "")).strip())
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        return None, _("%(where)s: året ska vara mellan 2000 och 2100.") % {"where": where}
    text = str(raw.get("value", "")).strip().replace(",", ".").replace("\u00a0", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, _("%(where)s: värdet ”%(value)s” är inte ett tal.") % {
            "where": where,
            "value": text[:20],
        }
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        return None, _("%(where)s: värdet är inte ett rimligt tal.") % {"where": where}
    name = str(raw.get("name", "")).strip()[:120]
    return KoladaRow(line, kpi, municipality, name, year, value), ""


def _json_records(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """Kolada API v2: {"values": [{"kpi", "municipality", "period", "values": [{"gender",
    "value"}]}]}; the total ("T") of each entry is taken."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ValidationError(_("Filen är inte en Kolada-export: den saknar ”values”."))
    records: list[tuple[str, dict[str, Any]]] = []
    for number, entry in enumerate(data["values"], start=1):
        where = _("Post %(n)s") % {"n": number}
        if not isinstance(entry, dict):
            records.append((where, {}))
            continue
        found = entry.get("values")
        values: list[Any] = found if isinstance(found, list) else []
        total = next(
            (v for v in values if isinstance(v, dict) and v.get("gender", "T") == "T"), None
        )
        records.append(
            (
                where,
                {
                    "kpi": entry.get("kpi", ""),
                    "municipality": entry.get("municipality", ""),
                    "name": entry.get("municipality_name", ""),
                    "year": entry.get("period", ""),
                    "value": "" if total is None or total.get("value") is None else total["value"],
                },
            )
        )
    return records


def _csv_records(text: str) -> list[tuple[str, dict[str, Any]]]:
    first = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first.count)
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [CSV_COLUMNS.get(cell.strip().casefold(), "") for cell in lines[0]] if lines else []
    if not {"kpi", "municipality", "year", "value"} <= set(header):
        raise ValidationError(
            _("Rad 1: rubrikerna ska vara kpi, kommun, år och värde (och gärna kommunnamn).")
        )
    records = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        raw = {name: cells[k] if k < len(cells) else "" for k, name in enumerate(header) if name}
        if raw.get("gender", "T").strip() not in ("", "T"):
            continue  # women's and men's values: the total is compared
        records.append((_("Rad %(n)s") % {"n": number}, raw))
    return records


def parse_kolada(text: str, kpi: str) -> list[KoladaRow]:
    """Every row of the file for `kpi`, or a ValidationError listing every bad row."""
    if not KPI_PATTERN.match(kpi):
        raise ValidationError(_("Koladas KPI-id är en bokstav och fem siffror, t.ex. N00000."))
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise ValidationError(_("Filen är tom."))
    if text.startswith("{"):
        try:
            records = _json_records(json.loads(text))
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("Rad %(n)s: filen är inte giltig JSON.") % {"n": error.lineno}
            ) from error
    else:
        records = _csv_records(text)
    rows: list[KoladaRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    for number, (where, raw) in enumerate(records, start=1):
        row, error = _row(where, kpi, raw, number)
        if row is None:
            errors.append(error)
            continue
        if (row.municipality, row.year) in seen:
            errors.append(
                _("%(where)s: kommun %(m)s år %(y)s finns redan (%(first)s).")
                % {
                    "where": where,
                    "m": row.municipality,
                    "y": row.year,
                    "first": seen[(row.municipality, row.year)],
                }
            )
            continue
        seen[(row.municipality, row.year)] = where
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Filen har inga värden för %(kpi)s.") % {"kpi": kpi})
    return rows


@dataclass
class Comparison:
    figure: str  # the key figure's key
    kpi: str
    rows: list[tuple[str, list[Decimal | None]]]  # municipality label, one value per year


def comparisons(organisation: Organisation, years: list[int]) -> dict[str, Comparison]:
    """The imported comparison values per key figure for `years` (one query)."""
    found: dict[str, Comparison] = {}
    values: dict[tuple[str, str], dict[int, Decimal]] = {}
    labels: dict[tuple[str, str], str] = {}
    for row in KoladaValue.objects.filter(organisation=organisation, year__in=years).order_by(
        "figure", "municipality_name", "municipality"
    ):
        found.setdefault(row.figure, Comparison(row.figure, row.kpi, []))
        key = (row.figure, row.municipality)
        values.setdefault(key, {})[row.year] = row.value
        labels[key] = (
            f"{row.municipality_name} ({row.municipality})"
            if row.municipality_name
            else _("Kommun %(code)s") % {"code": row.municipality}
        )
    for (figure, _municipality), by_year in values.items():
        found[figure].rows.append(
            (labels[(figure, _municipality)], [by_year.get(year) for year in years])
        )
    return found
