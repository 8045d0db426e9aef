"""The tables `lotsa generate` writes itself: their columns, in write order, and their names."""

from django.db import models

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.models import Note
from lotsa.cases.models import (
    Activity,
    Case,
    CaseReopening,
    FollowUp,
    Goal,
    PlanVersion,
)
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral

TargetGroupLink = Referral.target_groups.through

# The tables whose ids the generator hands out, in the order they are written.
COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Participant: (
        "id", "organisation_id", "unit_id", "personal_number", "birth_date", "first_name",
        "last_name", "gender", "email", "phone", "street_address", "postal_code", "city",
        "district_id", "needs_interpreter", "language", "is_protected", "registered_by_id",
        "created_at", "updated_at", "version",
    ),
    Referral: (
        "id", "organisation_id", "participant_id", "referrer_id", "referring_unit_id",
        "receiving_unit_id", "guideline_version_id", "reason", "goal",
        "work_capacity_investigated_on", "work_capacity_investigated_by",
        "work_capacity_summary", "stability_since", "consent_parties", "consent_scopes",
        "consent_given_on",
        "consent_form", "answers", "free_text", "status", "submitted_at", "is_priority",
        "eligibility", "eligibility_results", "decided_at", "decided_by_id", "return_reason",
        "version",
    ),
    TargetGroupLink: ("id", "referral_id", "targetgroup_id"),
    Case: (
        "id", "organisation_id", "participant_id", "referral_id", "unit_id", "coach_id",
        "status", "start_date", "waiting_days", "follow_up_interval_months",
        "next_follow_up_on", "last_contact_on", "plan_version", "closed_on", "closure_reason",
        "closure_note", "version", "created_at",
    ),
    Goal: ("id", "case_id", "kind", "description", "target_date", "is_achieved"),
    Activity: (
        "id", "case_id", "activity_type_id", "skr_category", "description", "responsible",
        "starts_on", "ends_on", "extent", "extent_unit", "status",
    ),
    Note: (
        "id", "case_id", "author_id", "kind", "occurred_on", "text", "status", "signed_at",
        "amends_id", "created_at", "version",
    ),
    FollowUp: ("id", "case_id", "due_on", "done_on", "done_by_id", "note_id"),
    PlanVersion: (
        "id", "case_id", "number", "created_at", "author_id", "summary", "comment", "snapshot",
    ),
    CaseReopening: (
        "id", "case_id", "reopened_at", "reopened_by_id", "reason", "previous_closed_on",
        "previous_closure_reason",
    ),
}  # fmt: skip
# Audit records get their ids from the database: nothing points at them, and the services write
# to the same table while organisations are created.
AUDIT_COLUMNS = (
    "at", "actor_id", "actor_name", "organisation_id", "action", "object_type", "object_id",
    "participant_id", "summary", "changes", "ip_address", "path", "chain", "seq", "prev_hash",
    "record_hash",
)  # fmt: skip
TABLE_NAMES = {
    Participant: "participants",
    Referral: "referrals",
    TargetGroupLink: "referral_target_groups",
    Case: "cases",
    Goal: "goals",
    Activity: "activities",
    Note: "notes",
    FollowUp: "follow_ups",
    PlanVersion: "plan_versions",
    CaseReopening: "reopenings",
    AuditRecord: "audit_records",
}
