"""A coach records a consent and a SIP meeting; the partner's contact person then reads the plan.

Also the refusals: a consent that ends before it starts, and a person the partner has no consent
for. Every page is checked with axe, the partner's pages also at a 375-pixel-wide viewport.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.models import Activity
from lotsa.cases.tests.factories import ActivityTypeFactory, CaseFactory, GoalFactory
from lotsa.collaboration.models import Consent
from lotsa.collaboration.tests.factories import PartnerContactFactory, PartnerFactory
from lotsa.organisations.constants import Role
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_records_consent_and_meeting_and_the_partner_reads_the_plan(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(username="coach", coach=True, unit=unit, first_name="Cia")
    case = CaseFactory(
        unit=unit,
        coach=coach,
        participant=ParticipantFactory(unit=unit, first_name="Amira", last_name="Lindqvist"),
    )
    GoalFactory(case=case, description="Arbete inom lager och logistik")
    ActivityTypeFactory(organisation=unit.organisation, internship=True)
    partner = PartnerFactory(organisation=unit.organisation, name="Arbetsförmedlingen Solvik")
    PartnerContactFactory(
        partner=partner,
        name="Karin Lind",
        user=UserFactory(
            username="partner1", role=Role.PARTNER, unit=None, organisation=unit.organisation
        ),
    )
    stranger = ParticipantFactory(unit=unit, last_name="Utansamtycke")
    today = timezone.localdate()

    sign_in(page, "coach")
    page.goto(f"/arenden/{case.pk}/")
    expect(page.get_by_role("heading", name="Samverkan", exact=True)).to_be_visible()
    assert_accessible(page)

    # The consent: first with an end before its start, which is refused next to the field.
    page.get_by_role("link", name="Samtycken: registrera, visa alla, återkalla").click()
    expect(page.get_by_role("heading", name="Samtycken för Amira Lindqvist")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrera samtycke").click()
    assert_accessible(page)
    page.get_by_label("Arbetsförmedlingen Solvik").check()
    page.get_by_label("Planen (mål, nästa steg, överenskomna åtgärder)").check()
    page.get_by_label("Samtycket gavs").fill(today.isoformat())
    page.get_by_label("Skriftligt").check()
    page.get_by_label("Gäller till och med").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_valid_to_error")).to_contain_text(
        "Samtycket kan inte upphöra innan det börjar gälla"
    )
    assert not Consent.objects.exists()
    assert_accessible(page)
    next_year = today + datetime.timedelta(days=365)
    page.get_by_label("Gäller till och med").fill(next_year.isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Samtycket är registrerat.")).to_be_visible()
    expect(page.get_by_role("cell", name="Gäller", exact=True)).to_be_visible()
    assert_accessible(page)

    # A SIP meeting whose agreed action goes straight into the plan.
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Registrera samverkansmöte").click()
    expect(page.get_by_role("heading", name="Nytt samverkansmöte")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Typ av möte").select_option(label="SIP (samordnad individuell plan)")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_role("group", name="Samverkansparter som deltar").get_by_label(
        "Arbetsförmedlingen Solvik"
    ).check()
    page.get_by_label("Överenskommelser").fill("Praktik på lager med stöd av Arbetsförmedlingen.")
    page.locator("#id_actions-0-activity_type").select_option(label="Praktik")
    page.locator("#id_actions-0-description").fill("Anvisa till praktik på lager")
    page.locator("#id_actions-0-responsible").select_option(label="Arbetsförmedlingen")
    page.locator("#id_actions-0-starts_on").fill(today.isoformat())
    page.get_by_role("button", name="Spara mötet").click()
    expect(page.get_by_text("Mötet är registrerat.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Anvisa till praktik på lager", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    assert Activity.objects.get(case=case).responsible == "arbetsformedlingen"
    sign_out(page)

    # The partner sees the person who consented, and the plan: nothing else.
    sign_in(page, "partner1")
    expect(page.get_by_role("heading", name="Personer som har samtyckt")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Utansamtycke")).to_have_count(0)
    page.get_by_role("link", name="Amira Lindqvist").click()
    expect(page.get_by_role("heading", name="Nästa steg")).to_be_visible()
    expect(page.get_by_text("Arbete inom lager och logistik")).to_be_visible()
    expect(
        page.get_by_role("region", name="Överenskomna åtgärder").get_by_text(
            "Anvisa till praktik på lager"
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Journalanteckningar")).to_have_count(0)
    expect(page.get_by_role("heading", name="Samverkansmöten")).to_have_count(0)
    expect(page.get_by_text("visas inte här ännu")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 812})
    assert_accessible(page)
    page.get_by_role("link", name="Alla personer som har samtyckt").click()
    assert_accessible(page)

    # Someone who has not consented: 404.
    response = page.goto(f"/samverkan/personer/{stranger.pk}/")
    assert response is not None and response.status == 404
