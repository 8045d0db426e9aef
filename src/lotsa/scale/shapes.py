"""The shapes of the synthetic world: shares, sizes and texts (docs/performance.md lists them).

The numbers are plausible, not measured: they follow the guideline (three-monthly follow-ups),
the demo's units and what coaches describe (40–60 cases each, about a tenth of a year's
referrals returned or withdrawn).
"""

from lotsa.cases.constants import (
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    GoalKind,
)
from lotsa.cases.journal.constants import NoteKind
from lotsa.organisations.constants import OrganisationKind
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope, ReferralStatus

# One organisation per this many participants unless --organisations says otherwise; keeping it
# constant keeps what one coach or manager sees the same at every total size.
PARTICIPANTS_PER_ORGANISATION = 1000
HISTORY_DAYS = 4 * 365  # how far back the oldest referral goes
COORDINATION_ASSOCIATION_SHARE = 0.1
DISTRICT_SHARE = 0.3  # organisations that divide the city into districts
DISTRICTS = ("Norra", "Södra", "Östra", "Västra")

SUPPORT_UNIT = "Arbetsmarknadsenheten"
# Referring units with the share of participants each refers, and the target groups they use.
REFERRING_UNITS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Försörjningsstöd", 0.42, ("forsorjningsstod", "ungdomar_forsorjningsstod")),
    ("Bostad och integration", 0.2, ("nyanlanda", "korttidskontrakt")),
    ("Missbruk och beroende", 0.14, ("missbruk",)),
    ("Socialpsykiatri", 0.16, ("psykisk_funktionsvariation",)),
    ("LSS", 0.08, ("lss", "vuxna_studenter")),
)
REFERRERS_PER_PARTICIPANTS = 250  # one referring officer per this many participants and unit
CASES_PER_COACH = (40, 60)

ORGANISATION_KINDS = {
    OrganisationKind.MUNICIPALITY: "Syntetkommun",
    OrganisationKind.COORDINATION_ASSOCIATION: "Samordningsförbundet Syntet",
}

PROTECTED_SHARE = 0.01
COORDINATION_NUMBER_SHARE = 0.04
BIRTH_NUMBERS = (980, 999)  # synthetic people only; never a real person's number
INTERPRETER_SHARE = 0.12
OTHER_GENDER_SHARE = 0.01
WOMAN_SHARE = 0.47

REFERRAL_STATUS_SHARES = {
    ReferralStatus.ACCEPTED: 0.87,
    ReferralStatus.RETURNED: 0.07,
    ReferralStatus.WITHDRAWN: 0.03,
    ReferralStatus.SUBMITTED: 0.03,
}
SECOND_TARGET_GROUP_SHARE = 0.1
WORK_CAPACITY_INVESTIGATED_SHARE = 0.92
UNCLEAR_ANSWER_SHARE = 0.03

CASE_STATUS_SHARES = {
    CaseStatus.CLOSED: 0.52,
    CaseStatus.ACTIVE: 0.41,
    CaseStatus.PAUSED: 0.07,
}
CLOSURE_REASON_WEIGHTS = {
    ClosureReason.WORK_UNSUBSIDISED: 18,
    ClosureReason.WORK_SUBSIDISED: 14,
    ClosureReason.STUDIES: 12,
    ClosureReason.SUPPORT_MUNICIPALITY: 6,
    ClosureReason.SUPPORT_ARBETSFORMEDLINGEN: 10,
    ClosureReason.SUPPORT_FORSAKRINGSKASSAN: 6,
    ClosureReason.SUPPORT_HEALTH_CARE: 8,
    ClosureReason.MOVED: 6,
    ClosureReason.ENDED_BY_PARTICIPANT: 12,
    ClosureReason.OTHER: 8,
}
REOPENED_SHARE = 0.01  # open cases that were closed once and reopened by the manager
OPEN_CASE_MAX_AGE_DAYS = 540
CLOSED_CASE_DAYS = (60, 720)

