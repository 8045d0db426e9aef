"""Writes of messaging: threads and messages, read receipts, the person's channel choice,
notifications, meeting answers and reminders, and a message copied into a journal note.

Notifications carry no content ("Du har ett nytt meddelande på Mina sidor"); they go by the
person's chosen channel after the commit, at most one per `conf.notify_minutes()` minutes for
messages. A meeting's reminder goes once (a unique constraint), by `meeting_reminder_send`, the
one function a scheduler wraps.
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.cases import policy as case_policy
from lotsa.cases.checks import case_closed_error
from lotsa.cases.constants import CaseStatus
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.journal.services import note_create
from lotsa.cases.models import Activity, Case, OwnActivity
from lotsa.collaboration.models import CoordinationMeeting, PartnerContact
from lotsa.core.dates import implausible_date_message, is_plausible_date
from lotsa.core.languages import in_language_of
from lotsa.jobs import outbox
from lotsa.messaging import conf, policy
from lotsa.messaging.constants import (
    MESSAGE_MAX,
    SUBJECT_MAX,
    Channel,
    MeetingAnswerKind,
    NotificationKind,
    Side,
    Waiting,
)
from lotsa.messaging.models import (
    ContactChoice,
    MeetingAnswer,
    Message,
    Notification,
    Thread,
    ThreadReading,
)
from lotsa.people.models import Participant

if TYPE_CHECKING:
    from lotsa.cases.journal.models import Note
    from lotsa.organisations.models import User

MOVE_TIMES_MAX = 3


def _body(text: str | None, errors: dict[str, str], *, field: str = "body") -> str:
    body = (text or "").strip()
    if not body:
        errors[field] = _("Skriv ett meddelande.")
    elif len(body) > MESSAGE_MAX:
        errors[field] = _("Meddelandet är för långt: högst %(max)s tecken (nu %(n)s).") % {
            "max": MESSAGE_MAX,
            "n": len(body),
        }
    return body


def _waiting_after(side: str) -> str:
    return Waiting.ON_COACH if side == Side.PARTICIPANT else Waiting.ON_PARTICIPANT


def thread_start(
    *,
    actor: "User",
    case: Case,
    subject: str,
    body: str,
    activity: Activity | None = None,
    own_activity: OwnActivity | None = None,
    partner_contact: PartnerContact | None = None,
) -> Thread:
    """Start a thread on `case` with its first message; optionally about one plan step and
    with a named partner contact the person has a consent in force to."""
    if case.is_closed:
        if policy.side_of(actor, case) is not None:
            raise case_closed_error()
        raise PermissionDenied
    if not policy.can_start_thread(actor, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = _("Skriv vad det gäller.")
    elif len(subject) > SUBJECT_MAX or "\n" in subject:
        errors["subject"] = _("Skriv ämnet på en rad, högst %(max)s tecken.") % {"max": SUBJECT_MAX}
    text = _body(body, errors)
    for step in (activity, own_activity):
        if step is not None and step.case_id != case.pk:
            raise PermissionDenied
    if partner_contact is not None and not policy.partner_may_take_part(partner_contact, case):
        errors["partner_contact"] = _(
            "Personen har inget samtycke som gäller nu till den parten. Ingen tråd är startad."
        )
    if errors:
        raise ValidationError(errors)
    side = policy.side_of(actor, case)
    assert side is not None
    now = timezone.now()
    with transaction.atomic():
        thread = Thread(
            case=case,
            subject=subject,
            activity=activity,
            own_activity=own_activity,
            partner_contact=partner_contact,
            waiting_on=_waiting_after(side),
            last_message_at=now,
            last_side=side,
        )
        audited_create(
            actor=actor,
            instance=thread,
            participant=case.participant,
            summary=_("Startade meddelandetråden %(subject)s") % {"subject": subject},
        )
        _message_create(actor=actor, thread=thread, side=side, body=text, at=now)
    return thread


def message_send(*, actor: "User", thread: Thread, body: str) -> Message:
    """Write in a thread; the other side sees it waiting and the person gets a notification."""
    case = thread.case
    if case.is_closed and policy.can_read_thread(actor, thread):
        raise case_closed_error()
    if not policy.can_write_thread(actor, thread):
        raise PermissionDenied
    errors: dict[str, str] = {}
    text = _body(body, errors)
    if errors:
        raise ValidationError(errors)
    side = side_in_thread(actor, thread)
    with transaction.atomic():
        return _message_create(actor=actor, thread=thread, side=side, body=text)


def side_in_thread(actor: "User", thread: Thread) -> str:
    side = policy.side_of(actor, thread.case)
    return side if side is not None else Side.PARTNER


def _message_create(
    *, actor: "User", thread: Thread, side: str, body: str, at: datetime | None = None
) -> Message:
    now = at or timezone.now()
    message = Message.objects.create(thread=thread, side=side, author=actor, body=body, sent_at=now)
    Thread.objects.filter(pk=thread.pk).update(
        waiting_on=_waiting_after(side), last_message_at=now, last_side=side
    )
    thread.waiting_on, thread.last_message_at, thread.last_side = _waiting_after(side), now, side
    _reading_record(thread, side, now)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=message,
        participant=thread.case.participant,
        summary=_("Skrev i meddelandetråden %(subject)s") % {"subject": thread.subject},
    )
    if side != Side.PARTICIPANT:
        participant = thread.case.participant
        transaction.on_commit(
            lambda: participant_notify(participant=participant, kind=NotificationKind.MESSAGE)
        )
    return message


def _reading_record(thread: Thread, side: str, at: datetime) -> None:
    updated = ThreadReading.objects.filter(thread=thread, side=side).update(read_at=at)
    if not updated:
        try:
            with transaction.atomic():
                ThreadReading.objects.create(thread=thread, side=side, read_at=at)
        except IntegrityError:  # read at the same moment elsewhere
            ThreadReading.objects.filter(thread=thread, side=side).update(read_at=at)


def thread_read(*, actor: "User", thread: Thread) -> None:
    """`actor` read the thread: their side's read receipt moves on, and the read is audited
    (a partner's with the consent it relied on being checked just now)."""
    if not policy.can_read_thread(actor, thread):
        raise PermissionDenied
    side = side_in_thread(actor, thread)
    with transaction.atomic():
        if side != Side.COACH or actor.pk == thread.case.coach_id:
            # The coach's read receipt is the coach's own: a manager's look is no answer.
            _reading_record(thread, side, timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=thread,
            participant=thread.case.participant,
            summary=_("Läste meddelandetråden %(subject)s") % {"subject": thread.subject},
        )


def message_copy_to_note(*, actor: "User", message: Message) -> "Note":
    """Copy a message into a draft journal note on its case; the coach reads and signs it."""
    thread = message.thread
    case = thread.case
    if not policy.can_copy_to_journal(actor, case) or not policy.can_read_thread(actor, thread):
        raise PermissionDenied
    sent = timezone.localtime(message.sent_at)
    text = _("Meddelande från %(who)s %(when)s i tråden ”%(subject)s”:\n\n%(body)s") % {
        "who": message.get_side_display().lower(),
        "when": f"{sent:%Y-%m-%d %H:%M}",
        "subject": thread.subject,
        "body": message.body,
    }
    return note_create(
        actor=actor, case=case, kind=NoteKind.OTHER, occurred_on=sent.date(), text=text
    )


# The person's channel and the notifications ------------------------------------------------


def contact_choice_set(*, actor: "User", participant: Participant, channel: str) -> ContactChoice:
    """The person chooses how they hear that something new waits on Mina sidor."""
    account = getattr(actor, "participant_account", None)
    if account is None or account.participant_id != participant.pk:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = _("Välj hur du vill få besked.")
    elif channel == Channel.SMS and not participant.phone:
        errors["channel"] = _(
            "Vi har inget mobilnummer till dig. Be din arbetscoach lägga in det, eller välj e-post."
        )
    elif channel == Channel.EMAIL and not participant.email:
        errors["channel"] = _(
            "Vi har ingen e-postadress till dig. Be din arbetscoach lägga in den, eller välj sms."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        choice, _created = ContactChoice.objects.update_or_create(
            participant=participant, defaults={"channel": channel}
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=choice,
            participant=participant,
            summary=_("Valde avisering: %(channel)s") % {"channel": choice.get_channel_display()},
        )
    return choice


def chosen_channel(participant: Participant) -> str:
    """The person's choice; without one, sms if we have a number, else e-mail, else none."""
    choice = ContactChoice.objects.filter(participant=participant).first()
    if choice is not None:
        return choice.channel
    if participant.phone:
        return Channel.SMS
    return Channel.EMAIL if participant.email else Channel.NONE


def participant_notify(
    *,
    participant: Participant,
    kind: str,
    text: str | None = None,
    meeting: CoordinationMeeting | None = None,
) -> Notification | None:
    """Tell the person, by their chosen channel, that something waits on Mina sidor.

    Message notifications are rate limited; a meeting's reminder goes once. Returns the
    notification sent, or None when nothing was sent.
    """
    channel = chosen_channel(participant)
    if channel == Channel.NONE:
        return None
    now = timezone.now()
    if (
        kind == NotificationKind.MESSAGE
        and Notification.objects.filter(
            participant=participant,
            kind=kind,
            sent_at__gte=now - timedelta(minutes=conf.notify_minutes()),
        ).exists()
    ):
        return None
    try:
        with transaction.atomic():  # a savepoint: the refused insert leaves the caller's work
            notification = audited_create(
                actor=None,
                instance=Notification(
                    participant=participant,
                    kind=kind,
                    channel=channel,
                    meeting=meeting,
                    sent_at=now,
                ),
                participant=participant,
                summary=lambda notification: (
                    _("Avisering skickad (%(kind)s, %(channel)s)")
                    % {
                        "kind": notification.get_kind_display(),
                        "channel": notification.get_channel_display(),
                    }
                ),
            )
    except IntegrityError:
        # this meeting's reminder went already
        return None
    # In the language the person chose on Mina sidor; queued, sent by the worker (decision 0024).
    with in_language_of(participant.page_language):
        body = text or _("Du har ett nytt meddelande på Mina sidor.")
        subject = _("Nytt på Mina sidor")
    key = f"notification:{notification.pk}"
    if channel == Channel.SMS:
        outbox.send_sms(to=participant.phone, message=body, key=key)
    else:
        outbox.send_mail(to=participant.email, subject=subject, message=body, key=key)
    return notification


# Meetings the person acts on --------------------------------------------------------------


def _own_meeting(actor: "User", meeting: CoordinationMeeting) -> Case:
    case = meeting.case
    if not case_policy.is_case_participant(actor, case):
        raise PermissionDenied
    if case.is_closed:
        raise case_closed_error()
    if meeting.meets_on < timezone.localdate():
        raise ValidationError(_("Mötet har redan varit."))
    return case


def meeting_confirm(*, actor: "User", meeting: CoordinationMeeting) -> MeetingAnswer:
    """The person says they will come."""
    case = _own_meeting(actor, meeting)
    return audited_create(
        actor=actor,
        instance=MeetingAnswer(meeting=meeting, kind=MeetingAnswerKind.CONFIRM, answered_by=actor),
        participant=case.participant,
        summary=_("Deltagaren bekräftade mötet %(date)s") % {"date": meeting.meets_on},
    )


def meeting_move_request(
    *, actor: "User", meeting: CoordinationMeeting, proposed: list[datetime], note: str = ""
) -> MeetingAnswer:
    """The person asks to move a meeting, proposing one to three times, none in the past."""
    case = _own_meeting(actor, meeting)
    errors: dict[str, str] = {}
    now = timezone.now()
    times = [moment for moment in proposed if moment is not None]
    if not times:
        errors["proposed"] = _("Föreslå minst en ny tid.")
    elif len(times) > MOVE_TIMES_MAX:
        errors["proposed"] = _("Föreslå högst %(n)s tider.") % {"n": MOVE_TIMES_MAX}
    elif any(not is_plausible_date(moment.date()) for moment in times):
        errors["proposed"] = implausible_date_message()
    elif any(moment <= now for moment in times):
        errors["proposed"] = _("En ny tid kan inte vara i det förflutna. Välj en senare tid.")
    text = (note or "").strip()
    if len(text) > MESSAGE_MAX:
        errors["note"] = _("Högst %(max)s tecken.") % {"max": MESSAGE_MAX}
    if errors:
        raise ValidationError(errors)
    answer = MeetingAnswer(
        meeting=meeting,
        kind=MeetingAnswerKind.MOVE,
        proposed_times=[
            timezone.localtime(moment).isoformat(timespec="minutes") for moment in times
        ],
        note=text,
        answered_by=actor,
    )
    return audited_create(
        actor=actor,
        instance=answer,
        participant=case.participant,
        summary=_("Deltagaren bad att få flytta mötet %(date)s") % {"date": meeting.meets_on},
    )


def meeting_reminder_send(meeting: CoordinationMeeting) -> Notification | None:
    """The day-before reminder of one meeting, by the person's chosen channel, once."""
    when = (
        _("i morgon klockan %(time)s") % {"time": meeting.starts_at.strftime("%H:%M")}
        if meeting.starts_at
        else _("i morgon")
    )
    return participant_notify(
        participant=meeting.case.participant,
        kind=NotificationKind.MEETING_REMINDER,
        meeting=meeting,
        text=_("Påminnelse: du har ett möte %(when)s. Läs mer på Mina sidor.") % {"when": when},
    )


def meeting_reminders_send(*, today: date) -> int:
    """Remind everyone with a meeting the day after `today` on an open case; how many went."""
    meetings = (
        CoordinationMeeting.objects.filter(meets_on=today + timedelta(days=1))
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(notifications__kind=NotificationKind.MEETING_REMINDER)
        .select_related("case__participant")
        .order_by("starts_at", "id")
    )
    return sum(1 for meeting in meetings if meeting_reminder_send(meeting) is not None)
