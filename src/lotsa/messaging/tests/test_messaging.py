"""Messages between the participant and their coach (and a consented partner contact):
states, read receipts, content-free notifications, policy, extract and culling."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.columns import annotate_case_list
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.tests.factories import (
    ConsentFactory,
    MeetingFactory,
    PartnerContactFactory,
)
from lotsa.messaging import policy, queries, services
from lotsa.messaging.constants import Waiting
from lotsa.messaging.models import MeetingAnswer, Message, Notification, Thread
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.retention.extract import participant_extract

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def case():
    return CaseFactory(participant__phone="070-123 45 67", participant__email="p@example.invalid")


@pytest.fixture
def person(case):
    return participant_account_for(case.participant)


def _start(actor, case, **extra):
    return services.thread_start(
        actor=actor, case=case, subject="Fråga om praktiken", body="Kan jag börja senare?", **extra
    )


def test_a_participants_message_waits_on_the_coach_and_the_answer_on_the_participant(
    case, person, sms_outbox, django_capture_on_commit_callbacks
):
    thread = _start(person, case)
    assert thread.waiting_on == Waiting.ON_COACH
    assert not sms_outbox  # the coach sees it on Mina ärenden; no text message for staff
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=case.coach, thread=thread, body="Ja, det går bra.")
    thread.refresh_from_db()
    assert thread.waiting_on == Waiting.ON_PARTICIPANT
    assert [m.body for m in sms_outbox] == ["Du har ett nytt meddelande på Mina sidor."]
    assert sms_outbox[0].to == "070-123 45 67"


def test_notifications_are_rate_limited_and_follow_the_chosen_channel(
    case, person, sms_outbox, django_capture_on_commit_callbacks
):
    services.contact_choice_set(actor=person, participant=case.participant, channel="email")
    thread = _start(case.coach, case)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=case.coach, thread=thread, body="En sak till.")
    assert len(mail.outbox) == 1 and not sms_outbox
    assert "Kan jag" not in mail.outbox[0].body and "Mina sidor" in mail.outbox[0].body
    assert Notification.objects.count() == 1


def test_a_choice_without_a_number_is_refused_at_the_field(person, case):
    case.participant.phone = ""
    case.participant.save()
    with pytest.raises(ValidationError) as error:
        services.contact_choice_set(actor=person, participant=case.participant, channel="sms")
    assert "channel" in error.value.message_dict


def test_too_long_or_empty_messages_are_refused_and_nothing_is_saved(case, person):
    with pytest.raises(ValidationError) as error:
        services.thread_start(actor=person, case=case, subject="Hej", body="x" * 4001)
    assert "för långt" in error.value.message_dict["body"][0]
    with pytest.raises(ValidationError):
        services.thread_start(actor=person, case=case, subject="", body="Hej")
    assert not Thread.objects.exists() and not Message.objects.exists()


def test_read_receipts_are_the_other_sides_reads_and_reads_are_audited(case, person):
    thread = _start(person, case)
    entries = queries.thread_messages(thread)
    assert entries[0].read_by_others is None
    services.thread_read(actor=case.coach, thread=thread)
    assert queries.thread_messages(thread)[0].read_by_others is not None
    assert AuditRecord.objects.filter(
        actor=case.coach, action="view", object_type="messaging.thread"
    ).exists()


def test_no_one_outside_the_case_reads_and_protected_identity_is_kept(case, person):
    thread = _start(person, case)
    other_coach = UserFactory(coach=True, organisation=case.organisation)
    referrer = UserFactory(referrer=True, organisation=case.organisation, unit=case.unit)
    stranger = participant_account_for(CaseFactory(organisation=case.organisation).participant)
    for actor in (other_coach, referrer, stranger):
        assert not policy.can_read_thread(actor, thread)
        with pytest.raises(PermissionDenied):
            services.message_send(actor=actor, thread=thread, body="Hej")
    protected = CaseFactory(participant__is_protected=True)
    unit_coach = UserFactory(coach=True, unit=protected.unit, organisation=protected.organisation)
    protected_thread = _start(protected.coach, protected)
    assert not policy.can_read_thread(unit_coach, protected_thread)
    assert policy.can_read_thread(protected.coach, protected_thread)


def test_a_partner_contact_takes_part_only_with_a_consent_in_force(case, person):
    contact = PartnerContactFactory(partner__organisation=case.organisation, with_user=True)
    with pytest.raises(ValidationError) as error:
        _start(case.coach, case, partner_contact=contact)
    assert "partner_contact" in error.value.message_dict
    consent = ConsentFactory(participant=case.participant, partners=[contact.partner])
    thread = _start(case.coach, case, partner_contact=contact)
    assert policy.can_read_thread(contact.user, thread)
    assert queries.partner_threads(contact.user) == [thread]
    services.message_send(actor=contact.user, thread=thread, body="Vi bokar ett möte.")
    consent.revoked_at = timezone.now()
    consent.revoked_by = case.coach
    consent.save()
    assert not policy.can_read_thread(contact.user, thread)
    assert queries.partner_threads(contact.user) == []
    with pytest.raises(PermissionDenied):
        services.message_send(actor=contact.user, thread=thread, body="Hej igen")


def test_the_coach_copies_a_message_into_a_draft_journal_note(case, person):
    thread = _start(person, case)
    note = services.message_copy_to_note(actor=case.coach, message=thread.messages.get())
    assert note.status == "draft" and "Kan jag börja senare?" in note.text
    with pytest.raises(PermissionDenied):
        services.message_copy_to_note(actor=person, message=thread.messages.get())


def test_mina_arenden_shows_waiting_and_unread_threads_in_constant_queries(client, case, person):
    _start(person, case)
    rows = annotate_case_list(Case.objects.filter(pk=case.pk), case.coach, timezone.localdate())
    row = rows.get()
    assert row.messages_waiting == 1 and row.messages_unread == 1
    client.force_login(case.coach)
    url = reverse("cases:my_cases")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "1 väntar på dig" in page
    for _number in range(5):
        more = CaseFactory(coach=case.coach, unit=case.unit)
        _start(participant_account_for(more.participant), more)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_message_pages_read_in_constant_queries(client, case, person):
    thread = _start(person, case)
    client.force_login(person)
    url = reverse("portal:thread", args=[thread.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        services.message_send(actor=case.coach, thread=thread, body=f"Svar {number}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few) and "Svar 5" in page
    client.force_login(case.coach)
    staff = reverse("messaging:thread", args=[thread.pk])
    client.get(staff)
    with CaptureQueriesContext(connection) as staff_queries:
        client.get(staff)
    services.message_send(actor=person, thread=thread, body="Tack")
    with CaptureQueriesContext(connection) as staff_more:
        client.get(staff)
    assert len(staff_queries) == len(staff_more)


def test_messages_are_in_the_extract_and_culled_with_the_case(case, person):
    thread = _start(person, case)
    MeetingAnswer.objects.create(
        meeting=MeetingFactory(case=case), kind="confirm", answered_by=person
    )
    extract = participant_extract(case.participant)
    models = {section["modell"] for section in extract["avsnitt"]}
    assert {"messaging.thread", "messaging.message", "messaging.meetinganswer"} <= models
    text = str(extract)
    assert "Kan jag börja senare?" in text
    from lotsa.cases import events

    events.case_culled.announce(Case, case=case, actor=None, on=timezone.localdate())
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not MeetingAnswer.objects.exists()


# Meetings ---------------------------------------------------------------------------------


def test_the_participant_confirms_or_asks_to_move_but_not_to_the_past(case, person):
    meeting = MeetingFactory(case=case)
    services.meeting_confirm(actor=person, meeting=meeting)
    past = timezone.now() - datetime.timedelta(hours=2)
    with pytest.raises(ValidationError) as error:
        services.meeting_move_request(actor=person, meeting=meeting, proposed=[past])
    assert "förflutna" in error.value.message_dict["proposed"][0]
    later = timezone.now() + datetime.timedelta(days=10)
    answer = services.meeting_move_request(actor=person, meeting=meeting, proposed=[later])
    assert answer.kind == "move" and len(answer.proposed_times) == 1
    with pytest.raises(PermissionDenied):
        services.meeting_confirm(actor=case.coach, meeting=meeting)


def test_the_reminder_goes_the_day_before_once_by_the_chosen_channel(case, sms_outbox):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    MeetingFactory(case=case, meets_on=tomorrow, starts_at=datetime.time(9, 30))
    MeetingFactory(case=case, meets_on=tomorrow + datetime.timedelta(days=3))
    call_command("send_meeting_reminders")
    call_command("send_meeting_reminders")
    assert [m.body for m in sms_outbox] == [
        "Påminnelse: du har ett möte i morgon klockan 09:30. Läs mer på Mina sidor."
    ]


def test_the_ics_download_is_the_persons_own_and_audited_as_export(client, case, person):
    meeting = MeetingFactory(case=case, starts_at=datetime.time(10, 0), place="Storgatan 1")
    client.force_login(person)
    answer = client.get(reverse("portal:meeting_calendar", args=[meeting.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "text/calendar"
    body = answer.content.decode()
    assert "BEGIN:VEVENT" in body and "Storgatan 1" in body
    assert AuditRecord.objects.filter(actor=person, action="export").exists()
    other = MeetingFactory(case=CaseFactory(organisation=case.organisation))
    assert client.get(reverse("portal:meeting_calendar", args=[other.pk])).status_code == 404


def test_a_move_request_in_the_past_shows_at_the_field(client, case, person):
    meeting = MeetingFactory(case=case)
    client.force_login(person)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    answer = client.post(
        reverse("portal:meeting", args=[meeting.pk]),
        {"action": "move", "first_day": yesterday.isoformat(), "first_time": "10:00"},
    )
    assert answer.status_code == 200
    assert "förflutna" in str(answer.context["move_form"].errors["first_day"])
    assert not MeetingAnswer.objects.exists()


def test_waiting_for_me_on_the_caseload_is_a_message_or_a_proposal_to_answer(case, person):
    from lotsa.cases import services as case_services
    from lotsa.cases.constants import OwnActivityKind
    from lotsa.cases.queries import my_caseload_counts, my_cases

    coach = case.coach
    proposal = CaseFactory(unit=case.unit, coach=coach)
    answered = CaseFactory(unit=case.unit, coach=coach)
    _start(person, case)  # waits on the coach
    _start(coach, answered)  # waits on the participant
    case_services.own_activity_add(
        actor=participant_account_for(proposal.participant),
        case=proposal,
        expected_plan_version=proposal.plan_version,
        kind=OwnActivityKind.JOB_APPLICATION,
        title="Lagerarbetare",
        employer="Lager AB",
    )
    assert set(my_cases(coach, chosen="vantar")) == {case, proposal}
    counts = {choice.key: choice.count for choice in my_caseload_counts(coach)}
    assert counts["vantar"] == 2