GOAL_KIND_WEIGHTS = {
    GoalKind.WORK: 50,
    GoalKind.STUDIES: 20,
    GoalKind.CLARIFY_NEEDS: 20,
    GoalKind.OTHER_SUPPORT: 10,
}
ACTIVITIES_PER_CASE_WEIGHTS = {1: 10, 2: 20, 3: 25, 4: 20, 5: 15, 6: 10}
CLOSED_ACTIVITY_STATUS_WEIGHTS = {ActivityStatus.DONE: 75, ActivityStatus.CANCELLED: 25}

DAYS_PER_CONTACT_NOTE = 40
MAX_CONTACT_NOTES = 40
NOTE_KIND_WEIGHTS = {
    NoteKind.CONVERSATION: 35,
    NoteKind.MEETING: 20,
    NoteKind.PHONE: 20,
    NoteKind.THREE_PARTY: 8,
    NoteKind.EMPLOYER_CONTACT: 8,
    NoteKind.SIP: 4,
    NoteKind.OTHER: 5,
}
DRAFT_NOTE_SHARE = 0.04  # open cases with an unsigned draft
AMENDMENT_SHARE = 0.015  # signed notes that later got a correction
FOLLOW_UP_SKIPPED_SHARE = 0.15  # open cases whose latest follow-up is overdue

CONSENT_PARTIES = tuple(ConsentParty.values)
CONSENT_FORMS = (ConsentForm.WRITTEN, ConsentForm.VERBAL)
CONSENT_SCOPES = (ConsentScope.PLAN,)

REASONS = (
    "Personen har länge stått utanför arbetsmarknaden och behöver stöd att komma vidare.",
    "Har försörjningsstöd sedan flera år och vill nu börja arbeta.",
    "Behöver stöd att hitta praktik och att hålla kontakten med arbetsgivare.",
    "Har avslutat behandling och är stabil; vill pröva arbete i liten omfattning.",
    "Nyanländ med utbildning från hemlandet; behöver stöd att validera och söka arbete.",
    "Vill studera men behöver stöd att planera studierna och söka studiemedel.",
)
GOALS = (
    "Arbete på den öppna arbetsmarknaden inom ett år.",
    "Anställning med stöd hos en arbetsgivare i kommunen.",
    "Påbörja studier på Komvux till hösten.",
    "Klargöra arbetsförmågan tillsammans med vården.",
    "Komma i gång med en praktik några dagar i veckan.",
    "Stöd via Arbetsförmedlingen efter avslutad insats.",
)
ACTIVITY_DESCRIPTIONS = (
    "",
    "Två dagar i veckan till att börja med.",
    "Tillsammans med handläggaren på Arbetsförmedlingen.",
    "Coachen följer med till första mötet.",
    "Utvärderas vid nästa uppföljning.",
)
NOTE_OPENINGS = (
    "Samtal med deltagaren om",
    "Möte tillsammans med handläggaren om",
    "Telefonsamtal om",
    "Deltagaren berättade om",
    "Vi gick igenom",
)
NOTE_TOPICS = (
    "veckans praktik och hur det har gått.",
    "planen framåt och vad som behöver ändras.",
    "arbetsförmåga och hälsa den senaste tiden.",
    "jobbansökningar och intervjuer.",
    "studieplanen och ansökan till Komvux.",
    "kontakten med arbetsgivaren.",
    "boende och ekonomi som påverkar planen.",
)
NOTE_CLOSINGS = (
    "Nästa träff är bokad.",
    "Deltagaren tar själv kontakt med arbetsgivaren.",
    "Coachen återkommer efter samtal med Arbetsförmedlingen.",
    "",
)
FOLLOW_UP_TEXTS = (
    "Uppföljning av planen. Målen ligger fast; aktiviteterna fortsätter.",
    "Uppföljning: praktiken fungerar väl, omfattningen ökas.",
    "Uppföljning: planen justeras efter samtal med vården.",
    "Uppföljning tillsammans med remitterande handläggare.",
)
CLOSURE_NOTES = ("", "", "Avslutat enligt plan.", "Deltagaren har fått arbete.")
RETURN_REASONS = (
    "Arbetsförmågan behöver utredas innan insatsen kan påbörjas.",
    "Personen tillhör inte riktlinjens målgrupp.",
    "Samtycke saknas.",
)
REOPEN_REASONS = ("Deltagaren vill fortsätta; arbetet tog slut efter en månad.",)
