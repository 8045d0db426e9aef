"""Reads of threads and meeting answers, already filtered by what the asking user may see.

Every read of a thread's messages is audited by `services.thread_read`, called by the page
that shows them; the lists here show subjects and states only.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotsa.cases import policy as case_policy
from lotsa.cases.caseload import CaseloadContext
from lotsa.cases.constants import Agreement
from lotsa.cases.models import Case, OwnActivity
from lotsa.collaboration import policy as collaboration_policy
from lotsa.collaboration.models import Consent, CoordinationMeeting, PartnerContact
from lotsa.collaboration.queries import in_force_q, shares_something_q
from lotsa.core.text import parse_ascii_int
from lotsa.messaging import policy
from lotsa.messaging.constants import Side, Waiting
from lotsa.messaging.models import MeetingAnswer, Message, Thread, ThreadReading
from lotsa.organisations.models import User


def _with_unread(threads: QuerySet[Thread], side: str) -> QuerySet[Thread]:
    """Annotate `is_unread`: someone else wrote since `side` last read the thread."""
    read_since = ThreadReading.objects.filter(
        thread=OuterRef("pk"), side=side, read_at__gte=OuterRef("last_message_at")
    )
    return threads.annotate(
        is_unread=~Exists(read_since) & ~Q(last_side=side)  # type: ignore[arg-type]
    )


def threads_for_case(actor: User, case: Case) -> list[Thread]:
    """The case's threads, newest first, for staff who may see the case (one query)."""
    return list(case_threads(actor, case))


def case_threads(actor: User, case: Case) -> QuerySet[Thread]:
    """`threads_for_case` as a queryset, for a page that reads it with others."""
    if policy.side_of(actor, case) != Side.COACH:
        return Thread.objects.none()
    return case_threads_of(case.pk)


def case_threads_of(case_id: int) -> QuerySet[Thread]:
    """The threads of a case as the coach's side lists them; the caller has asked the policy
    (`case_threads`, or the case page's panel)."""
    return (
        _with_unread(Thread.objects.filter(case_id=case_id), Side.COACH)
        .select_related("partner_contact__partner", "activity__activity_type", "own_activity")
        .order_by("-last_message_at", "-id")
    )


def own_threads(case: Case) -> list[Thread]:
    """The threads of the person's case for their own pages (the caller is the person)."""
    return list(
        _with_unread(Thread.objects.filter(case=case), Side.PARTICIPANT)
        .select_related("partner_contact__partner")
        .order_by("-last_message_at", "-id")
    )


def partner_threads(actor: User) -> list[Thread]:
    """The threads naming the actor as partner contact, about people with a consent in force to
    their partner; never a person with protected identity."""
    partner = collaboration_policy.partner_of(actor)
    if partner is None:
        return []
    in_force = Consent.objects.filter(
        in_force_q(timezone.now()), shares_something_q(), partners=partner
    )
    threads = Thread.objects.filter(
        partner_contact__user=actor,
        case__participant__is_protected=False,
        case__participant_id__in=in_force.values("participant_id"),
    )
    return list(
        _with_unread(threads, Side.PARTNER)
        .select_related("case")
        .order_by("-last_message_at", "-id")
    )


def thread_get(actor: User, thread_id: int) -> Thread:
    """A thread `actor` may read, or 404 (the read itself is audited by thread_read)."""
    thread = (
        Thread.objects.select_related(
            "case__participant", "case__coach", "partner_contact__partner"
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or not policy.can_read_thread(actor, thread):
        raise Http404
    return thread


@dataclass(frozen=True)
class ThreadMessage:
    message: Message
    read_by_others: datetime | None  # when a side other than the writer's read it


def thread_messages(thread: Thread) -> list[ThreadMessage]:
    """The thread's messages in order, each with when another side read it; two queries.
    The caller has read the thread through `thread_get`."""
    readings = list(ThreadReading.objects.filter(thread=thread))
    messages = (
        Message.objects.filter(thread=thread).select_related("author").order_by("sent_at", "id")
    )
    result = []
    for message in messages:
        seen = [
            reading.read_at
            for reading in readings
            if reading.side != message.side and reading.read_at >= message.sent_at
        ]
        result.append(ThreadMessage(message, min(seen) if seen else None))
    return result


def partner_contacts_for_new_thread(actor: User, case: Case) -> list[PartnerContact]:
    """The partner contacts (with a sign-in) a new thread on `case` may name: those whose
    partner the person has a consent in force to; none for a protected person."""
    if not case_policy.can_work_on_case(actor, case) or case.participant.is_protected:
        return []
    contacts = PartnerContact.objects.filter(
        partner__organisation_id=case.organisation_id,
        partner__is_active=True,
        user__isnull=False,
    ).select_related("partner")
    return [contact for contact in contacts if policy.partner_may_take_part(contact, case)]


def thread_message_get(thread: Thread, message_id: str | None) -> Message:
    """One message of a thread the caller has read through `thread_get`, or 404."""
    message = Message.objects.filter(pk=parse_ascii_int(message_id) or 0, thread=thread).first()
    if message is None:
        raise Http404
    return message


def meeting_answers_for_case(actor: User, case: Case) -> list[MeetingAnswer]:
    """The participant's answers to the case's meetings, newest first."""
    return list(case_meeting_answers(actor, case))


def case_meeting_answers(actor: User, case: Case) -> QuerySet[MeetingAnswer]:
    """`meeting_answers_for_case` as a queryset, for a page that reads it with others."""
    if not case_policy.can_view_case(actor, case):
        return MeetingAnswer.objects.none()
    return case_meeting_answers_of(case.pk)


def case_meeting_answers_of(case_id: int) -> QuerySet[MeetingAnswer]:
    """The meeting answers of a case; the caller has asked `can_view_case`."""
    return (
        MeetingAnswer.objects.filter(meeting__case_id=case_id)
        .select_related("meeting")
        .order_by("-answered_at", "-id")
    )


def own_meeting(case: Case, meeting_id: int) -> CoordinationMeeting:
    """One meeting of the person's case with its answers (the caller is the person), or 404."""
    meeting = (
        CoordinationMeeting.objects.filter(pk=meeting_id, case=case)
        .prefetch_related("partners", "answers")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def waiting_for_coach_q(context: CaseloadContext) -> Q:
    """The caseload filter "Väntar på mig": a message waits on the coach's answer, or the
    participant has proposed an activity the coach has not yet answered."""
    return Q(pk__in=Thread.objects.filter(waiting_on=Waiting.ON_COACH).values("case_id")) | Q(
        pk__in=OwnActivity.objects.filter(agreement=Agreement.PROPOSED).values("case_id")
    )
