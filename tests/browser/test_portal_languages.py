"""Mina sidor in the person's own language on a phone: Arabic right to left and Tigrinya, at
320 px and at 200 % zoom, with 0 axe violations and no sideways scrolling."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from lotsa.collaboration.services import consent_register, partner_create
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 400}  # a 1280 × 800 window at 200 %
CONTROLS = (
    ".language-bar button, .language-bar select, main button, "
    "main input:not([type=hidden]), main select, main textarea"
)


def _world() -> None:
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(coach=True, unit=unit)
    admin = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    person = ParticipantFactory(
        unit=unit, first_name="Amina", last_name="Berg", email="amina@example.se"
    )
    case = CaseFactory(unit=unit, coach=coach, participant=person)
    GoalFactory(case=case, description="Ett arbete inom handeln")
    ActivityFactory(case=case, activity_type__name="Praktik på lager", responsible="participant")
    partner = partner_create(actor=admin, name="Vårdcentralen Norr", kind="primary_care")
    consent_register(
        actor=coach,
        participant=person,
        partners=[partner],
        scopes=["plan"],
        given_on=timezone.localdate(),
        form="written",
    )
    audit_record(actor=coach, action=AuditAction.VIEW, obj=case, participant=person)


def _fits(page: Page) -> None:
    """Nothing needs scrolling sideways (WCAG 1.4.10 reflow)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _targets_are_large(page: Page) -> None:
    """Every button, field and menu of these pages is at least 44 × 44 px (WCAG 2.5.5)."""
    small = page.evaluate(
        "s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect())"
        ".filter(r => r.width && (r.height < 44 || r.width < 44)).length",
        CONTROLS,
    )
    assert small == 0


def _check(page: Page, language: str, direction: str | None) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    if direction:
        expect(html).to_have_attribute("dir", direction)
    for size in (PHONE, ZOOMED):
        page.set_viewport_size(size)
        _fits(page)
        _targets_are_large(page)
        assert_accessible(page)


def test_mina_sidor_in_arabic_and_tigrinya_on_a_phone(page):
    _world()
    page.set_viewport_size(PHONE)
    page.goto("/mina-sidor/logga-in/")
    page.get_by_label("Språk").select_option("ar")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("heading", name="تسجيل الدخول إلى صفحاتي")).to_be_visible()
    _check(page, "ar", "rtl")

    page.get_by_label("البريد الإلكتروني أو رقم الجوال").fill("amina@example.se")
    page.get_by_role("button", name="أرسل الرمز").click()
    _check(page, "ar", "rtl")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert "رمزك لصفحاتي" in mail.outbox[-1].body  # the e-mail is in Arabic too
    page.get_by_label("الرمز").fill(code)
    page.get_by_role("button", name="تسجيل الدخول").click()

    expect(page.get_by_role("heading", name="مرحبًا Amina!")).to_be_visible()
    expect(page.get_by_text("Ett arbete inom handeln")).to_be_visible()  # staff's words stay
    # The activity's area as a pictogram with its name in words.
    expect(page.locator(".next-steps .activity-kind svg")).to_have_count(1)
    expect(page.locator(".next-steps .activity-kind")).to_have_text("عمل")
    _check(page, "ar", "rtl")
    assert Participant.objects.get(email="amina@example.se").page_language == "ar"

    page.goto("/mina-sidor/vem-har-tittat/")
    expect(page.get_by_role("heading", name="من اطّلع على بياناتي؟")).to_be_visible()
    expect(page.get_by_text("مدرّب عمل, Arbetsmarknadsenheten").first).to_be_visible()
    expect(page.get_by_text("قرأ: ملف")).to_be_visible()
    _check(page, "ar", "rtl")

    page.get_by_label("اللغة").select_option("ti")
    page.get_by_role("button", name="تغيير اللغة").click()
    expect(page.get_by_role("heading", name="ሓበሬታይ መን ረኣዮ?")).to_be_visible()
    _check(page, "ti", None)
    assert page.locator("html").get_attribute("dir") is None
    assert Participant.objects.get(email="amina@example.se").page_language == "ti"

    page.goto("/mina-sidor/")
    _check(page, "ti", None)


def test_the_public_application_form_in_arabic_on_a_phone(page):
    UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    page.set_viewport_size(PHONE)
    page.goto("/mina-sidor/ansok/")
    expect(page.get_by_role("heading", name="Ansök om stöd")).to_be_visible()
    _check(page, "sv", None)
    page.get_by_label("Språk").select_option("ar")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("heading", name="اطلب الدعم")).to_be_visible()
    page.get_by_role("button", name="أرسل الطلب").click()
    expect(page.get_by_text("اكتب رقمك الشخصي.").first).to_be_visible()
    _check(page, "ar", "rtl")
