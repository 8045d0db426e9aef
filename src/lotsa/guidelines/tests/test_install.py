"""Installing a guideline document: the Danderyd guideline as data, the loader and its command."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from lotsa.audit.models import AuditRecord
from lotsa.guidelines.constants import CriterionKind, Fact, VersionStatus
from lotsa.guidelines.models import Guideline, GuidelineVersion
from lotsa.guidelines.services import guideline_install
from lotsa.guidelines.tests.factories import DANDERYD_FILE, danderyd_data
from lotsa.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLISH_ON = datetime.date(2022, 6, 15)


def test_danderyd_guideline_installs_as_published_version_one():
    organisation = OrganisationFactory(name="Danderyds kommun")

    version = guideline_install(
        organisation=organisation, data=danderyd_data(), publish_on=PUBLISH_ON
    )

    version.refresh_from_db()
    assert version.number == 1
    assert version.status == VersionStatus.PUBLISHED
    assert version.effective_from == PUBLISH_ON
    assert version.published_at is not None
    assert version.priority_age_below == 29
    assert version.follow_up_interval_months == 3
    assert version.guideline.reference == "SN 2022/0094"
    assert version.guideline.organisation == organisation
    assert not version.guideline.uses_formal_decisions


def test_danderyd_target_groups_follow_the_guideline_text():
    version = guideline_install(
        organisation=OrganisationFactory(), data=danderyd_data(), publish_on=PUBLISH_ON
    )
    groups = {group.code: group for group in version.target_groups.all()}

    assert list(groups) == [
        "forsorjningsstod",
        "nyanlanda",
        "missbruk",
        "psykisk_funktionsvariation",
        "korttidskontrakt",
        "arbetsmarknadspolitisk_anstallning",
        "ungdomar_forsorjningsstod",
        "vuxna_studenter",
        "lss",
    ]
    assert {code for code, group in groups.items() if group.requires_stability} == {
        "missbruk",
        "psykisk_funktionsvariation",
    }
    assert {code for code, group in groups.items() if group.is_optional} == {"lss"}
    assert "SFS 2010:197" in groups["nyanlanda"].description


def test_danderyd_criteria_use_the_fact_vocabulary():
    version = guideline_install(
        organisation=OrganisationFactory(), data=danderyd_data(), publish_on=PUBLISH_ON
    )
    criteria = [(c.label, c.kind, c.fact, c.params) for c in version.criteria.all()]

    assert criteria == [
        ("Bor i kommunen", CriterionKind.QUESTION, "", {}),
        ("Aktuell inom socialförvaltningen", CriterionKind.QUESTION, "", {}),
        ("Tillhör riktlinjens målgrupp", CriterionKind.FACT, Fact.IN_TARGET_GROUP, {}),
        ("Arbetsförmågan är utredd", CriterionKind.FACT, Fact.WORK_CAPACITY_INVESTIGATED, {}),
        (
            "Dokumenterad stabilitet i minst tre månader",
            CriterionKind.FACT,
            Fact.MONTHS_SINCE_STABILITY,
            {"months": 3},
        ),
        ("Aktuell inom en målgrupp", CriterionKind.FACT, Fact.SINGLE_TARGET_GROUP, {}),
    ]


def test_installation_is_audited_without_a_user():
    version = guideline_install(
        organisation=OrganisationFactory(), data=danderyd_data(), publish_on=PUBLISH_ON
    )

    record = AuditRecord.objects.get(object_type="guidelines.guidelineversion")
    assert record.actor is None
    assert record.action == "create"
    assert record.object_id == str(version.pk)
    assert "Handläggning av insats Arbetscoach" in record.summary


def test_the_same_guideline_cannot_be_installed_twice():
    organisation = OrganisationFactory()
    guideline_install(organisation=organisation, data=danderyd_data(), publish_on=PUBLISH_ON)

    with pytest.raises(ValidationError, match="finns redan"):
        guideline_install(organisation=organisation, data=danderyd_data(), publish_on=PUBLISH_ON)
    assert GuidelineVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["criteria"][2].update(fact="shoe_size"), "okänd uppgift shoe_size"),
        (lambda d: d["criteria"][0].update(kind="magic"), "okänd typ magic"),
        (lambda d: d["target_groups"].append(dict(d["target_groups"][0])), "finns två gånger"),
        (lambda d: d["target_groups"][0].update(colour="blue"), "okända uppgifter: colour"),
        (lambda d: d.update(criteria=[]), "saknar kriterier"),
        (lambda d: d.update(name=" "), "saknar namn"),
    ],
)
def test_a_broken_document_is_refused_with_a_swedish_reason_and_nothing_saved(change, message):
    data = danderyd_data()
    change(data)

    with pytest.raises(ValidationError, match=message):
        guideline_install(organisation=OrganisationFactory(), data=data, publish_on=PUBLISH_ON)
    assert not Guideline.objects.exists()


def test_install_command_loads_the_shipped_file():
    organisation = OrganisationFactory(name="Danderyds kommun")
    out = StringIO()

    call_command(
        "install_guideline",
        "Danderyds kommun",
        str(DANDERYD_FILE),
        "--publish-on",
        "2022-06-15",
        stdout=out,
    )

    version = GuidelineVersion.objects.get(guideline__organisation=organisation)
    assert version.effective_from == PUBLISH_ON
    assert "9 målgrupper, 6 kriterier" in out.getvalue()


def test_install_command_names_an_unknown_organisation():
    with pytest.raises(CommandError, match="Ingenstans kommun"):
        call_command("install_guideline", "Ingenstans kommun", str(DANDERYD_FILE))


def test_install_command_reports_an_invalid_document(tmp_path):
    OrganisationFactory(name="Danderyds kommun")
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "Trasig", "target_groups": [], "criteria": []}', encoding="utf-8")

    with pytest.raises(CommandError, match="saknar målgrupper"):
        call_command("install_guideline", "Danderyds kommun", str(broken))
    assert not Guideline.objects.exists()
