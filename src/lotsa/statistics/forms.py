from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.guidelines.models import TargetGroup
from lotsa.organisations.models import District, Organisation, Unit
from lotsa.statistics.constants import Payer
from lotsa.statistics.defaults import price_unit

MAX_PERIOD_DAYS = 366 * 10


def default_period() -> tuple[date, date]:
    """The calendar year so far."""
    today = timezone.localdate()
    return date(today.year, 1, 1), today


class ReportFilterForm(forms.Form):
    start = PlausibleDateField(
        label=_("Från"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum.")},
    )
    end = PlausibleDateField(
        label=_("Till och med"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla")
    )
    district = forms.ModelChoiceField(
        label=_("Stadsdel"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Alla"),
    )
    target_group = forms.ChoiceField(label=_("Målgrupp"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, runs_support=True
        )
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        groups = dict(
            TargetGroup.objects.filter(version__guideline__organisation=organisation)
            .order_by("name")
            .values_list("code", "name")
        )
        self.fields["target_group"].choices = [("", _("Alla"))] + sorted(  # type: ignore[attr-defined]
            groups.items(), key=lambda item: item[1]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Välj en period på högst tio år."))
        return data


def year_field(**kwargs: Any) -> forms.IntegerField:
    message = _("Ange ett år mellan 2000 och 2100.")
    return forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        error_messages={key: message for key in ("required", "invalid", "min_value", "max_value")},
        **kwargs,
    )


class YearForm(forms.Form):
    year = year_field()


class AssumptionsForm(forms.Form):
    """The cost table: for each support form its yearly cost, payer, income and source."""

    programme_cost_per_year = forms.IntegerField(
        label=_("Insatsens kostnad per deltagare och år (kr)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_("Tomt = Lotsas standardvärde."),
        error_messages={
            "invalid": _("Ange ett belopp i hela kronor."),
            "min_value": _("Ange ett belopp mellan 0 och 10 000 000 kr."),
            "max_value": _("Ange ett belopp mellan 0 och 10 000 000 kr."),
        },
    )
    programme_cost_source = SingleLineField(
        label=_("Källa för insatsens kostnad"), required=False, max_length=500
    )
    horizon_years = forms.IntegerField(
        label=_("Tidshorisont i år"),
        min_value=1,
        max_value=20,
        error_messages={
            "required": _("Ange mellan 1 och 20 år."),
            "invalid": _("Ange mellan 1 och 20 år."),
            "min_value": _("Ange mellan 1 och 20 år."),
            "max_value": _("Ange mellan 1 och 20 år."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        sources: list[tuple[str, str]],
        prices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sources = sources
        self.prices = prices or []

        def money(row: str, what: str) -> dict[str, str]:
            # Every message names its row: a price table is long.
            text = _("%(row)s: ange %(what)s mellan 0 och 10 000 000 kr.") % {
                "row": row,
                "what": what,
            }
            return {
                "invalid": _("%(row)s: ange %(what)s i hela kronor.") % {"row": row, "what": what},
                "required": text,
                "min_value": text,
                "max_value": text,
            }

        def source_field(row: str) -> forms.CharField:
            return forms.CharField(
                label=_("%(form)s: källa") % {"form": row},
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("%(row)s: ange var siffran kommer ifrån.") % {"row": row}
                },
            )

        for value, label in sources:
            self.fields[f"{value}__yearly_cost"] = forms.IntegerField(
                label=_("%(form)s: offentlig kostnad per år (kr)") % {"form": label},
                min_value=0,
                max_value=10_000_000,
                error_messages=money(label, _("ett belopp")),
            )
            self.fields[f"{value}__payer"] = forms.ChoiceField(
                label=_("%(form)s: betalare") % {"form": label}, choices=Payer.choices
            )
            self.fields[f"{value}__disposable_income"] = forms.IntegerField(
                label=_("%(form)s: personens disponibla inkomst per år (kr)") % {"form": label},
                min_value=0,
                max_value=10_000_000,
                error_messages=money(label, _("ett belopp")),
            )
            self.fields[f"{value}__source"] = source_field(label)
        for key, label in self.prices:
            self.fields[f"price__{key}__price"] = forms.IntegerField(
                label=_("%(row)s: pris (%(unit)s)") % {"row": label, "unit": price_unit(key)},
                min_value=0,
                max_value=10_000_000,
                error_messages=money(label, _("ett pris")),
            )
            self.fields[f"price__{key}__source"] = source_field(label)

    def price_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (label, [self[f"price__{key}__{name}"] for name in ("price", "source")])
            for key, label in self.prices
        ]

    def unit_prices(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {name: data.get(f"price__{key}__{name}") for name in ("price", "source")}
            for key, _label in self.prices
        }

    def source_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                label,
                [
                    self[f"{value}__{name}"]
                    for name in ("yearly_cost", "payer", "disposable_income", "source")
                ],
            )
            for value, label in self.sources
        ]

    def costs(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            value: {
                name: data.get(f"{value}__{name}")
                for name in ("yearly_cost", "payer", "disposable_income", "source")
            }
            for value, _label in self.sources
        }


class PopulationImportForm(forms.Form):
    """A district population table: a year, its source, and CSV pasted or uploaded."""

    year = year_field()
    source = SingleLineField(
        label=_("Källa"),
        max_length=300,
        help_text=_("Till exempel: SCB, befolkning 16–64 år per stadsdel 31 december 2024."),
        error_messages={
            "required": _("Ange var befolkningssiffrorna kommer ifrån, t.ex. SCB och år.")
        },
    )
    file = forms.FileField(
        label=_("CSV-fil"),
        required=False,
        help_text=_("Första raden: stadsdel;befolkning. En rad per stadsdel."),
    )
    text = forms.CharField(
        label=_("Eller klistra in raderna"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Samma format som filen, t.ex. från Excel."),
    )

    def csv_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            raw = upload.read(1_000_000)
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    return str(raw.decode(encoding))
                except UnicodeDecodeError:
                    continue
        return str(self.cleaned_data.get("text") or "")


class KoladaImportForm(forms.Form):
    figure = forms.ChoiceField(label=_("Nyckeltal som värdena jämförs med"))
    kpi = SingleLineField(
        label=_("Koladas KPI-id"),
        max_length=6,
        help_text=_("Som Kolada skriver det, en bokstav och fem siffror (t.ex. N00000)."),
        error_messages={"required": _("Ange Koladas KPI-id.")},
    )
    file = forms.FileField(
        label=_("Kolada-export (JSON eller CSV)"),
        required=False,
        help_text=_("JSON som Koladas API ger, eller CSV med kpi;kommun;kommunnamn;år;värde."),
    )
    text = forms.CharField(
        label=_("Eller klistra in innehållet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, figures: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = figures  # type: ignore[attr-defined]

    csv_text = PopulationImportForm.csv_text
