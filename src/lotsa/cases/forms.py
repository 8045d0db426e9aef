"""Forms of the case pages. They parse input and name what is required; the rules live in
services, which report the same words (cases.messages)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotsa.cases import messages
from lotsa.cases.constants import (
    HANDOVER_PARTIES,
    ActivityArea,
    ActivityStatus,
    CaseListSort,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
    SkrCategory,
)
from lotsa.cases.models import Activity, ActivityType, Case
from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField

# A hidden version that is missing or garbled: the page is not one we served as it is now.
_STALE = _("Sidan är inte längre aktuell. Ladda om den och gör ändringen igen.")
STALE_PAGE = {"required": _STALE, "invalid": _STALE, "min_value": _STALE}

END_AT_CLOSURE = "end"
HANDOVER_CHOICES = [
    (END_AT_CLOSURE, _("Avslutas på avslutsdatumet")),
    *[
        (party.value, format_lazy("{}: {}", _("Lämnas över till"), party.label))
        for party in HANDOVER_PARTIES
    ],
]


def _activity_label(activity: Activity) -> str:
    start = activity.starts_on.isoformat()
    end = activity.ends_on.isoformat() if activity.ends_on else _("tills vidare")
    label = f"{activity.activity_type.name} ({start} – {end}, {activity.get_status_display()})"
    if activity.description:
        label += f": {activity.description[:80]}"
    return label


def _with_blank(choices: list[tuple[str, str]], label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


class CaseListFilterForm(forms.Form):
    """The GET form above a case list: status, overdue only, sort order (and coach)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Pågående (aktiva och vilande)")), *CaseStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Bara försenade uppföljningar"), required=False)
    sort = forms.ChoiceField(label=_("Sortera efter"), required=False, choices=CaseListSort.choices)

    def __init__(self, *args: object, coaches: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if coaches is not None:
            self.fields["coach"] = forms.ModelChoiceField(
                label=_("Arbetscoach"),
                queryset=coaches,
                required=False,
                empty_label=_("Alla arbetscoacher"),
            )
            self.order_fields(["coach", "status", "overdue", "sort"])

    def value(self, name: str) -> object:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name)
        return self.fields[name].initial if name in self.fields else None


class PlanVersionForm(forms.Form):
    """Every plan form carries the plan version the editor saw."""

    expected_plan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class GoalForm(PlanVersionForm):
    kind = forms.ChoiceField(
        label=_("Sorts mål"),
        choices=_with_blank(GoalKind.choices, _("Välj …")),
        error_messages={"required": messages.GOAL_KIND_REQUIRED},
    )
    description = forms.CharField(
        label=_("Mål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": messages.GOAL_DESCRIPTION_REQUIRED},
        help_text=_("Skriv målet så att deltagaren känner igen det, med egna ord."),
        max_length=2000,
    )
    target_date = PlausibleDateField(label=_("Måldatum"), required=False, widget=DateInput())
    is_achieved = forms.BooleanField(label=_("Målet är uppnått"), required=False)

    field_order = ["kind", "description", "target_date", "is_achieved"]

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not editing:
            del self.fields["is_achieved"]


