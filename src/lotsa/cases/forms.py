"""Forms of the case pages. They parse input and name what is required; the rules live in
services, which report the same words (cases.messages)."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotsa.cases import messages
from lotsa.cases.caseload import (
    NO_CONTACT_DAYS_DEFAULT,
    NO_CONTACT_DAYS_MAX,
    NO_CONTACT_DAYS_MIN,
    caseload_filters,
)
from lotsa.cases.closure_details import ClosureDetails
from lotsa.cases.constants import (
    HANDOVER_PARTIES,
    PLAN_TEXT_MAX,
    PLAN_TITLE_MAX,
    ActivityArea,
    ActivityStatus,
    Agreement,
    CaseListSort,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
    SkrCategory,
    StudyForm,
)
from lotsa.cases.models import Activity, ActivityType, Case
from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.organisations.models import User

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
    """The GET form above a case list: status, overdue only, sort order (and coach), the
    chosen caseload filter (cases.caseload, offered as links with counts) and its N days."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Pågående (aktiva och vilande)")), *CaseStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Bara försenade uppföljningar"), required=False)
    sort = forms.ChoiceField(label=_("Sortera efter"), required=False, choices=CaseListSort.choices)
    days = forms.IntegerField(
        label=_("Ingen kontakt på antal dagar"),
        required=False,
        initial=NO_CONTACT_DAYS_DEFAULT,
        min_value=NO_CONTACT_DAYS_MIN,
        max_value=NO_CONTACT_DAYS_MAX,
        error_messages={
            "invalid": _("Skriv antal dagar som en siffra."),
            "min_value": _("Skriv minst 1 dag."),
            "max_value": _("Skriv högst 365 dagar."),
        },
    )
    filter = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, coaches: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        keys = caseload_filters.keys()
        self.fields["filter"].choices = [("", ""), *((key, key) for key in keys)]  # type: ignore[attr-defined]
        if coaches is not None:
            self.fields["coach"] = forms.ModelChoiceField(
                label=_("Arbetscoach"),
                queryset=coaches,
                required=False,
                empty_label=_("Alla arbetscoacher"),
            )
            self.order_fields(["coach", "status", "overdue", "sort", "days", "filter"])

    def value(self, name: str) -> object:
        """The cleaned value of `name`; a field with bad input falls back to its initial
        value (the error shows at the field) while the rest of the form still applies."""
        if self.is_bound:
            self.is_valid()
            if name in self.cleaned_data and name not in self.errors:
                value = self.cleaned_data[name]
                if value not in (None, ""):
                    return value
        return self.fields[name].initial if name in self.fields else None

    @property
    def no_contact_days(self) -> int:
        return cast(int, self.value("days") or NO_CONTACT_DAYS_DEFAULT)


class SavedFilterForm(forms.Form):
    name = SingleLineField(
        label=_("Namn på urvalet"),
        max_length=60,
        error_messages={"required": _("Ge urvalet ett namn.")},
    )
    query = forms.CharField(required=False, widget=forms.HiddenInput)


class ReassignForm(forms.Form):
    """The manager's bulk reassignment: the chosen cases (check boxes in the list), the coach
    who takes them over, and the hand-over note."""

    cases = forms.ModelMultipleChoiceField(
        label=_("Ärenden"),
        queryset=Case.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Välj minst ett ärende att flytta."),
            "invalid_choice": _("Ett av de valda ärendena kan inte flyttas längre. Välj igen."),
            "invalid_pk_value": _("Ett av de valda ärendena kan inte flyttas längre. Välj igen."),
        },
    )
    coach = forms.ModelChoiceField(
        label=_("Ny arbetscoach"),
        queryset=User.objects.none(),
        empty_label=_("Välj arbetscoach …"),
        error_messages={"required": _("Välj vem som tar över ärendena.")},
    )
    note = forms.CharField(
        label=_("Överlämningsanteckning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Vad den nya arbetscoachen behöver veta. Deltagaren ser inte anteckningen."),
        error_messages={
            "required": _("Skriv en överlämningsanteckning till den nya arbetscoachen.")
        },
    )

    def __init__(self, *args: object, cases: object, coaches: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cases"].queryset = cases  # type: ignore[attr-defined]
        self.fields["coach"].queryset = coaches  # type: ignore[attr-defined]


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


YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Avslutsorsak"),
        choices=_with_blank(ClosureReason.choices, _("Välj avslutsorsak …")),
        error_messages={"required": messages.CLOSURE_REASON_REQUIRED},
    )
    # Asked for a closure to work (the first two) or to studies (the last two); the service
    # requires the ones the reason needs (cases.closure_details).
    employment_start = PlausibleDateField(
        label=_("Anställningen började (eller börjar)"),
        widget=DateInput(),
        required=False,
        help_text=_("Vid avslut till arbete."),
    )
    municipal_employment = forms.ChoiceField(
        label=_("Är det en kommunal arbetsmarknadsanställning?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Vid avslut till arbete. Till exempel en anställning i kommunens regi som är en "
            "arbetsmarknadsinsats (extratjänst, OSA i kommunen). Sådana räknas inte som arbete "
            "i Koladas resultat vid avslut."
        ),
    )
    study_form = forms.ChoiceField(
        label=_("Studieform"),
        choices=_with_blank(StudyForm.choices, _("Välj studieform …")),
        required=False,
        help_text=_("Vid avslut till studier."),
    )
    csn_eligible = forms.ChoiceField(
        label=_("Ger studierna rätt till studiemedel från CSN?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Vid avslut till studier."),
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

    def details(self) -> ClosureDetails:
        data = self.cleaned_data
        return ClosureDetails(
            employment_start=data.get("employment_start"),
            municipal_employment=_yes_no(data.get("municipal_employment") or ""),
            study_form=data.get("study_form") or "",
            csn_eligible=_yes_no(data.get("csn_eligible") or ""),
        )

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


# The plan the participant writes in too ----------------------------------------------------


class StepCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PLAN_TEXT_MAX}),
        error_messages={"required": _("Skriv en kommentar.")},
    )


class OwnActivityDecisionForm(PlanVersionForm):
    """The coach's answer to a participant's own activity."""

    agreement = forms.ChoiceField(
        label=_("Ert svar"),
        choices=[
            (Agreement.AGREED, _("Överenskommet")),
            (Agreement.DECLINED, _("Inte överenskommet")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om ni är överens eller inte.")},
    )
    title = SingleLineField(
        label=_("Vad"),
        max_length=PLAN_TITLE_MAX,
        required=False,
        help_text=_("Ändra bara om ni har kommit överens om något annat."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PLAN_TEXT_MAX}),
    )
    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        help_text=_("Krävs om ni inte är överens eller om du ändrar något."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PLAN_TEXT_MAX}),
    )
