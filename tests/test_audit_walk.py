"""Every look at a person is logged (issue 14, item 5).

The walk takes every URL pattern the access matrix (`tests/test_access_matrix.py`) fills from
its world — which itself fails when a pattern is left out — and opens each page that answers
GET as one actor entitled to it. Then:

- a download (CSV, XLSX, PDF, JSON, ICS …) must have written an *export* record;
- a page that shows a person of the world must have written a record naming one of the people
  it shows (a view), or a search/list record;
- every other page must be on `NO_PERSONAL_DATA` with a reason, and must in fact show none of
  the world's people — so the list cannot hide a page that starts showing someone.

Runs on SQLite and PostgreSQL like the rest of the suite.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.people.models import Participant
from tests.test_access_matrix import MATRIX, PUBLIC, build_world

pytestmark = pytest.mark.django_db

# A page shows a person when it shows their surname (every person in the database when the
# page is opened: the world's, and those a check builds, such as an application's applicant).

# Who opens a page: the first entitled actor in this order (someone with a working relation
# to the people first, so that the page really shows them).
ACTOR_ORDER = (
    "coach_of_case",
    "manager_of_unit",
    "referrer",
    "coach_same_unit",
    "partner",
    "administrator",
    "coach_other_unit",
    "manager_other_unit",
    "other_organisation",
)

# Pages that show no personal data, each with the reason. The walk checks that they show
# none of the world's people.
NO_PERSONAL_DATA = {
    "shell:home": "sends each role to its own first page (a redirect)",
    "shell:accessibility": "the accessibility statement",
    "shell:healthz": "a health check for the load balancer",
    "login": "the sign-in form",
    "signin:manage": "the user's own second factor",
    "signin:enrol": "the user's own second factor",
    "signin:recovery_codes": "the user's own recovery codes",
    "signin:verify": "the code form of the second factor",
    "signin:reverify": "the code form of the second factor",
    "signin:verify_recovery": "the recovery-code form",
    "signin:reset_user": "a staff account's second factor, no participant",
    "organisations:units": "units of the organisation",
    "organisations:unit_create": "an empty unit form",
    "organisations:unit_edit": "a unit",
    "organisations:districts": "districts of the organisation",
    "organisations:users": "staff accounts, no participant",
    "organisations:user_create": "an empty account form",
    "organisations:user_edit": "a staff account, no participant",
    "account:password_change": "the user's own password form",
    "account:invitation": "the invitation's password form",
    "people:create": "an empty registration form",
    "oversight:review": "staff activity counts and look-ups by staff of people (the log itself)",
    "oversight:user_log": "a staff member's log; reading the log is itself logged as a view",
    "cases:catalogue": "the activity catalogue",
    "cases:catalogue_create": "an empty catalogue form",
    "cases:catalogue_edit": "one catalogue item",
    "guidelines:list": "guideline texts",
    "guidelines:create": "an empty guideline form",
    "guidelines:version": "a guideline version's texts",
    "guidelines:target_group_create": "guideline texts",
    "guidelines:target_group_edit": "guideline texts",
    "guidelines:criterion_create": "guideline texts",
    "guidelines:criterion_edit": "guideline texts",
    "guidelines:publish": "publishing a guideline version",
    "decisions:application_create": "an empty application form (the person is found by number)",
    "decisions:equal_access": "counts per district, suppressed under five",
    "decisions:delegations": "the delegation register: staff and what they may decide",
    "decisions:delegation_end": "ending a staff member's delegation",
    "work:employers": "the employer register (organisations, contact people at employers)",
    "work:employer_create": "an empty employer form",
    "work:employer_picker": "employers (organisations) found as the placement form is typed",
    "work:arena_picker": "the organisation's training arenas found by name",
    "work:employer_edit": "an employer",
    "work:employer_contact_add": "an employer's contact form",
    "work:employer_agreement_add": "an employer's agreement form",
    "work:employer_contact_log_add": "an employer's contact-log form",
    "work:arena_create": "an empty arena form",
    "work:arena_edit": "an arena",
    "work:costs": "subsidy costs summed per month and unit, no person",
    "work:arenas": "arenas with their number of places taken",
    "outcomes:settings": "when follow-ups are due",
    "statistics:board": "suppressed counts",
    "statistics:skr": "suppressed counts",
    "statistics:long_term": "suppressed counts",
    "statistics:evaluation": "suppressed counts and costs",
    "statistics:assumptions": "the evaluation's cost table",
    "portal:sign_in": "the participant's sign-in form",
    "portal:sign_in_code": "the participant's code form",
    "portal:oidc_start": "a redirect to the e-ID broker",
    "portal:oidc_callback": "the e-ID broker's answer without a sign-in",
    "surveys:list": "questionnaires",
    "surveys:create": "an empty questionnaire form",
    "surveys:detail": "a questionnaire's questions and how many were sent",
    "surveys:results": "anonymous answers, shown only for five or more",
    "surveys:answer": "the questionnaire a single-use link opens; anonymous answers",
    "collaboration:partners": "partner organisations",
    "collaboration:partner_create": "an empty partner form",
    "collaboration:partner_detail": "a partner organisation and its contact people",
    "collaboration:partner_edit": "a partner organisation",
    "collaboration:partner_contact_add": "a partner's contact form",
    "collaboration:partner_user_create": "a partner contact's account form",
    "assessments:instruments": "step-scale instruments",
    "assessments:instrument_create": "an empty instrument form",
    "assessments:instrument_detail": "an instrument",
    "assessments:instrument_edit": "an instrument",
    "assessments:area_create": "an instrument's area form",
    "assessments:module_create": "an instrument's module form",
    "assessments:module_edit": "an instrument module",
    "assessments:methods": "working methods",
    "assessments:method_create": "an empty method form",
    "assessments:method_edit": "a working method",
    "api:accounts": "service accounts",
    "api:account_create": "an empty service-account form",
    "assessments:fidelity": "sends the manager to their unit's fidelity reviews (a redirect)",
    "assessments:fidelity_unit": "a unit's fidelity reviews: scores and closed-case counts",
    "assessments:fidelity_review": "one unit's fidelity review: item scores",
    "assessments:fidelity_review_create": "an empty fidelity review form",
    "collaboration:partner_referral": "an empty referral form for a partner user",
    "portal:self_referral": "the public, empty form 'Ansök om stöd'",
    "portal:self_referral_sent": "the same confirmation for everyone who applied",
    "portal:self_referral_eid": "a redirect to the e-ID broker for the public form",
    "portal:self_referral_without_eid": "forgets the e-ID's number in the session (a redirect)",
    "reporting:index": "the list of national reports",
    "reporting:kolada": "counts with small ones hidden",
    "reporting:esf": "counts with small ones hidden",
    "reporting:socialstyrelsen": "counts with small ones hidden; its row file is a download",
    "reporting:codes": "the organisation's code table",
    "reporting:code_edit": "one code of the code table",
    "reporting:skr": "SKR's survey: counts with small ones hidden",
    "reporting:finsam": "Uppföljning Finsam: counts with small ones hidden; its row file is a "
    "download",
    "reporting:staff": "full-time equivalents per unit, no person",
    "reporting:staff_edit": "one unit's full-time equivalents",
    "reporting:insatser": "a coordination association's insatser with budget, no person",
    "reporting:insats_edit": "one insats: name, inriktning, target group, unit",
    "reporting:insats_year": "one insats's budget and outcome",
    "reporting:kept": "the list of kept report files: names, periods, checksums",
    "statistics:summary": "the board's key figures: counts with small ones hidden",
    "statistics:equal_access": "rates per district, shown only where the count is published",
    "statistics:population_import": "districts' population figures, no person",
    "statistics:kolada_import": "other municipalities' published key figures",
    "statistics:board_print_css": "the print stylesheet: the organisation's name and the period",
}
# Pages the walk does not open, each with the reason.
NOT_WALKED = {
    "portal:home": "the participant's own pages (Mina sidor): their own data, portal/tests",
    "portal:consent_revoke": "the participant's own consent (Mina sidor)",
    "surveys:answer_mine": "the participant's own questionnaire (Mina sidor)",
    "portal:plan": "the participant's own plan (Mina sidor): cases/tests/test_shared_plan.py",
    "portal:own_activity_add": "the participant's own plan (Mina sidor)",
    "portal:step": "the participant's own plan (Mina sidor)",
    "portal:messages": "the participant's own messages (Mina sidor): messaging/tests",
    "portal:thread": "the participant's own messages (Mina sidor): messaging/tests",
    "portal:thread_new": "the participant's own messages (Mina sidor)",
    "portal:meeting": "the participant's own meeting (Mina sidor): messaging/tests",
    "portal:meeting_calendar": "the participant's own meeting as .ics, audited as an export",
    "portal:access_log": "the participant's own access log (Mina sidor): portal/tests",
    "portal:attendance": "the participant's own monthly attendance (Mina sidor): work/tests",
    "portal:attendance_report": "the participant's own month, its look-up logged: work/tests",
    "shell:health_live": "liveness for the load balancer: JSON without personal data",
    "shell:health_ready": "readiness for the load balancer: JSON without personal data",
    "shell:metrics": "Prometheus metrics behind a token: counts, no personal data",
    "onboarding:organisations": "the instance administrator's pages: organisations, no person "
    "(tests/test_instance_administrator.py walks every page as one)",
    "onboarding:organisation": "the instance administrator's page of one organisation",
    "onboarding:organisation_create": "an empty organisation form",
    "reporting:insats_create": "an empty insats form, only for a coordination association (the "
    "world is a municipality; reporting/tests/test_surveys.py opens it)",
}
DOWNLOAD_TYPES = ("text/csv", "application/pdf", "application/json", "text/calendar")


def _is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    kind = response.get("Content-Type", "")
    return (
        "attachment" in disposition or kind.startswith(DOWNLOAD_TYPES) or "officedocument" in kind
    )


def _actor(allowed) -> str | None:
    if allowed == PUBLIC:
        return "anonymous"
    return next((actor for actor in ACTOR_ORDER if actor in allowed), None)


WALK = [
    pytest.param(name, index, id=f"{name}{'-' + check.label if check.label else ''}")
    for name, checks in MATRIX.items()
    if name not in NOT_WALKED and not name.startswith("api:v1:")
    for index, check in enumerate(checks)
    if check.method == "GET" and _actor(check.allowed)
]


def test_the_walk_covers_every_page_of_the_matrix():
    """Every GET page of the matrix is walked, or set aside here with a reason."""
    walked = {param.values[0] for param in WALK}
    gets = {name for name, checks in MATRIX.items() if any(c.method == "GET" for c in checks)}
    # The integration API answers tokens, not sessions: api/tests walk every endpoint and
    # scope and check that each call is audited.
    api = {name for name in gets if name.startswith("api:v1:")}
    assert gets - walked - set(NOT_WALKED) - api == set()
    assert not set(NO_PERSONAL_DATA) - set(MATRIX), "allow-listed names that are not pages"


@pytest.mark.parametrize(("name", "index"), WALK)
def test_every_look_at_a_person_leaves_an_audit_record(name, index):
    world = build_world()
    check = MATRIX[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    actor = _actor(check.allowed)
    client = Client()
    if actor != "anonymous":
        client.force_login(world[actor])
    people = [
        (pk, surname)
        for pk, surname in Participant.objects.values_list("pk", "last_name")
        if len(surname) >= 5
    ]
    before = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        response = client.get(url, check.data)
        records = list(AuditRecord.objects.filter(pk__gt=before))
        transaction.set_rollback(True)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    download = _is_download(response)
    body = "" if download else response.content.decode("utf-8", errors="replace")
    shown = {pk for pk, surname in people if surname in body}
    if download:
        assert any(r.action == AuditAction.EXPORT for r in records), (
            f"{name} ({url}) as {actor}: a download with no export record "
            f"({[(r.action, r.object_type) for r in records]})"
        )
        return
    if name in NO_PERSONAL_DATA:
        assert not shown, (
            f"{name} is on NO_PERSONAL_DATA ({NO_PERSONAL_DATA[name]}) but shows a person"
        )
        return
    named = any(r.participant_id in shown for r in records)
    listed = any(r.action == AuditAction.SEARCH for r in records)
    if not shown:
        # A list or page of people that happens to be empty in this world still says who
        # looked: it must leave its record whatever it finds.
        assert listed or any(r.participant_id for r in records), (
            f"{name} ({url}) as {actor} ({response.status_code}) shows none of the people and "
            "wrote no view or list record: log it, or put it on NO_PERSONAL_DATA with a reason"
        )
        return
    assert named or listed, (
        f"{name} ({url}) as {actor}: shows {len(shown)} person(s) but wrote "
        f"{[(r.action, r.object_type, r.participant_id) for r in records] or 'no audit record'}"
    )
