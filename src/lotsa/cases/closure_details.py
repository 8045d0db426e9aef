"""What a closure to work or studies records for the national reports (docs/statistics.md).

Kolada's "resultat vid avslut" counts work (regular employment, subsidised or not, lasting at
least one continuous month; municipal labour-market employments do not count) and studies that
give the right to student finance (CSN). So a closure to work records when the employment began
and whether it is a municipal labour-market employment; a closure to studies records the form
of study and whether it is CSN-eligible. Other reasons record none of these. The closing page,
`case_close` and every report ask this module, so they cannot disagree about what is missing.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.cases.constants import WORK_REASONS, ClosureReason, StudyForm
from lotsa.core.dates import add_months, implausible_date_message, is_plausible_date

if TYPE_CHECKING:
    from lotsa.cases.models import Case

# How long after the closure an employment may begin and still be the closure's outcome.
EMPLOYMENT_START_AFTER_CLOSURE_MONTHS = 3

EMPLOYMENT_START_REQUIRED = gettext_lazy("Ange när anställningen började (eller börjar).")
MUNICIPAL_REQUIRED = gettext_lazy("Svara om det är en kommunal arbetsmarknadsanställning.")
STUDY_FORM_REQUIRED = gettext_lazy("Välj vilken sorts studier det är.")
CSN_REQUIRED = gettext_lazy("Svara om studierna ger rätt till studiemedel från CSN.")


@dataclass(frozen=True)
class ClosureDetails:
    employment_start: date | None = None
    municipal_employment: bool | None = None
    study_form: str = ""
    csn_eligible: bool | None = None

    @classmethod
    def of(cls, case: "Case") -> "ClosureDetails":
        return cls(
            employment_start=case.closure_employment_start,
            municipal_employment=case.closure_municipal_employment,
            study_form=case.closure_study_form,
            csn_eligible=case.closure_csn_eligible,
        )

    def for_reason(self, reason: str) -> "ClosureDetails":
        """Only what the reason asks for: a closure to other support keeps no employment."""
        if reason in WORK_REASONS:
            return ClosureDetails(
                employment_start=self.employment_start,
                municipal_employment=self.municipal_employment,
            )
        if reason == ClosureReason.STUDIES:
            return ClosureDetails(study_form=self.study_form, csn_eligible=self.csn_eligible)
        return ClosureDetails()


def closure_details_errors(
    reason: str, details: ClosureDetails, *, closed_on: date | None
) -> dict[str, str]:
    """Field → Swedish message for what `reason` needs and `details` lacks or gets wrong."""
    errors: dict[str, str] = {}
    if reason in WORK_REASONS:
        start = details.employment_start
        if start is None:
            errors["employment_start"] = str(EMPLOYMENT_START_REQUIRED)
        elif not is_plausible_date(start):
            errors["employment_start"] = implausible_date_message()
        elif closed_on is not None and start > add_months(
            closed_on, EMPLOYMENT_START_AFTER_CLOSURE_MONTHS
        ):
            errors["employment_start"] = _(
                "Anställningen måste börja senast tre månader efter avslutet (%(d)s)."
            ) % {"d": add_months(closed_on, EMPLOYMENT_START_AFTER_CLOSURE_MONTHS).isoformat()}
        if details.municipal_employment is None:
            errors["municipal_employment"] = str(MUNICIPAL_REQUIRED)
    elif reason == ClosureReason.STUDIES:
        if details.study_form not in StudyForm.values:
            errors["study_form"] = str(STUDY_FORM_REQUIRED)
        if details.csn_eligible is None:
            errors["csn_eligible"] = str(CSN_REQUIRED)
    return errors


def missing_closure_details(case: "Case") -> list[str]:
    """What a closed case lacks for the national reports, in words (empty: nothing).

    Closures recorded before these fields existed, or through an import, may lack them; the
    reports name such cases instead of guessing."""
    errors = closure_details_errors(case.closure_reason, ClosureDetails.of(case), closed_on=None)
    return [errors[key] for key in sorted(errors)]
