"""Checking import rows: text in, either a draft ready to write or Swedish row errors out.

Nothing here touches the database: the organisation's units, coaches, catalogue and existing
people arrive as a lookup built once per import (services.py), so every row is checked the same
way in a dry run and a real run, and arbitrary text can only ever produce a RowError.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from lotsa.cases.constants import (
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    GoalKind,
    ResponsibleParty,
)
from lotsa.cases.models import ActivityType
from lotsa.core.dates import implausible_date_message, is_plausible_date
from lotsa.core.text import SINGLE_LINE_MESSAGE, ascii_digits, refused_characters
from lotsa.imports.constants import (
    ACTIVITY_PART_SEPARATOR,
    ACTIVITY_SEPARATOR,
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportKind,
)
from lotsa.imports.files import OVERFLOW, SourceRow
from lotsa.people.constants import Gender
from lotsa.people.personnummer import PersonnummerError, parse_personnummer

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*$")
_POSTAL_CODE = re.compile(r"^([0-9]{3}) ?([0-9]{2})$")
_YES = frozenset({"ja", "j", "yes", "x", "1"})
_NO = frozenset({"nej", "n", "no", "0", ""})
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Unicode categories Cc (C0 and C1 controls) and Cs (surrogates) less _ALLOWED_CONTROLS: one
# regex search instead of a category look-up per character.
_REFUSED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class RowError:
    """One problem in the file: where (line, column) and why, in Swedish."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("rad %(line)s, kolumn %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("rad %(line)s: %(message)s") % {"line": self.line, "message": self.message}


def columns_check(
    kind: ImportKind, columns: Iterable[str], *, header_line: int = 1
) -> list[RowError]:
    """Errors for required columns that are missing and for columns we do not know."""
    present = set(columns)
    errors = [
        RowError(header_line, name, _("Kolumnen saknas i filen."))
        for name in REQUIRED_COLUMNS[kind]
        if name not in present
    ]
    known = set(COLUMNS[kind])
    errors.extend(
        RowError(
            header_line,
            name,
            _("Okänd kolumn. Kolumnerna för %(kind)s är: %(names)s.")
            % {"kind": kind.label, "names": ", ".join(COLUMNS[kind])},
        )
        for name in sorted(present - known)
    )
    return errors


# Reading one cell ---------------------------------------------------------------------------


class _Row:
    """The cells of one row and the errors found in them so far."""

    def __init__(self, source: SourceRow) -> None:
        self.line = source.line
        self.values = source.values
        self.errors: list[RowError] = []
        if OVERFLOW in source.values:
            self.errors.append(
                RowError(self.line, "", _("Raden har värden i celler utan kolumnnamn."))
            )

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def failed(self, column: str) -> bool:
        return any(error.column == column for error in self.errors)

    def text(
        self, column: str, *, max_length: int, required: bool = False, multiline: bool = False
    ) -> str:
        value = self.values.get(column, "")
        value = value.strip() if isinstance(value, str) else ""
        if required and not value:
            self.error(column, _("Värde saknas."))
            return ""
        # Printable text (nearly every cell) has none of the characters the three checks
        # below look for: see refused_characters.
        if not value.isprintable():
            if _REFUSED_CONTROL.search(value):
                self.error(column, _("Texten innehåller otillåtna tecken."))
                return ""
            if not multiline and ("\n" in value or "\r" in value):
                self.error(column, _("Texten får inte innehålla radbrytningar."))
                return ""
            if not multiline and refused_characters(value):
                self.error(column, str(SINGLE_LINE_MESSAGE))
                return ""
        if len(value) > max_length:
            self.error(
                column,
                _("Högst %(max)s tecken (här %(n)s).") % {"max": max_length, "n": len(value)},
            )
            return ""
        return value

    def yes_no(self, column: str) -> bool:
        value = self.text(column, max_length=10).lower()
        if value in _YES:
            return True
        if value not in _NO and not self.failed(column):
            self.error(column, _("Skriv ja eller nej."))
        return False

    def date(self, column: str, *, required: bool, today: date) -> date | None:
        value = self.text(column, max_length=10, required=required)
        if not value:
            return None
        return parse_date(value, today=today, on_error=lambda message: self.error(column, message))