class ActivityForm(PlanVersionForm):
    activity_type = forms.ModelChoiceField(
        label=_("Aktivitet"),
        queryset=ActivityType.objects.none(),
        empty_label=_("Välj ur katalogen …"),
        error_messages={"required": messages.ACTIVITY_TYPE_REQUIRED},
        help_text=_("SKR-kategorin följer med aktiviteten."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel var, hos vem och vad som ska hända."),
        max_length=2000,
    )
    responsible = forms.ChoiceField(
        label=_("Ansvarig"),
        required=False,
        choices=_with_blank(ResponsibleParty.choices, _("Den som brukar ansvara för aktiviteten")),
    )
    starts_on = PlausibleDateField(
        label=_("Startdatum"),
        widget=DateInput(),
        error_messages={"required": messages.START_DATE_REQUIRED},
    )
    ends_on = PlausibleDateField(label=_("Slutdatum"), required=False, widget=DateInput())
    extent = SingleLineField(
        label=_("Omfattning"),
        required=False,
        max_length=10,
        help_text=_("Antal timmar i veckan (högst 60) eller procent av heltid (högst 100)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6"}),
    )
    extent_unit = forms.ChoiceField(
        label=_("Enhet för omfattning"), choices=ExtentUnit.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, required=False)

    field_order = [
        "activity_type",
        "description",
        "responsible",
        "starts_on",
        "ends_on",
        "extent",
        "extent_unit",
        "status",
    ]

    def __init__(self, *args: object, activity_types: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["activity_type"]
        field.queryset = activity_types  # type: ignore[attr-defined]
        field.label_from_instance = lambda item: (  # type: ignore[attr-defined]
            f"{item.name} (SKR {item.skr_category})"
        )


class RemoveForm(PlanVersionForm):
    pass


class FollowUpForm(forms.Form):
    held_on = PlausibleDateField(
        label=_("Datum för uppföljningen"),
        widget=DateInput(),
        error_messages={"required": messages.DATE_REQUIRED},
    )
    text = forms.CharField(
        label=_("Vad kom ni fram till?"),
        error_messages={"required": messages.FOLLOW_UP_TEXT_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sparas som en signerad journalanteckning av typen Uppföljning."),
    )
    plan_comment = forms.CharField(
        label=_("Kommentar till planen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel stegförflyttning eller vad som ändras i planen."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Avslutsorsak"),
        choices=_with_blank(ClosureReason.choices, _("Välj avslutsorsak …")),
        error_messages={"required": messages.CLOSURE_REASON_REQUIRED},
    )
    closed_on = PlausibleDateField(
        label=_("Avslutsdatum"),
        widget=DateInput(),
        error_messages={"required": messages.DATE_REQUIRED},
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The case as the closing page showed it: a case changed meanwhile is a conflict.
    expected_version = forms.IntegerField(
        label=_("Ärendets version"),
        widget=forms.HiddenInput,
        min_value=0,
        required=False,
        error_messages=STALE_PAGE,
    )
    expected_plan_version = forms.IntegerField(
        label=_("Planens version"),
        widget=forms.HiddenInput,
        min_value=0,
        required=False,
        error_messages=STALE_PAGE,
    )

    def __init__(
        self, *args: object, case: Case | None = None, activities: Any = (), **kwargs: object
    ) -> None:
        initial: dict[str, Any] = {"closed_on": timezone.localdate()}
        if case is not None:
            initial.update(expected_version=case.version, expected_plan_version=case.plan_version)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.activities = list(activities)
        for activity in self.activities:
            self.fields[f"activity_{activity.pk}"] = forms.ChoiceField(
                label=_activity_label(activity),
                choices=HANDOVER_CHOICES,
                required=False,
                initial=END_AT_CLOSURE,
            )

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[f"activity_{activity.pk}"] for activity in self.activities]

    def handovers(self) -> dict[int, str]:
        """Activity id → who takes it over, for the activities not simply ended."""
        chosen = {
            activity.pk: self.cleaned_data.get(f"activity_{activity.pk}") or END_AT_CLOSURE
            for activity in self.activities
        }
        return {pk: party for pk, party in chosen.items() if party != END_AT_CLOSURE}


class EndDateForm(forms.Form):
    """The one change a closed case's activity or placement takes: when it really ended."""

    ends_on = PlausibleDateField(
        label=_("Slutdatum"),
        widget=DateInput(),
        error_messages={"required": messages.DATE_REQUIRED, "invalid": messages.DATE_REQUIRED},
    )
    version = forms.IntegerField(
        label=_("Version"), widget=forms.HiddenInput, min_value=0, error_messages=STALE_PAGE
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl att öppna ärendet igen"),
        error_messages={"required": messages.REOPEN_REASON_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PauseForm(forms.Form):
    reason = SingleLineField(
        label=_("Skäl (frivilligt)"),
        required=False,
        max_length=200,
        help_text=_("Till exempel sjukskrivning eller föräldraledighet."),
    )


class ActivityTypeForm(forms.Form):
    name = SingleLineField(
        label=_("Namn"),
        max_length=200,
        error_messages={"required": messages.CATALOGUE_NAME_REQUIRED},
    )
    skr_category = forms.TypedChoiceField(
        label=_("SKR-kategori"),
        coerce=int,
        empty_value=None,
        choices=_with_blank(SkrCategory.choices, _("Välj …")),  # type: ignore[arg-type]
        error_messages={"required": messages.SKR_CATEGORY_REQUIRED},
    )
    area = forms.ChoiceField(
        label=_("Område"),
        choices=_with_blank(ActivityArea.choices, _("Välj …")),
        error_messages={"required": messages.AREA_REQUIRED},
    )
    default_responsible = forms.ChoiceField(
        label=_("Ansvarig som standard"), choices=ResponsibleParty.choices, required=False
    )
    is_active = forms.BooleanField(label=_("Aktiv (kan väljas i planer)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
