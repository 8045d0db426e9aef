"""The guideline editor: administrators draft, change and publish; a published version is frozen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.guidelines import services
from lotsa.guidelines.constants import Combine, CriterionKind, Fact, VersionStatus
from lotsa.guidelines.models import Criterion, GuidelineVersion
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(administrator=True, unit=None, organisation=OrganisationFactory())


def _draft(administrator) -> GuidelineVersion:
    guideline = services.guideline_create(actor=administrator, name="Stöd till arbete")
    draft = services.guideline_version_draft_create(actor=administrator, guideline=guideline)
    services.target_group_save(
        actor=administrator, version=draft, code="lss_personkrets_1", name="Personkrets 1"
    )
    return draft


def _fact(administrator, draft, **params):
    return services.criterion_save(
        actor=administrator,
        version=draft,
        code="alder",
        label="Yrkesverksam ålder",
        kind=CriterionKind.FACT,
        fact=Fact.AGE_BETWEEN,
        params=params,
    )


def _target_group_criterion(administrator, draft, code):
    """The draft's criterion "Personkrets": the person is in the target group `code`."""
    return services.criterion_save(
        actor=administrator,
        version=draft,
        code="pk",
        label="Personkrets",
        kind="fact",
        fact=Fact.IN_LISTED_TARGET_GROUP,
        params={"codes": [code]},
    )


def test_administrator_builds_and_publishes_a_guideline_with_audit(administrator):
    draft = _draft(administrator)
    services.guideline_version_update(
        actor=administrator,
        version=draft,
        time_limit_months=4,
        combine=Combine.ANY,
        standard_motivation="Motivering.",
        rejection_information="Information.",
    )
    services.criterion_save(
        actor=administrator, version=draft, code="onskan", label="Önskan", kind="question"
    )
    _fact(administrator, draft, min=18, max=64)

    services.guideline_version_publish(
        actor=administrator, version=draft, effective_from=datetime.date(2026, 1, 1)
    )

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert (draft.time_limit_months, draft.combine) == (4, Combine.ANY)
    assert list(draft.criteria.values_list("code", flat=True)) == ["onskan", "alder"]
    assert AuditRecord.objects.filter(actor=administrator).count() >= 6


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min": 70, "max": 18}, "Lägsta ålder kan inte vara högre än högsta ålder."),
        ({}, "Ange en lägsta eller högsta ålder."),
        ({"months": 3}, "Okända parametrar för uppgiften: months."),
        ({"min": -1}, "Åldern ska vara ett heltal mellan 0 och 130."),
    ],
)
def test_fact_criterion_with_bad_parameters_is_refused(administrator, params, message):
    draft = _draft(administrator)

    with pytest.raises(ValidationError) as refused:
        _fact(administrator, draft, **params)

    assert message in refused.value.messages
    assert not Criterion.objects.filter(version=draft).exists()


def test_criterion_naming_a_missing_fact_or_target_group_is_refused(administrator):
    draft = _draft(administrator)

    with pytest.raises(ValidationError) as missing_fact:
        services.criterion_save(
            actor=administrator, version=draft, code="x", label="X", kind="fact", fact="skonummer"
        )
    with pytest.raises(ValidationError) as missing_group:
        _target_group_criterion(administrator, draft, "lss_personkrets_9")

    assert "Uppgiften skonummer finns inte." in missing_fact.value.messages
    assert "Målgruppen finns inte i versionen: lss_personkrets_9." in missing_group.value.messages


def test_a_target_group_a_criterion_names_cannot_be_removed(administrator):
    draft = _draft(administrator)
    _target_group_criterion(administrator, draft, "lss_personkrets_1")

    with pytest.raises(ValidationError, match="hänvisar till målgruppen"):
        services.target_group_remove(actor=administrator, target_group=draft.target_groups.get())


def test_rows_move_up_and_down(administrator):
    draft = _draft(administrator)
    for code in ("a", "b", "c"):
        services.criterion_save(
            actor=administrator, version=draft, code=code, label=code.upper(), kind="question"
        )

    services.version_row_move(actor=administrator, row=draft.criteria.get(code="c"), up=True)
    services.version_row_move(actor=administrator, row=draft.criteria.get(code="a"), up=False)

    order = list(draft.criteria.order_by("position").values_list("code", flat=True))
    assert order == ["c", "a", "b"]