def parse_date(value: str, *, today: date, on_error: Any) -> date | None:
    """YYYY-MM-DD, a real date, not after today; reports through `on_error(message)`."""
    value = ascii_digits(value)
    if not _ISO_DATE.match(value):
        on_error(_("Skriv datumet som ÅÅÅÅ-MM-DD."))
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        on_error(_("Datumet finns inte."))
        return None
    if parsed > today:
        on_error(_("Datumet kan inte vara i framtiden."))
        return None
    if not is_plausible_date(parsed):
        on_error(implausible_date_message())
        return None
    return parsed


def choice_map(choices: type[models.Choices]) -> dict[str, str]:
    """Lower-case Swedish label and code → code, so files may use either."""
    mapping = {str(value).lower(): str(value) for value in choices.values}
    for language in ("sv", translation.get_language() or "sv"):
        with translation.override(language):
            for value, label in choices.choices:
                mapping[str(label).lower()] = str(value)
    return mapping


def _choice(
    row: _Row, column: str, mapping: Mapping[str, str], hint: str, *, required: bool
) -> str:
    value = row.text(column, max_length=100, required=required)
    if not value:
        return ""
    code = mapping.get(" ".join(value.lower().split()))
    if code is None:
        row.error(column, hint)
        return ""
    return code


# Participants -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantLookup:
    """What the participant rows are checked against: one organisation, as it is now."""

    today: date
    units: Mapping[str, int]  # lower-case name of an active unit → id
    districts: Mapping[str, int]  # lower-case name → id
    existing_numbers: frozenset[str]  # canonical personnummer already in the organisation


@dataclass(frozen=True)
class ParticipantDraft:
    line: int
    personal_number: str
    birth_date: date
    unit_id: int
    details: dict[str, Any]


