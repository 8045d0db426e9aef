"""A person answers an anonymous survey by its link on a phone-sized screen; the link then
says clearly that it is spent; an administrator reads results that did not change by that one
answer, closes the survey so it is published, and builds a survey."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.surveys.services import (
    invitation_send,
    publish_due_responses,
    response_submit,
    survey_template_install,
)
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_answers_by_link_and_the_link_works_once(page):
    unit = UnitFactory(runs_support=True)
    admin = UserFactory(
        username="admin", administrator=True, unit=None, organisation=unit.organisation
    )
    case = CaseFactory(unit=unit, participant__email="deltagare@example.se")
    survey = survey_template_install(actor=admin, key="rating")
    for _index in range(5):  # an earlier batch, already published
        other = CaseFactory(unit=unit)
        earlier = invitation_send(actor=other.coach, survey=survey, case=other, deliver=False)
        response_submit(
            invitation=earlier.invitation,
            answers={q.pk: "4" for q in survey.questions.filter(kind="scale")},
        )
    publish_due_responses()
    invitation_send(actor=case.coach, survey=survey, case=case)
    link = re.search(r"https?://\S+/enkater/svara/\S+/", mail.outbox[-1].body).group(0)
    path = link[link.index("/enkater/") :]

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    expect(page.get_by_role("heading", name="Deltagarbetyg")).to_be_visible()
    expect(page.get_by_text("Du svarar anonymt. Dina svar sparas")).to_be_visible()
    assert_accessible(page)
    # A required question left out: the message is next to it, nothing is saved.
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_text("Svara på frågan.").first).to_be_visible()
    assert_accessible(page)
    for question, value in (
        ("Har din livssituation förbättrats sedan du började i stödet?", "4"),
        ("Hur mycket har du kunnat påverka ditt stöd?", "3"),
        ("Vilket betyg ger du stödet?", "5"),
    ):
        page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
            value, exact=True
        ).check()
    page.get_by_label("Vill du säga något mer?").fill("Tack för hjälpen.")
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert_accessible(page)

    page.goto(path)
    expect(page.get_by_text("Du har redan svarat på den här enkäten.")).to_be_visible()
    assert_accessible(page)
    page.goto("/enkater/svara/inte-en-riktig-lank/")
    expect(page.get_by_text("Länken fungerar inte.")).to_be_visible()

    # The administrator sees the survey: the new answer has not changed the results (it waits
    # for four more), and the free-text question has too few answers to show.
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "admin")
    page.goto("/enkater/")
    assert_accessible(page)
    page.get_by_role("link", name="Resultat för Deltagarbetyg").click()
    expect(page.get_by_text("För få svar för att visa").first).to_be_visible()
    expect(page.get_by_text("5 personer har svarat under perioden.")).to_be_visible()
    expect(page.get_by_text("Nya svar kommer med i resultatet i omgångar")).to_be_visible()
    assert_accessible(page)

    # Closing the survey publishes the waiting answer.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/enkater/{survey.pk}/")
    page.get_by_role("button", name="Stäng enkäten").click()
    expect(page.get_by_text("Enkäten är stängd. Alla svar som har kommit in")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/enkater/{survey.pk}/resultat/")
    expect(page.get_by_text("6 personer har svarat under perioden.")).to_be_visible()
    page.goto(path)
    expect(page.get_by_text("Du har redan svarat på den här enkäten.")).to_be_visible()

    # A new survey with a single-choice question.
    page.goto("/enkater/ny/")
    page.get_by_label("Namn").fill("Kort enkät")
    page.get_by_role("button", name="Skapa enkäten").click()
    expect(page.get_by_text("Enkäten är skapad.")).to_be_visible()
    page.get_by_label("Typ av fråga").select_option(label="Ett svarsalternativ")
    page.get_by_role("textbox", name=re.compile(r"^Fråga")).fill("Hur fick du veta om stödet?")
    page.get_by_label("Svarsalternativ").fill("Socialtjänsten")
    page.get_by_role("button", name="Lägg till frågan").click()
    expect(page.get_by_text("Skriv minst två svarsalternativ").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Svarsalternativ").fill("Socialtjänsten\nArbetsförmedlingen")
    page.get_by_role("button", name="Lägg till frågan").click()
    expect(page.get_by_text("Frågan är tillagd.")).to_be_visible()
    expect(page.get_by_text("Socialtjänsten, Arbetsförmedlingen")).to_be_visible()
    assert_accessible(page)
