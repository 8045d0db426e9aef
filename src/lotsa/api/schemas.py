# mypy: disable-error-code="valid-type"
"""Request and response bodies of /api/v1/ (they make the OpenAPI schema)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from lotsa.cases.constants import (
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
)
from lotsa.core.dates import implausible_date_message, is_plausible_date
from lotsa.core.text import SINGLE_LINE_MESSAGE, refused_characters
from lotsa.guidelines.constants import Answer, Eligibility
from lotsa.people.constants import Gender
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope, ReferralStatus

# Text without NUL characters (PostgreSQL cannot store them) and with a length limit.
NO_NUL = r"^[^\x00]*$"


def text(max_length: int, *, min_length: int = 0) -> object:
    return Annotated[
        str, StringConstraints(max_length=max_length, min_length=min_length, pattern=NO_NUL)
    ]


def _single_line(value: str) -> str:
    if refused_characters(value):
        raise PydanticCustomError("control_characters", str(SINGLE_LINE_MESSAGE))
    return value


def line(max_length: int, *, min_length: int = 0) -> object:
    """One-line text (a name, a number): as `text`, and no line breaks or control codes."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_single_line),
    ]


def _plausible(value: date) -> date:
    if not is_plausible_date(value):
        raise PydanticCustomError("implausible_date", implausible_date_message())
    return value


# A date in the application's one plausible range (lotsa.core.dates).
PlausibleDate = Annotated[date, AfterValidator(_plausible)]


MAX_ID = 2**53
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]

GenderCode = Literal[tuple(Gender.values)]
ConsentPartyCode = Literal[tuple(ConsentParty.values)]
ConsentFormCode = Literal[("", *ConsentForm.values)]
ConsentScopeCode = Literal[tuple(ConsentScope.values)]
AnswerCode = Literal[tuple(Answer.values)]
ReferralStatusCode = Literal[tuple(ReferralStatus.values)]
CaseStatusCode = Literal[tuple(CaseStatus.values)]
OutcomeCode = Literal[tuple(Eligibility.values)]
ClosureReasonCode = Literal[("", *ClosureReason.values)]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Schema):
    code: str = Field(description="invalid, unauthorized, forbidden, not_found or conflict")
    message: str = Field(description="A Swedish message for a person to read.")
    fields: dict[str, list[str]] = Field(description="Messages per field of the request.")


class ErrorOut(Schema):
    error: ErrorDetail


class UnitOut(Schema):
    id: int
    name: str


class Page(Schema):
    count: int = Field(description="How many objects the whole list has.")
    page: int
    page_size: int
    next_page: int | None


# Participants


class ParticipantIn(StrictIn):
    personal_number: line(13, min_length=10)
    first_name: line(100, min_length=1)
    last_name: line(100, min_length=1)
    gender: GenderCode | None = Field(None, description="Taken from the personnummer if left out.")
    email: line(254) = ""
    phone: line(30) = ""
    street_address: line(200) = ""
    postal_code: line(10) = ""
    city: line(100) = ""
    needs_interpreter: bool = False
    language: line(60) = ""
    is_protected: bool = False
    unit_id: ObjectId | None = Field(
        None, description="Responsible unit; the account's if left out."
    )


class ParticipantPatch(StrictIn):
    version: ObjectId = Field(description="The version read; 409 if it changed since.")
    first_name: line(100, min_length=1) | None = None
    last_name: line(100, min_length=1) | None = None
    email: line(254) | None = None
    phone: line(30) | None = None
    street_address: line(200) | None = None
    postal_code: line(10) | None = None
    city: line(100) | None = None
    needs_interpreter: bool | None = None
    language: line(60) | None = None


class ParticipantOut(Schema):
    id: int
    personal_number: str
    birth_date: date
    first_name: str
    last_name: str
    gender: str
    email: str
    phone: str
    street_address: str
    postal_code: str
    city: str
    needs_interpreter: bool
    language: str
    is_protected: bool
    unit: UnitOut
    version: int


class ParticipantPage(Page):
    items: list[ParticipantOut]


# Referrals and eligibility