def participant_row_parse(
    source: SourceRow, lookup: ParticipantLookup
) -> tuple[ParticipantDraft | None, list[RowError]]:
    """One participant row on its own (duplicates within the file are checked by the caller)."""
    row = _Row(source)
    number = None
    raw_number = row.text("personnummer", max_length=20, required=True)
    if raw_number:
        try:
            number = parse_personnummer(raw_number, today=lookup.today)
        except PersonnummerError as error:
            row.error("personnummer", str(error))
        if number is not None and number.canonical in lookup.existing_numbers:
            row.error(
                "personnummer",
                _("Det finns redan en deltagare med det här personnumret i organisationen."),
            )
    details: dict[str, Any] = {
        "first_name": row.text("förnamn", max_length=100, required=True),
        "last_name": row.text("efternamn", max_length=100, required=True),
    }
    unit_name = row.text("ansvarig_enhet", max_length=200, required=True)
    unit_id = lookup.units.get(unit_name.lower()) if unit_name else None
    if unit_name and unit_id is None:
        row.error(
            "ansvarig_enhet",
            _("Det finns ingen aktiv enhet som heter %(name)s i organisationen.")
            % {"name": unit_name},
        )
    email = row.text("e-post", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("e-post", _("Ange en giltig e-postadress."))
    details["email"] = email
    phone = ascii_digits(row.text("telefon", max_length=30))
    if phone and not _PHONE.match(phone):
        row.error("telefon", _("Telefonnumret får bara innehålla siffror, mellanslag, + och -."))
    details["phone"] = phone
    details["street_address"] = row.text("adress", max_length=200)
    postal_code = ascii_digits(row.text("postnummer", max_length=10))
    postal_match = _POSTAL_CODE.match(postal_code)
    if postal_code and postal_match is None:
        row.error("postnummer", _("Skriv postnumret med fem siffror, till exempel 123 45."))
    details["postal_code"] = f"{postal_match[1]} {postal_match[2]}" if postal_match else ""
    details["city"] = row.text("ort", max_length=100)
    district_name = row.text("stadsdel", max_length=200)
    details["district_id"] = lookup.districts.get(district_name.lower()) if district_name else None
    if district_name and details["district_id"] is None:
        row.error(
            "stadsdel",
            _("Det finns ingen stadsdel som heter %(name)s i organisationen.")
            % {"name": district_name},
        )
    details["needs_interpreter"] = row.yes_no("tolk")
    details["language"] = row.text("språk", max_length=60)
    if details["needs_interpreter"] and not details["language"] and not row.failed("språk"):
        row.error("språk", _("Ange språk när deltagaren behöver tolk."))
    details["is_protected"] = row.yes_no("skyddad_identitet")
    if row.errors or number is None or unit_id is None:
        return None, row.errors
    details["gender"] = Gender.MAN if number.is_male else Gender.WOMAN
    return (
        ParticipantDraft(
            line=source.line,
            personal_number=number.canonical,
            birth_date=number.birth_date,
            unit_id=unit_id,
            details=details,
        ),
        [],
    )


def participants_check(
    rows: Sequence[SourceRow], lookup: ParticipantLookup
) -> tuple[list[ParticipantDraft], list[RowError]]:
    """Every row checked; a personnummer may appear once in the file."""
    drafts: list[ParticipantDraft] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for source in rows:
        draft, row_errors = participant_row_parse(source, lookup)
        if draft is not None:
            earlier = first_line.setdefault(draft.personal_number, draft.line)
            if earlier != draft.line:
                row_errors = [
                    RowError(
                        draft.line,
                        "personnummer",
                        _("Samma person finns redan på rad %(line)s.") % {"line": earlier},
                    )
                ]
            else:
                drafts.append(draft)
        errors.extend(row_errors)
    return drafts, errors


# Cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    runs_support: bool


@dataclass(frozen=True)
class CoachInfo:
    id: int
    username: str
    unit_id: int | None
    is_coach: bool
    is_active: bool


@dataclass(frozen=True)
class CaseLookup:
    """What the case rows are checked against: one organisation, as it is now."""

    today: date
    participants: Mapping[str, int]  # canonical personnummer → participant id
    units: Mapping[str, UnitInfo]  # lower-case name → unit
    users: Mapping[str, CoachInfo]  # username → user (lower-case keys added when unambiguous)
    activity_types: Mapping[str, ActivityType]  # lower-case name → catalogue item
    existing_cases: frozenset[tuple[int, int, date]]  # (participant, unit, start date)
    open_case_participants: frozenset[int]


@dataclass
class ActivityDraft:
    activity_type: ActivityType
    starts_on: date
    ends_on: date | None
    responsible: str
    status: str


@dataclass
class CaseDraft:
    line: int
    participant_id: int
    unit_id: int
    coach_id: int
    status: str
    start_date: date
    closed_on: date | None
    closure_reason: str
    goal_kind: str
    goal_text: str
    note_text: str
    activities: list[ActivityDraft] = field(default_factory=list)


@dataclass(frozen=True)
class _Choices:
    status: Mapping[str, str]
    closure: Mapping[str, str]
    goal: Mapping[str, str]
    responsible: Mapping[str, str]
    activity_status: Mapping[str, str]


def _case_choices() -> _Choices:
    return _Choices(
        status=choice_map(CaseStatus),
        closure=choice_map(ClosureReason),
        goal=choice_map(GoalKind),
        responsible=choice_map(ResponsibleParty),
        activity_status=choice_map(ActivityStatus),
    )


def case_row_parse(
    source: SourceRow, lookup: CaseLookup, choices: _Choices | None = None
) -> tuple[CaseDraft | None, list[RowError]]:
    """One case row on its own (duplicates within the file are checked by the caller)."""
    choices = choices or _case_choices()
    row = _Row(source)
    today = lookup.today
    participant_id = None
    raw_number = row.text("personnummer", max_length=20, required=True)
    if raw_number:
        try:
            number = parse_personnummer(raw_number, today=today)
        except PersonnummerError as error:
            row.error("personnummer", str(error))
        else:
            participant_id = lookup.participants.get(number.canonical)
            if participant_id is None:
                row.error(
                    "personnummer",
                    _(
                        "Det finns ingen deltagare med det här personnumret i organisationen. "
                        "Importera deltagarna först."
                    ),
                )
    unit = None
    unit_name = row.text("enhet", max_length=200, required=True)
    if unit_name:
        unit = lookup.units.get(unit_name.lower())
        if unit is None:
            row.error(
                "enhet",
                _("Det finns ingen enhet som heter %(name)s i organisationen.")
                % {"name": unit_name},
            )
        elif not unit.runs_support:
            row.error("enhet", _("Enheten %(name)s ger inte stöd.") % {"name": unit.name})
            unit = None
    status = _choice(
        row,
        "status",
        choices.status,
        _("Skriv aktivt, vilande eller avslutat."),
        required=True,
    )
    coach = None
    username = row.text("arbetscoach", max_length=150, required=True)
    if username:
        coach = lookup.users.get(username) or lookup.users.get(username.lower())
        if coach is None or not coach.is_coach:
            row.error(
                "arbetscoach",
                _("Det finns ingen arbetscoach med användarnamnet %(name)s i organisationen.")
                % {"name": username},
            )
            coach = None
        elif unit is not None and coach.unit_id != unit.id:
            row.error(
                "arbetscoach",
                _("%(name)s arbetar inte på enheten %(unit)s.")
                % {"name": coach.username, "unit": unit.name},
            )
        elif not coach.is_active and status != CaseStatus.CLOSED:
            row.error(
                "arbetscoach",
                _("%(name)s är inte längre aktiv; ett öppet ärende behöver en aktiv arbetscoach.")
                % {"name": coach.username},
            )
    start_date = row.date("startdatum", required=True, today=today)

    closed_on = row.date("avslutsdatum", required=status == CaseStatus.CLOSED, today=today)
    reason = _choice(
        row,
        "avslutsorsak",
        choices.closure,
        _("Okänd avslutsorsak. Använd en av orsakerna i Lotsa, till exempel ”Studier”."),
        required=status == CaseStatus.CLOSED,
    )
    if status and status != CaseStatus.CLOSED:
        if closed_on is not None:
            row.error("avslutsdatum", _("Bara avslutade ärenden har avslutsdatum."))
        if reason:
            row.error("avslutsorsak", _("Bara avslutade ärenden har avslutsorsak."))
    if closed_on is not None and start_date is not None and closed_on < start_date:
        row.error("avslutsdatum", _("Avslutsdatum kan inte vara före startdatum."))

    goal_text = row.text("mål", max_length=5000, multiline=True)
    goal_kind = _choice(
        row,
        "målsort",
        choices.goal,
        _("Skriv arbete, studier, annat stöd eller klargöra behov."),
        required=False,
    )
    if goal_text and not goal_kind and not row.failed("målsort"):
        row.error("målsort", _("Ange målsort: arbete, studier, annat stöd eller klargöra behov."))
    if goal_kind and not goal_text and not row.failed("mål"):
        row.error("mål", _("Skriv målet när målsort är angiven."))

    activities = _activities_parse(row, lookup, choices, status=status)
    note_text = row.text("anteckning", max_length=20000, multiline=True)

    if row.errors:
        return None, row.errors
    assert participant_id is not None and unit is not None and coach is not None
    assert start_date is not None
    return (
        CaseDraft(
            line=source.line,
            participant_id=participant_id,
            unit_id=unit.id,
            coach_id=coach.id,
            status=status,
            start_date=start_date,
            closed_on=closed_on,
            closure_reason=reason,
            goal_kind=goal_kind,
            goal_text=goal_text,
            note_text=note_text,
            activities=activities,
        ),
        [],
    )


def _activities_parse(
    row: _Row, lookup: CaseLookup, choices: _Choices, *, status: str
) -> list[ActivityDraft]:
    column = "aktiviteter"
    text = row.text(column, max_length=10000)
    drafts: list[ActivityDraft] = []
    items = [item.strip() for item in text.split(ACTIVITY_SEPARATOR)] if text else []
    for number, item in enumerate((item for item in items if item), start=1):
        parts = [part.strip() for part in item.split(ACTIVITY_PART_SEPARATOR)]
        name = parts[0]

        def report(message: str, number: int = number, name: str = name) -> None:
            row.error(
                column,
                _("aktivitet %(n)s (%(name)s): %(message)s")
                % {"n": number, "name": name or "?", "message": message},
            )

        if len(parts) > 5:
            report(_("för många delar; skriv namn;start;slut;ansvarig;status."))
            continue
        parts += [""] * (5 - len(parts))
        activity_type = lookup.activity_types.get(" ".join(name.lower().split()))
        if activity_type is None:
            report(_("finns inte i organisationens aktivitetskatalog."))
        starts_on = ends_on = None
        if not parts[1]:
            report(_("startdatum saknas."))
        else:
            starts_on = parse_date(parts[1], today=lookup.today, on_error=report)
        if parts[2]:
            ends_on = _activity_end(parts[2], report)
        if starts_on and ends_on and ends_on < starts_on:
            report(_("slutdatum kan inte vara före startdatum."))
        responsible = ""
        if parts[3]:
            responsible = choices.responsible.get(" ".join(parts[3].lower().split()), "")
            if not responsible:
                report(_("okänd ansvarig; skriv till exempel deltagaren eller arbetscoachen."))
        elif activity_type is not None:
            responsible = activity_type.default_responsible
        activity_status = ""
        if parts[4]:
            activity_status = choices.activity_status.get(parts[4].lower(), "")
            if not activity_status:
                report(_("okänd status; skriv planerad, pågår, genomförd eller avbruten."))
        if activity_type is None or starts_on is None or row.failed(column):
            continue
        drafts.append(
            ActivityDraft(
                activity_type=activity_type,
                starts_on=starts_on,
                ends_on=ends_on,
                responsible=responsible,
                status=activity_status
                or _activity_status(starts_on, ends_on, lookup.today, closed=status == "closed"),
            )
        )
    return drafts


def _activity_end(text: str, report: Any) -> date | None:
    """An end date may lie in the future (a placement that runs on after the import)."""
    text = ascii_digits(text)
    if not _ISO_DATE.match(text):
        report(_("skriv slutdatum som ÅÅÅÅ-MM-DD."))
        return None
    try:
        ends_on = date.fromisoformat(text)
    except ValueError:
        report(_("slutdatum finns inte."))
        return None
    if not is_plausible_date(ends_on):
        report(implausible_date_message())
        return None
    return ends_on


def _activity_status(starts_on: date, ends_on: date | None, today: date, *, closed: bool) -> str:
    """Without a status in the file: done once the case is closed or the end date has passed."""
    if closed or (ends_on is not None and ends_on < today):
        return ActivityStatus.DONE
    if starts_on > today:
        return ActivityStatus.PLANNED
    return ActivityStatus.ONGOING


def cases_check(
    rows: Sequence[SourceRow], lookup: CaseLookup
) -> tuple[list[CaseDraft], list[RowError]]:
    """Every row checked; the same case only once, and at most one open case per person."""
    choices = _case_choices()
    drafts: list[CaseDraft] = []
    errors: list[RowError] = []
    first_line: dict[tuple[int, int, date], int] = {}
    open_line: dict[int, int] = {}
    for source in rows:
        draft, row_errors = case_row_parse(source, lookup, choices)
        if draft is None:
            errors.extend(row_errors)
            continue
        key = (draft.participant_id, draft.unit_id, draft.start_date)
        is_open = draft.status != CaseStatus.CLOSED
        message = None
        if key in lookup.existing_cases:
            message = _("Ärendet finns redan (samma deltagare, enhet och startdatum).")
        elif key in first_line:
            message = _("Samma ärende finns redan på rad %(line)s.") % {"line": first_line[key]}
        elif is_open and draft.participant_id in lookup.open_case_participants:
            message = _("Deltagaren har redan ett öppet ärende.")
        elif is_open and draft.participant_id in open_line:
            message = _("Deltagaren har redan ett öppet ärende på rad %(line)s.") % {
                "line": open_line[draft.participant_id]
            }
        if message is not None:
            errors.append(RowError(draft.line, "personnummer", message))
            continue
        first_line[key] = draft.line
        if is_open:
            open_line[draft.participant_id] = draft.line
        drafts.append(draft)
    return drafts, errors
