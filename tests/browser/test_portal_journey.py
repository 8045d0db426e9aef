"""A participant signs in to Mina sidor with a code from their e-mail, reads their plan on a
phone-sized screen and withdraws a consent; the partner then no longer sees them."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from lotsa.collaboration.services import (
    consent_register,
    partner_contact_add,
    partner_create,
    partner_user_create,
)
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _world() -> None:
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(coach=True, unit=unit, first_name="Cia", last_name="Coach")
    admin = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    person = ParticipantFactory(
        unit=unit, first_name="Amina", last_name="Berg", email="amina@example.se"
    )
    case = CaseFactory(unit=unit, coach=coach, participant=person)
    GoalFactory(case=case, description="Ett arbete inom handeln")
    ActivityFactory(
        case=case,
        activity_type__name="Praktik på lager",
        responsible="participant",
        description="Tre dagar i veckan",
    )
    partner = partner_create(actor=admin, name="Vårdcentralen Norr", kind="primary_care")
    contact = partner_contact_add(
        actor=admin, partner=partner, name="Pia Partner", email="pia@partner.example"
    )
    user = partner_user_create(actor=admin, contact=contact, username="partner")
    user.set_password(PASSWORD)  # as if Pia had chosen it through her invitation
    user.save(update_fields=["password"])
    consent_register(
        actor=coach,
        participant=person,
        partners=[partner],
        scopes=["plan"],
        given_on=timezone.localdate(),
        form="written",
    )


def test_participant_signs_in_reads_the_plan_and_withdraws_a_consent(page):
    _world()
    page.on("dialog", lambda dialog: dialog.accept())

    # The partner sees the person while the consent is in force.
    sign_in(page, "partner")
    page.goto("/samverkan/personer/")
    expect(page.get_by_text("Berg")).to_be_visible()
    sign_out(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/mina-sidor/")
    expect(page.get_by_role("heading", name="Logga in på Mina sidor")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-post eller mobilnummer").fill("amina@example.se")
    page.get_by_role("button", name="Skicka kod").click()
    expect(page.get_by_role("heading", name="Skriv in koden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kod").fill("000")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Koden består av sex siffror.").first).to_be_visible()
    assert_accessible(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_role("heading", name="Hej Amina!")).to_be_visible()
    expect(page.get_by_role("heading", name="Nästa steg")).to_be_visible()
    expect(page.get_by_role("heading", name="Vem gör vad")).to_be_visible()
    expect(page.get_by_text("Praktik på lager").first).to_be_visible()
    expect(page.get_by_text("Ett arbete inom handeln")).to_be_visible()
    assert_accessible(page)

    # Staff pages stay closed.
    response = page.goto("/deltagare/")
    assert response is not None and response.status == 403
    page.goto("/mina-sidor/")

    page.get_by_role("button", name="Ta tillbaka samtycket för Vårdcentralen Norr").click()
    expect(page.get_by_text("Samtycket är återkallat.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Återkallat \d"))).to_be_visible()
    assert_accessible(page)

    # In English too.
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("heading", name="Hello Amina!")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change language").click()
    sign_out(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "partner")
    page.goto("/samverkan/personer/")
    expect(page.get_by_text("Berg")).to_have_count(0)
