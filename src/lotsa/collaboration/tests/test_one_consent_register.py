"""Issue 13 item 2: consent captured anywhere is one consent record, and the partner sees every
consented scope and nothing else, checked at the moment of reading."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.assessments.tests.factories import MappingFactory, assess, small_instrument
from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration import events, services
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.models import Consent
from lotsa.collaboration.queries import partner_meetings, partner_plan
from lotsa.collaboration.sections import PartnerAccess, partner_sections
from lotsa.collaboration.tests.factories import (
    ConsentFactory,
    MeetingFactory,
    PartnerFactory,
    partner_user,
)
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals import services as referral_services
from lotsa.referrals.models import Referral
from lotsa.referrals.tests.submissions import referral_form_data, referral_send
from lotsa.referrals.tests.towns import town
from lotsa.work import queries as work_queries
from lotsa.work.tests.factories import EmployerFactory, catalogue_install
from lotsa.work.tests.placing import employment_start

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    solvik = town("Solviks kommun")
    organisation, guideline = solvik.organisation, solvik.guideline
    referring, support = solvik.referring, solvik.support
    catalogue_install(organisation)
    af = PartnerFactory(organisation=organisation, name="Arbetsförmedlingen Solvik")
    born = TODAY.replace(year=TODAY.year - 40, day=1)
    return {
        "organisation": organisation,
        "guideline": guideline,
        "support": support,
        "af": af,
        "af_user": partner_user(af),
        "referrer": UserFactory(referrer=True, unit=referring),
        "manager": UserFactory(manager=True, unit=support),
        "coach": UserFactory(coach=True, unit=support, first_name="Cia", last_name="Coach"),
        "person": ParticipantFactory(
            unit=referring,
            personal_number=make_personnummer(born, 123).canonical,
            first_name="Vera",
            last_name="Vuxen",
        ),
    }


def _referral_form(world, **changes):
    return referral_form_data(
        world["guideline"],
        world["person"],
        world["support"],
        **{
            "consent_scopes": ["plan", "assessments", "placements"],
            "consent_given_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            **changes,
        },
    )


def _submit(world, **changes) -> Referral:
    values = {
        "consent_given_on": TODAY - datetime.timedelta(days=1),
        "consent_form": "verbal",
        **changes,
    }
    return referral_send(
        actor=world["referrer"],
        guideline=world["guideline"],
        participant=world["person"],
        receiving_unit=world["support"],
        **values,
    )


def _accept(world, referral):
    return referral_services.referral_accept(
        actor=world["manager"], referral=referral, coach=world["coach"], start_date=TODAY
    )


def _placement(case, employer, hours="30"):
    return employment_start(
        case,
        employer,
        starts_on=TODAY,
        hours_per_week=hours,
        grant_rate="75",
        supervisor="Kim Handledare",
        tasks="Plock och pack på lagret",
    )


# The journey ----------------------------------------------------------------------------------


def test_referral_consent_reaches_the_partner_with_exactly_its_scopes_until_revoked(client, world):
    person, af_user = world["person"], world["af_user"]
    # The referrer sends the referral with consent to Arbetsförmedlingen.
    client.force_login(world["referrer"])
    response = client.post(reverse("referrals:new"), _referral_form(world))
    assert response.status_code == 302
    referral = Referral.objects.get(participant=person)
    # The manager accepts it.
    client.force_login(world["manager"])
    response = client.post(
        reverse("referrals:decide", args=[referral.pk]),
        {
            "action": "accept",
            "accept-coach": world["coach"].pk,
            "accept-start_date": TODAY.isoformat(),
            "accept-version": referral.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    case = referral.case
    # The case shows the consent: no second registration.
    client.force_login(world["coach"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Inga samtycken gäller nu" not in page
    assert "Arbetsförmedlingen Solvik: Planen" in page
    assert "Från remissen" in page
    # The coach works on the case: a mapping, an assessment, a placement, a note and a meeting.
    MappingFactory(case=case, mapped_on=TODAY - datetime.timedelta(days=1))
    instrument = small_instrument(world["organisation"], areas=1, modules=1)
    assess(case, instrument, TODAY - datetime.timedelta(days=1), {"Modul 1.1": 3})
    assess(case, instrument, TODAY, {"Modul 1.1": 6})
    _placement(
        case, EmployerFactory(organisation=world["organisation"], name="Lagret AB", municipal=True)
    )
    MeetingFactory(case=case, meets_on=TODAY + datetime.timedelta(days=7), place="Hemligt rum")
    # The partner sees the person and exactly the consented scopes.
    client.force_login(af_user)
    listing = client.get(reverse("collaboration:partner_people")).content.decode()
    assert person.last_name in listing
    url = reverse("collaboration:partner_person", args=[person.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert [section.scope for section in response.context["view"].sections] == [
        "plan",
        "assessments",
        "placements",
    ]
    assert "Överenskomna åtgärder" in body  # plan
    assert "Kartläggning" in body and "Inskriven hos Arbetsförmedlingen" in body  # mapping
    assert "Stegförflyttning" in body and "+3" in body  # step change 3 → 6
    assert "Handledare: Kim Handledare" in body  # the placement section
    assert "28500" not in body and "28 500" not in body  # costs are not a scope
    assert "Hemligt rum" not in body  # meetings were not consented
    assert "visas inte här ännu" not in body
    assert person.personal_number not in body
    consent = Consent.objects.get(participant=person)
    record = AuditRecord.objects.filter(actor=af_user).latest("seq")
    assert record.object_id == str(consent.pk)
    assert record.changes == {
        "consents": [consent.pk],
        "scopes": ["plan", "assessments", "placements"],
    }
    # The coach revokes; the partner sees nothing.
    client.force_login(world["coach"])
    response = client.post(reverse("collaboration:consent_revoke", args=[consent.pk]))
    assert response.status_code == 302
    client.force_login(af_user)
    assert (
        person.last_name not in client.get(reverse("collaboration:partner_people")).content.decode()
    )
    refused = client.get(url)
    assert refused.status_code == 404
    assert "Lagret AB" not in refused.content.decode()


# 1. One record, wherever the consent was captured ----------------------------------------------


def test_accepting_a_referral_turns_its_consent_into_one_consent_record(world):
    given = []
    events.consent_given.hook(lambda sender, **kw: given.append(kw), uid="test-given")
    try:
        referral = _submit(world, consent_scopes=["plan", "notes"])
        assert not Consent.objects.exists()
        case = _accept(world, referral)
    finally:
        events.consent_given.disconnect(None, uid="test-given")
    consent = Consent.objects.get()
    assert list(consent.partners.all()) == [world["af"]]
    assert consent.scopes == ["plan", "notes"]
    assert consent.form == "verbal"
    assert consent.given_on == TODAY - datetime.timedelta(days=1)
    assert (consent.source, consent.referral, consent.registered_by) == (
        "referral",
        referral,
        world["referrer"],
    )
    assert consent.participant == case.participant
    assert [(kw["consent"], kw["actor"], kw["on"]) for kw in given] == [
        (consent, world["manager"], consent.given_on)
    ]
    record = AuditRecord.objects.get(object_type="collaboration.consent", action="create")
    assert record.summary.startswith(f"Samtycke från remiss {referral.pk} till Arbetsförmedlingen")


def test_a_party_with_no_partner_organisation_is_kept_and_said_plainly(client, world):
    referral = _submit(world, consent_parties=["arbetsformedlingen", "forsakringskassan"])
    case = _accept(world, referral)
    consent = Consent.objects.get()
    assert list(consent.partners.all()) == [world["af"]]
    assert consent.named_parties == ["arbetsformedlingen", "forsakringskassan"]
    assert consent.unmatched_party_labels == ["Försäkringskassan"]
    assert "Ingen samverkanspart i registret motsvarar Försäkringskassan" in consent.note
    client.force_login(world["coach"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ingen samverkanspart i registret motsvarar Försäkringskassan" in page


def test_two_partners_of_the_kind_named_match_neither(world):
    PartnerFactory(organisation=world["organisation"], name="Arbetsförmedlingen Norr")
    _accept(world, _submit(world))
    consent = Consent.objects.get()
    assert list(consent.partners.all()) == []
    assert consent.unmatched_party_labels == ["Arbetsförmedlingen"]


def test_a_referral_from_before_scopes_carries_over_and_shares_nothing(client, world):
    referral = _submit(world)
    Referral.objects.filter(pk=referral.pk).update(consent_scopes=[])
    referral.refresh_from_db()
    _accept(world, referral)
    consent = Consent.objects.get()
    assert consent.scopes == [] and "angav inte vad som får delas" in consent.note
    client.force_login(world["af_user"])
    listing = client.get(reverse("collaboration:partner_people")).content.decode()
    assert world["person"].last_name not in listing
    url = reverse("collaboration:partner_person", args=[world["person"].pk])
    assert client.get(url).status_code == 404


def test_a_referral_without_consent_makes_no_consent(world):
    _accept(
        world,
        _submit(
            world, consent_parties=[], consent_scopes=[], consent_given_on=None, consent_form=""
        ),
    )
    assert not Consent.objects.exists()


def test_consent_given_at_a_meeting_is_one_consent_to_the_partners_who_took_part(client, world):
    case = _accept(
        world,
        _submit(
            world, consent_parties=[], consent_scopes=[], consent_given_on=None, consent_form=""
        ),
    )
    client.force_login(world["coach"])
    response = client.post(
        reverse("collaboration:meeting_create", args=[case.pk]),
        {
            "kind": "sip",
            "meets_on": TODAY.isoformat(),
            "partners": [world["af"].pk],
            "consent_scopes": ["plan", "meetings"],
            "consent_form": "digital",
            "plan_version": case.plan_version,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    consent = Consent.objects.get()
    assert consent.source == "meeting" and consent.meeting is not None
    assert consent.meeting.case == case
    assert list(consent.partners.all()) == [world["af"]]
    assert consent.scopes == ["plan", "meetings"] and consent.form == "digital"
    assert consent.given_on == TODAY


def test_consent_at_a_booked_meeting_is_refused_at_the_field_and_nothing_is_saved(client, world):
    case = CaseFactory()
    af = PartnerFactory(organisation=case.organisation, name="AF")
    client.force_login(case.coach)
    response = client.post(
        reverse("collaboration:meeting_create", args=[case.pk]),
        {
            "kind": "sip",
            "meets_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "partners": [af.pk],
            "consent_scopes": ["plan"],
            "consent_form": "written",
            "plan_version": case.plan_version,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Ett samtycke som ges på mötet registreras när mötet har hållits." in (
        response.content.decode()
    )
    assert response.context["form"].errors["consent_scopes"]
    assert not Consent.objects.exists()
    assert not case.meetings.exists()


def test_consent_at_a_meeting_without_partners_rolls_the_meeting_back(client):
    case = CaseFactory()
    client.force_login(case.coach)
    response = client.post(
        reverse("collaboration:meeting_create", args=[case.pk]),
        {
            "kind": "three_party",
            "meets_on": TODAY.isoformat(),
            "consent_scopes": ["plan"],
            "consent_form": "verbal",
            "plan_version": case.plan_version,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["partners"] == ["Välj minst en samverkanspart."]
    assert not case.meetings.exists() and not Consent.objects.exists()


def test_revoking_and_expiry_are_announced_once():
    seen = []

    def remember(sender, *, consent, actor, on, **_):
        seen.append((consent.pk, actor, on))

    events.consent_revoked.hook(remember, uid="test-revoked")
    events.consent_expired.hook(remember, uid="test-expired")
    try:
        case = CaseFactory()
        af = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")
        kept = ConsentFactory(participant=case.participant, partners=[af])
        ended = ConsentFactory(
            participant=case.participant,
            partners=[af],
            given_on=TODAY - datetime.timedelta(days=40),
            valid_to=TODAY - datetime.timedelta(days=2),
        )
        services.consent_revoke(actor=case.coach, consent=kept)
        assert services.consents_mark_expired() == 1
        assert services.consents_mark_expired() == 0  # a second run announces nothing
    finally:
        events.consent_revoked.disconnect(None, uid="test-revoked")
        events.consent_expired.disconnect(None, uid="test-expired")
    assert seen == [
        (kept.pk, case.coach, TODAY),
        (ended.pk, None, TODAY - datetime.timedelta(days=1)),
    ]
    ended.refresh_from_db()
    assert ended.expiry_recorded_at is not None


# 2. The partner view: every consented scope, nothing else -------------------------------------


@pytest.fixture
def worked_case(world):
    case = _accept(
        world,
        _submit(
            world, consent_parties=[], consent_scopes=[], consent_given_on=None, consent_form=""
        ),
    )
    MappingFactory(case=case)
    instrument = small_instrument(world["organisation"], areas=1, modules=1)
    assess(case, instrument, TODAY, {"Modul 1.1": 4})
    _placement(
        case, EmployerFactory(organisation=world["organisation"], name="Lagret AB", municipal=True)
    )
    MeetingFactory(case=case, meets_on=TODAY + datetime.timedelta(days=7), place="Rum 4")
    return case


SCOPE_MARKS = {
    "plan": "Överenskomna åtgärder",
    "notes": "Inga signerade anteckningar.",
    "assessments": "Inskriven hos Arbetsförmedlingen",
    "placements": "Kim Handledare",
    "meetings": "Rum 4",
}


@pytest.mark.parametrize("scope", list(ConsentScope.values))
def test_the_partner_sees_a_consented_scope_and_no_other(client, world, worked_case, scope):
    ConsentFactory(
        participant=worked_case.participant,
        partners=[world["af"]],
        **{"shares_plan": False, f"shares_{scope}": True},
    )
    client.force_login(world["af_user"])
    body = client.get(
        reverse("collaboration:partner_person", args=[worked_case.participant.pk])
    ).content.decode()
    for other, mark in SCOPE_MARKS.items():
        assert (mark in body) == (other == scope), (other, mark)


def test_every_scope_has_a_section_in_the_partner_view():
    assert {source.scope for source in partner_sections} == set(ConsentScope.values)


def test_a_section_read_refuses_a_scope_it_was_not_checked_for(world, worked_case):
    wrong = PartnerAccess(
        partner=world["af"],
        participant=worked_case.participant,
        case=worked_case,
        scope=ConsentScope.PLAN,
        consent_ids=(1,),
        checked_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        work_queries.partner_placements(wrong)
    with pytest.raises(PermissionDenied):
        partner_meetings(wrong)
    partner_plan(wrong)  # the plan section may read the plan


def test_partner_view_runs_the_same_queries_however_much_the_case_holds(client, world, worked_case):
    ConsentFactory(
        participant=worked_case.participant,
        partners=[world["af"]],
        **{f"shares_{scope}": True for scope in ConsentScope.values},
    )
    client.force_login(world["af_user"])
    url = reverse("collaboration:partner_person", args=[worked_case.participant.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    employer = EmployerFactory(organisation=world["organisation"], name="Fler AB", municipal=True)
    for day in range(1, 4):
        MappingFactory(case=worked_case, mapped_on=TODAY - datetime.timedelta(days=day))
        MeetingFactory(case=worked_case, meets_on=TODAY - datetime.timedelta(days=day))
    _placement(worked_case, employer, hours="5")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


# 3. Protected identity: the coach is told plainly -----------------------------------------------


def test_registering_a_consent_for_a_protected_person_says_the_partner_sees_nothing(client):
    case = CaseFactory(participant__protected=True)
    af = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")
    client.force_login(case.coach)
    url = reverse("collaboration:consent_register", args=[case.participant.pk])
    form_page = client.get(url).content.decode()
    assert "Personen har skyddad identitet. Samverkansparten ser ingenting om personen" in form_page
    assert "inte namn och födelsedatum" in form_page
    response = client.post(
        url,
        {"partners": [af.pk], "scopes": ["plan"], "given_on": TODAY.isoformat(), "form": "written"},
        follow=True,
    )
    body = response.content.decode()
    assert "Samtycket är registrerat. Personen har skyddad identitet." in body
    assert "uppgifterna får bara lämnas till parten på annat säkert sätt" in body


def test_registering_a_consent_says_what_the_partner_will_and_will_not_see(client):
    case = CaseFactory()
    af = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")
    client.force_login(case.coach)
    response = client.post(
        reverse("collaboration:consent_register", args=[case.participant.pk]),
        {
            "partners": [af.pk],
            "scopes": ["plan", "placements"],
            "given_on": TODAY.isoformat(),
            "form": "digital",
        },
        follow=True,
    )
    body = response.content.decode()
    assert (
        "Samverkansparten ser: namn och födelsedatum, planen (mål, nästa steg, överenskomna "
        "åtgärder), praktik och anställningar. Inte: journalanteckningar" in body
    )


# 4. Bad input and stale pages ------------------------------------------------------------------


def test_registering_the_referral_consent_again_from_a_stale_page_is_refused(client, world):
    case = _accept(world, _submit(world))
    client.force_login(world["coach"])
    response = client.post(
        reverse("collaboration:consent_register", args=[case.participant.pk]),
        {
            "partners": [world["af"].pk],
            "scopes": ["plan"],
            "given_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "form": "verbal",
        },
    )
    assert response.status_code == 200
    assert "Samtycket finns redan (från remissen" in response.content.decode()
    assert Consent.objects.count() == 1


def test_revoking_from_a_stale_page_says_it_is_already_revoked(client):
    case = CaseFactory()
    af = PartnerFactory(organisation=case.organisation, name="Arbetsförmedlingen")
    consent = ConsentFactory(participant=case.participant, partners=[af])
    client.force_login(case.coach)
    url = reverse("collaboration:consent_revoke", args=[consent.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Samtycket är redan återkallat." in response.content.decode()


def test_referral_consent_without_scope_is_refused_at_the_field(client, world):
    client.force_login(world["referrer"])
    response = client.post(reverse("referrals:new"), _referral_form(world, consent_scopes=[]))
    assert response.status_code == 200
    assert "Välj vad parterna får ta del av." in response.content.decode()
    assert not Referral.objects.exists()
