"""A person fills in "Ansök om stöd" with e-ID, in Arabic on a phone: the broker (faked at the
HTTP boundary, its authorisation page answered by the browser's router) fills in and locks the
personnummer; 0 axe violations at 320 px and 200 %; the referral is marked verified."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from lotsa.portal.tests.applying import NEW_NUMBER, application_world
from lotsa.portal.tests.broker import BROKER, FakeBroker
from lotsa.referrals.models import Referral
from tests.browser.test_portal_languages import PHONE, _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _loaded_check(page: Page) -> None:
    """Arabic, right to left, fits and passes axe — once the stylesheet has loaded: a heading
    can be visible before it, and an unstyled textarea is wider than a phone."""
    page.wait_for_load_state("load")
    _check(page, "ar", "rtl")


def test_a_person_fills_in_the_application_with_e_id_in_arabic(
    page, live_server, settings, monkeypatch
):
    for name, value in BROKER.items():
        setattr(settings, name, value)
    broker = FakeBroker(monkeypatch)
    broker.claims = {"personal_number": NEW_NUMBER, "given_name": "Amina", "family_name": "Berg"}
    application_world()
    callback = live_server.url + reverse("portal:oidc_callback")

    def the_broker_says_yes(route: Route) -> None:
        answer = urlencode(broker.authorize(route.request.url))
        route.fulfill(status=302, headers={"Location": f"{callback}?{answer}"})

    page.route("https://eid.invalid/**", the_broker_says_yes)
    page.set_viewport_size(PHONE)
    page.goto("/mina-sidor/ansok/")
    page.get_by_label("Språk").select_option("ar")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("heading", name="هل لديك هوية إلكترونية؟")).to_be_visible()
    _loaded_check(page)

    page.get_by_role("link", name="املأ باستخدام e-legitimation").click()

    expect(page.get_by_role("heading", name="تم ملء رقمك الشخصي")).to_be_visible()
    number = page.locator("#id_personal_number")
    expect(number).to_be_disabled()
    expect(number).to_have_value(f"{NEW_NUMBER[:8]}-{NEW_NUMBER[8:]}")
    expect(page.locator("#id_first_name")).to_have_value("Amina")
    _loaded_check(page)
    page.locator("#id_unit").select_option(index=1)
    page.locator("#id_phone").fill("070-123 45 67")
    page.locator("#id_reason").fill("أريد مساعدة في إيجاد عمل.")
    page.get_by_role("button", name="أرسل الطلب").click()

    expect(page).to_have_url(live_server.url + reverse("portal:self_referral_sent"))
    _loaded_check(page)
    referral = Referral.objects.get()
    assert referral.identity_verified
    assert referral.participant.personal_number == NEW_NUMBER