class ReferralIn(StrictIn):
    external_id: line(100, min_length=1) | None = Field(
        None,
        description=(
            "The sending system's id. Unique per organisation: sending it again returns the "
            "referral already made (200) instead of a second one."
        ),
    )
    participant_id: ObjectId
    receiving_unit_id: ObjectId
    target_groups: list[line(60, min_length=1)] = Field(
        max_length=20, description="Codes of target groups of the guideline in force."
    )
    reason: text(5000)
    goal: text(5000)
    work_capacity_investigated_on: PlausibleDate | None = None
    work_capacity_investigated_by: line(200) = ""
    work_capacity_summary: text(5000) = ""
    stability_since: PlausibleDate | None = None
    consent_parties: list[ConsentPartyCode] = Field(default_factory=list, max_length=10)
    consent_scopes: list[ConsentScopeCode] = Field(
        default_factory=list,
        max_length=10,
        description=(
            "What the parties may read (required with consent_parties). When the referral is "
            "accepted the consent becomes a consent record of the case, shared with the "
            "partner organisations of those kinds."
        ),
    )
    consent_given_on: PlausibleDate | None = None
    consent_form: ConsentFormCode = ""
    answers: dict[line(60), AnswerCode] = Field(
        default_factory=dict, max_length=50, description="Answers to the guideline's questions."
    )
    free_text: text(5000) = ""


class TargetGroupOut(Schema):
    code: str
    name: str


class CriterionResultOut(Schema):
    code: str
    label: str
    outcome: str
    reason: str


class EligibilityOut(Schema):
    referral_id: int
    outcome: OutcomeCode
    outcome_label: str
    is_priority: bool
    guideline: str
    guideline_version: int
    results: list[CriterionResultOut]


class ReferralOut(Schema):
    id: int
    external_id: str | None
    participant_id: int
    status: ReferralStatusCode
    status_label: str
    submitted_at: datetime
    # Empty for a person's own application and a partner's referral (see `source`).
    referring_unit: UnitOut | None
    source: str = Field(description="`staff`, `self` (the person's own application) or `partner`.")
    source_label: str
    receiving_unit: UnitOut
    target_groups: list[TargetGroupOut]
    reason: str
    goal: str
    eligibility: OutcomeCode
    is_priority: bool
    decided_at: datetime | None
    return_reason: str
    case_id: int | None
    version: int


class ReferralPage(Page):
    items: list[ReferralOut]


class QuestionOut(Schema):
    code: str
    label: str
    help_text: str


class ReferralOptionsOut(Schema):
    guideline: str | None
    guideline_version: int | None
    receiving_units: list[UnitOut]
    target_groups: list[TargetGroupOut]
    questions: list[QuestionOut]
    consent_parties: list[str]
    consent_scopes: list[str]
    consent_forms: list[str]


# Cases


class CaseOut(Schema):
    id: int
    participant_id: int
    referral_id: int | None
    unit: UnitOut
    coach: str
    status: CaseStatusCode
    status_label: str
    start_date: date
    waiting_days: int | None
    next_follow_up_on: date | None
    last_contact_on: date | None
    closed_on: date | None
    closure_reason: ClosureReasonCode
    closure_reason_label: str
    plan_version: int


class CasePage(Page):
    items: list[CaseOut]


class GoalOut(Schema):
    kind: Literal[tuple(GoalKind.values)]
    description: str
    target_date: date | None
    is_achieved: bool


class ActivityOut(Schema):
    activity: str
    skr_category: int
    description: str
    responsible: Literal[tuple(ResponsibleParty.values)]
    starts_on: date
    ends_on: date | None
    extent: Decimal | None
    extent_unit: Literal[tuple(ExtentUnit.values)]
    status: Literal[tuple(ActivityStatus.values)]


class PlanOut(Schema):
    case_id: int
    plan_version: int
    changed_at: datetime | None
    goals: list[GoalOut]
    activities: list[ActivityOut]


# Statistics


class CountOut(Schema):
    key: str
    label: str
    count: int | None = Field(description="null when suppressed")
    suppressed: bool


class BreakdownOut(Schema):
    total: CountOut
    by_status: list[CountOut]
    by_target_group: list[CountOut]


class StatisticsOut(Schema):
    period_from: date
    period_to: date
    minimum_count: int = Field(description="Counts from 1 to this minus one are suppressed.")
    referrals: BreakdownOut
    cases: BreakdownOut
