import pytest
from django.utils import timezone

from lotsa.api.models import ExternalReferral
from lotsa.api.tests.conftest import TokenClient, referral_body
from lotsa.audit.models import AuditRecord
from lotsa.collaboration.models import Consent
from lotsa.collaboration.tests.factories import PartnerFactory
from lotsa.people.services import participant_register
from lotsa.referrals import services as referral_services
from lotsa.referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


@pytest.fixture
def newcomer(world):
    from lotsa.api.tests.conftest import personnummer

    return participant_register(
        actor=world["sender"]["account"].user,
        personal_number=personnummer(22, 543),
        first_name="Ung",
        last_name="Nykomling",
    )


def test_send_a_referral_and_get_the_eligibility_as_on_the_page(world, sender, newcomer):
    response = sender.call("post", URL, referral_body(world, newcomer, external_id="SoC-1"))
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.referrer == world["sender"]["account"].user
    assert body["external_id"] == "SoC-1"
    assert body["status"] == "submitted"
    assert body["eligibility"] == referral.eligibility == "met"
    assert body["is_priority"] is True  # 22 years old: young people first
    assert [group["code"] for group in body["target_groups"]] == ["forsorjningsstod"]
    assert AuditRecord.objects.filter(action="create", object_id=str(referral.pk)).exists()
    eligibility = sender.call("get", f"{URL}{referral.pk}/eligibility/").json()
    assert eligibility["outcome"] == "met"
    assert eligibility["results"] == referral.eligibility_results
    assert eligibility["guideline_version"] == referral.guideline_version.number


def test_a_retry_with_the_same_external_id_does_not_refer_twice(world, sender, newcomer):
    first = sender.call("post", URL, referral_body(world, newcomer, external_id="SoC-2"))
    again = sender.call("post", URL, referral_body(world, newcomer, external_id="SoC-2"))
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Referral.objects.filter(participant=newcomer).count() == 1
    listed = sender.call("get", URL, {"external_id": "SoC-2"}).json()["items"]
    assert [item["id"] for item in listed] == [first.json()["id"]]


def test_an_external_id_of_a_referral_the_account_cannot_see_is_a_conflict(world, sender, newcomer):
    ExternalReferral.objects.create(
        organisation=world["organisation"],
        external_id="SoC-3",
        referral=world["referral"],
        service_account=world["reader"]["account"],
    )
    other_sender = TokenClient(world["only referrals:write"]["token"])
    response = other_sender.call("post", URL, referral_body(world, newcomer, external_id="SoC-3"))
    assert response.status_code == 409
    assert response.json()["error"]["fields"]["external_id"]
    assert not Referral.objects.filter(participant=newcomer).exists()


def test_missing_answers_are_refused_by_field_and_nothing_is_saved(world, sender, newcomer):
    response = sender.call("post", URL, referral_body(world, newcomer, answers={}, reason=""))
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["reason"] == ["Skriv varför personen remitteras."]
    assert "answers.bor_i_kommunen" in fields
    assert not Referral.objects.filter(participant=newcomer).exists()


def test_unknown_target_group_unit_and_person(world, sender, newcomer):
    response = sender.call(
        "post",
        URL,
        referral_body(
            world,
            world["protected"],
            target_groups=["finns_inte"],
            receiving_unit_id=world["other"]["account"].user.unit_id,
        ),
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"participant_id", "receiving_unit_id", "target_groups"}
    assert "Skyddadsson" not in response.content.decode()


def test_a_second_pending_referral_is_refused(world, sender, newcomer):
    assert sender.call("post", URL, referral_body(world, newcomer)).status_code == 201
    again = sender.call("post", URL, referral_body(world, newcomer))
    assert again.status_code == 400
    assert "väntar på besked" in again.json()["error"]["message"]


def test_a_manager_account_may_not_send_referrals(world, reader):
    """Only referrers refer (referrals.policy): a manager account with the scope gets 403."""
    before = Referral.objects.count()
    response = reader.call("post", URL, referral_body(world, world["own"]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert Referral.objects.count() == before


def test_read_referrals(world, sender, reader):
    mine = sender.call("get", URL).json()
    assert [item["id"] for item in mine["items"]] == [world["referral"].pk]
    assert mine["items"][0]["case_id"] == world["case"].pk
    # The manager account of the receiving unit sees the referrals to its unit.
    assert reader.call("get", f"{URL}{world['referral'].pk}/").status_code == 200
    other = TokenClient(world["other"]["token"])
    assert other.call("get", f"{URL}{world['referral'].pk}/").status_code == 404
    assert other.call("get", f"{URL}{world['referral'].pk}/eligibility/").status_code == 404


def test_options_name_what_a_referral_needs(world, sender):
    body = sender.call("get", f"{URL}options/").json()
    assert body["guideline_version"] == 1
    assert [unit["name"] for unit in body["receiving_units"]] == ["Arbetsmarknadsenheten"]
    assert "forsorjningsstod" in [group["code"] for group in body["target_groups"]]
    assert {q["code"] for q in body["questions"]} >= {"bor_i_kommunen"}
    assert body["consent_scopes"] == ["plan", "notes", "assessments", "placements", "meetings"]
    assert "digital" in body["consent_forms"]


def test_consent_sent_with_a_referral_becomes_a_consent_record_when_the_case_opens(
    world, sender, newcomer
):

    af = PartnerFactory(organisation=world["organisation"], name="Arbetsförmedlingen Apiby")
    body = referral_body(world, newcomer, consent_scopes=["plan", "placements"])
    response = sender.call("post", URL, body)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(pk=response.json()["id"])
    assert referral.consent_scopes == ["plan", "placements"]
    assert not Consent.objects.filter(participant=newcomer).exists()
    referral_services.referral_accept(
        actor=world["manager"],
        referral=referral,
        coach=world["coach"],
        start_date=timezone.localdate(),
    )
    consent = Consent.objects.get(participant=newcomer)
    assert list(consent.partners.all()) == [af]
    assert consent.scopes == ["plan", "placements"]
    assert consent.source == "referral" and consent.referral_id == referral.pk
    assert consent.form == "written"


def test_consent_parties_without_what_they_may_read_are_refused_at_the_field(
    world, sender, newcomer
):
    response = sender.call("post", URL, referral_body(world, newcomer, consent_scopes=[]))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["consent_scopes"] == [
        "Välj vad parterna får ta del av."
    ]
    assert not Referral.objects.filter(participant=newcomer).exists()