def test_every_edit_of_a_published_version_is_refused(administrator):
    version = danderyd_install(administrator.organisation)
    criterion = version.criteria.first()
    group = version.target_groups.first()
    attempts = [
        lambda: services.guideline_version_update(
            actor=administrator, version=version, time_limit_months=6
        ),
        lambda: services.target_group_save(
            actor=administrator, version=version, code="ny", name="Ny"
        ),
        lambda: services.target_group_save(
            actor=administrator, version=version, target_group=group, code=group.code, name="X"
        ),
        lambda: services.target_group_remove(actor=administrator, target_group=group),
        lambda: services.criterion_save(
            actor=administrator, version=version, code="ny", label="Ny", kind="question"
        ),
        lambda: services.criterion_save(
            actor=administrator,
            version=version,
            criterion=criterion,
            code=criterion.code,
            label="Ändrad",
            kind="question",
        ),
        lambda: services.criterion_remove(actor=administrator, criterion=criterion),
        lambda: services.version_row_move(actor=administrator, row=criterion, up=False),
        lambda: services.guideline_version_publish(
            actor=administrator, version=version, effective_from=datetime.date(2030, 1, 1)
        ),
    ]

    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "kan inte ändras" in " ".join(refused.value.messages)

    criterion.refresh_from_db()
    assert criterion.label != "Ändrad"
    assert version.criteria.count() == 6


def test_a_published_version_is_copied_into_a_new_draft_with_its_texts(administrator):
    version = danderyd_install(administrator.organisation)

    draft = services.guideline_version_draft_from(actor=administrator, version=version)

    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    assert draft.criteria.count() == version.criteria.count()


def test_only_administrators_of_the_organisation_may_edit(administrator):
    draft = _draft(administrator)
    coach = UserFactory(coach=True)
    foreign_administrator = UserFactory(administrator=True, unit=None)

    for actor in (coach, foreign_administrator):
        with pytest.raises(PermissionDenied):
            services.criterion_save(
                actor=actor, version=draft, code="x", label="X", kind="question"
            )


def test_the_editor_refuses_a_posted_edit_of_a_published_version(client, administrator):
    version = danderyd_install(administrator.organisation)
    criterion = version.criteria.get(code="bor_i_kommunen")
    client.force_login(administrator)

    response = client.post(
        reverse("guidelines:criterion_edit", args=[criterion.pk]),
        {"code": criterion.code, "label": "Ändrad", "kind": "question"},
    )

    assert response.status_code == 200
    assert "Versionen är publicerad och kan inte ändras." in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.label == "Bor i kommunen"


def test_the_guideline_list_is_a_constant_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    danderyd_install(administrator.organisation)
    _draft(administrator)
    client.force_login(administrator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("guidelines:list"))

    assert response.status_code == 200
    assert "Handläggning av insats Arbetscoach" in response.content.decode()


def test_publishing_refuses_a_fact_criterion_whose_parameters_went_bad(administrator):
    draft = _draft(administrator)
    _fact(administrator, draft, min=18, max=64)
    Criterion.objects.filter(version=draft).update(params={"min": 70, "max": 18})

    with pytest.raises(ValidationError, match="Lägsta ålder kan inte vara högre"):
        services.guideline_version_publish(
            actor=administrator, version=draft, effective_from=datetime.date(2026, 1, 1)
        )


def test_posting_settings_of_a_published_version_shows_the_refusal(client, administrator):
    version = danderyd_install(administrator.organisation)
    client.force_login(administrator)

    response = client.post(
        reverse("guidelines:version", args=[version.pk]),
        {"follow_up_interval_months": 6, "combine": "all"},
    )

    assert "Versionen är publicerad och kan inte ändras." in response.content.decode()
    version.refresh_from_db()
    assert version.follow_up_interval_months == 3


def test_longest_period_shorter_than_the_time_limit_is_refused(administrator) -> None:
    draft = _draft(administrator)
    with pytest.raises(ValidationError) as refused:
        services.guideline_version_update(
            actor=administrator,
            version=draft,
            time_limit_months=24,
            max_months_without_special_reasons=12,
        )
    assert "max_months_without_special_reasons" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.max_months_without_special_reasons is None


def test_too_long_settings_are_refused_next_to_the_field(administrator) -> None:
    draft = _draft(administrator)
    with pytest.raises(ValidationError) as refused:
        services.guideline_version_update(
            actor=administrator, version=draft, consultation_with="x" * 201
        )
    assert refused.value.message_dict == {"consultation_with": ["Högst 200 tecken."]}
