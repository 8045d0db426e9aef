"""What a closure to work or studies records for the national reports (cases.closure_details)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.cases import services
from lotsa.cases.closure_details import ClosureDetails, missing_closure_details
from lotsa.cases.constants import ClosureReason, StudyForm
from lotsa.cases.models import Case
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _case() -> Case:
    return CaseFactory(start_date=today() - datetime.timedelta(days=200))


def test_the_closing_page_asks_what_the_reason_needs_and_says_what_is_missing(client):
    case = _case()
    client.force_login(case.coach)
    url = reverse("cases:close", args=[case.pk])
    page = client.get(url).content.decode()
    for name in ("employment_start", "municipal_employment", "study_form", "csn_eligible"):
        assert f'name="close-{name}"' in page
    day = today().isoformat()
    response = client.post(
        url, {"close-reason": ClosureReason.WORK_SUBSIDISED, "close-closed_on": day}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "employment_start": ["Ange när anställningen började (eller börjar)."],
        "municipal_employment": ["Svara om det är en kommunal arbetsmarknadsanställning."],
    }
    response = client.post(url, {"close-reason": ClosureReason.STUDIES, "close-closed_on": day})
    assert response.context["form"].errors == {
        "study_form": ["Välj vilken sorts studier det är."],
        "csn_eligible": ["Svara om studierna ger rätt till studiemedel från CSN."],
    }
    assert Case.objects.get(pk=case.pk).closed_on is None  # nothing half-saved
    done = client.post(
        url,
        {
            "close-reason": ClosureReason.STUDIES,
            "close-closed_on": day,
            "close-study_form": StudyForm.FOLKHOGSKOLA,
            "close-csn_eligible": "no",
            # Work answers left over from another choice are not kept for studies.
            "close-municipal_employment": "yes",
        },
    )
    assert done.status_code == 302
    closed = Case.objects.get(pk=case.pk)
    assert (closed.closure_study_form, closed.closure_csn_eligible) == ("folkhogskola", False)
    assert closed.closure_municipal_employment is None
    assert missing_closure_details(closed) == []


def test_an_employment_may_not_begin_long_after_the_closure():
    case = _case()
    closed_on = today() - datetime.timedelta(days=120)
    with pytest.raises(ValidationError) as raised:
        services.case_close(
            actor=case.coach,
            case=case,
            reason=ClosureReason.WORK_UNSUBSIDISED,
            closed_on=closed_on,
            details=ClosureDetails(
                employment_start=closed_on + datetime.timedelta(days=100),
                municipal_employment=False,
            ),
        )
    assert "senast tre månader efter avslutet" in raised.value.message_dict["employment_start"][0]


def test_reopening_forgets_the_closure_details_and_an_old_closure_lacks_them():
    case = _case()
    services.case_close(
        actor=case.coach,
        case=case,
        reason=ClosureReason.WORK_UNSUBSIDISED,
        closed_on=today(),
        details=ClosureDetails(employment_start=today(), municipal_employment=True),
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.closure_employment_start, stored.closure_municipal_employment) == (today(), True)
    manager = UserFactory(manager=True, unit=case.unit)
    services.case_reopen(actor=manager, case=stored, reason="Anställningen tog slut")
    stored = Case.objects.get(pk=case.pk)
    assert stored.closure_employment_start is None and stored.closure_municipal_employment is None
    # Closed without details (an import, or before the fields existed): the reports say so.
    services.case_close(
        actor=case.coach, case=stored, reason=ClosureReason.WORK_SUBSIDISED, closed_on=today()
    )
    assert missing_closure_details(Case.objects.get(pk=case.pk)) == [
        "Ange när anställningen började (eller börjar).",
        "Svara om det är en kommunal arbetsmarknadsanställning.",
    ]
