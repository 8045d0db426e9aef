"""The participant co-owns the plan: on a phone they sign in with a code, add a job they apply
for and propose an activity, and write to their coach; the coach sees the thread waiting on
"Mina ärenden", answers and agrees to the activity; the participant sees the read receipt and
the agreed mark; the reminder of tomorrow's meeting is printed by the console SMS backend."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.collaboration.tests.factories import MeetingFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(
        coach=True, unit=unit, username="coach", first_name="Cia", last_name="Coach"
    )
    person = ParticipantFactory(
        unit=unit,
        first_name="Amina",
        last_name="Berg",
        email="amina@example.se",
        phone="070-111 22 33",
    )
    case = CaseFactory(unit=unit, coach=coach, participant=person)
    ActivityFactory(case=case, activity_type__name="CV-verkstad", responsible="participant")
    MeetingFactory(
        case=case,
        kind="three_party",
        meets_on=timezone.localdate() + datetime.timedelta(days=1),
        starts_at=datetime.time(10, 0),
        place="Jobbcentrum, Storgatan 1",
    )
    return case


def _participant_signs_in(page):
    page.goto("/mina-sidor/logga-in/")
    page.get_by_label("E-post eller mobilnummer").fill("amina@example.se")
    page.get_by_role("button", name="Skicka kod").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Hej Amina!")).to_be_visible()


def test_participant_and_coach_share_the_plan_and_talk(page, settings, capsys):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.ConsoleSmsBackend"
    _world()
    page.set_default_timeout(60_000)  # a long journey on a shared, busy machine
    page.set_viewport_size({"width": 320, "height": 800})
    _participant_signs_in(page)
    assert_accessible(page)

    # A job application and a proposal of their own.
    page.get_by_role("link", name=re.compile("Öppna din plan")).click()
    expect(page.get_by_role("heading", name="Din plan", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Jobb jag söker").click()
    page.get_by_role("button", name="Lägg till i planen").click()
    expect(page.get_by_text("Skriv vilket jobb du söker.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vilket jobb söker du?").fill("Lagerarbetare")
    page.get_by_label("Arbetsgivare").fill("Solviks Lager AB")
    page.get_by_label("När sökte du?").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lägg till i planen").click()
    expect(page.get_by_role("heading", name="Lagerarbetare, Solviks Lager AB")).to_be_visible()
    page.get_by_role("link", name="Något jag gör själv").click()
    page.get_by_label("Vad vill du göra?").fill("Träna på att åka buss")
    page.get_by_role("button", name="Lägg till i planen").click()
    expect(page.get_by_role("heading", name="Träna på att åka buss")).to_be_visible()
    expect(page.get_by_text("Förslag – din arbetscoach har inte svarat än").first).to_be_visible()
    assert_accessible(page)

    # A message to the coach.
    page.goto("/mina-sidor/meddelanden/")
    assert_accessible(page)
    page.get_by_role("link", name="Skriv till din arbetscoach").click()
    page.get_by_label("Vad gäller det?").fill("Bussträningen")
    page.get_by_label("Gäller det ett steg i planen?").select_option(label="Träna på att åka buss")
    page.get_by_label("Meddelande").fill("Kan vi prata om bussträningen på mötet?")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Inte läst än")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach sees it waiting, answers and agrees to the proposal.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    expect(page.get_by_text("1 väntar på dig")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("1 väntar på dig").click()
    page.get_by_role("link", name="Bussträningen").click()
    assert_accessible(page)
    page.get_by_label("Meddelande").fill("Ja, det gör vi. Bra förslag!")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Meddelandet är skickat.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Tillbaka till ärendet")).click()
    page.get_by_role("link", name="Svara på förslaget Träna på att åka buss").click()
    assert_accessible(page)
    page.get_by_label("Överenskommet", exact=True).check()
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Ditt svar är sparat och syns för deltagaren.")).to_be_visible()
    sign_out(page)

    # The participant sees the read receipt, the answer and the agreed mark.
    page.set_viewport_size({"width": 320, "height": 800})
    _participant_signs_in(page)
    page.goto("/mina-sidor/meddelanden/")
    expect(page.get_by_text("Väntar på dig")).to_be_visible()
    page.get_by_role("link", name="Bussträningen").click()
    expect(page.get_by_text(re.compile(r"^Läst \d"))).to_be_visible()
    expect(page.get_by_text("Ja, det gör vi. Bra förslag!")).to_be_visible()
    assert_accessible(page)
    page.goto("/mina-sidor/plan/")
    expect(page.get_by_text("Överenskommet med din arbetscoach")).to_be_visible()
    expect(page.get_by_text(re.compile("Din arbetscoach har sett dina ändringar"))).to_be_visible()
    assert_accessible(page)

    # Tomorrow's meeting: confirm it, and the reminder goes by text message.
    page.goto("/mina-sidor/")
    page.get_by_role("link", name=re.compile("Svara, flytta eller lägg i kalendern")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, jag kommer").click()
    expect(page.get_by_text("Tack! Din arbetscoach ser att du kommer.")).to_be_visible()
    assert_accessible(page)
    capsys.readouterr()
    call_command("send_meeting_reminders")
    printed = capsys.readouterr().out
    assert "SMS till 070-111 22 33: Påminnelse: du har ett möte i morgon klockan 10:00." in printed
