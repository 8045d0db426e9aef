"""A complete referral that meets the Danderyd guideline, as a referrer sends it: the referral
form's POST data and `referral_submit`, for any test's own world.

Every value a test asserts on is one it can pass (`**changes` replaces a field); the defaults
are the shortest answers the guideline accepts (target group "forsorjningsstod", both
questions answered yes, the work capacity investigated five days ago).
"""

import datetime

from django.utils import timezone

from lotsa.referrals import services as referral_services
from lotsa.referrals.models import Referral

ANSWERS = {"bor_i_kommunen": "yes", "aktuell_socialforvaltningen": "yes"}


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def referral_form_data(guideline, participant, receiving_unit, /, **changes) -> dict[str, object]:
    """The POST data of "Ny remiss" (and of its live evaluation); `changes` may replace any
    field, the participant and the receiving unit too."""
    group = guideline.target_groups.get(code="forsorjningsstod")
    data: dict[str, object] = {
        "participant": participant.pk,
        "receiving_unit": receiving_unit.pk,
        "target_groups": [group.pk],
        **{f"answer_{code}": answer for code, answer in ANSWERS.items()},
        "reason": "Vill ha stöd att hitta praktik.",
        "goal": "Arbete på deltid.",
        "work_capacity_investigated_on": _days_ago(5).isoformat(),
        "work_capacity_investigated_by": "Rita Remiss",
        "work_capacity_summary": "Kan arbeta halvtid.",
        "stability_since": "",
        "consent_parties": ["arbetsformedlingen"],
        "consent_scopes": ["plan"],
        "consent_given_on": timezone.localdate().isoformat(),
        "consent_form": "written",
        "free_text": "",
    }
    data.update(changes)
    return data


def referral_send(*, actor, guideline, participant, receiving_unit, **changes) -> Referral:
    """`referral_submit` by `actor` with the guideline's "forsorjningsstod" group."""
    values = {
        "actor": actor,
        "participant": participant,
        "receiving_unit": receiving_unit,
        "target_groups": [guideline.target_groups.get(code="forsorjningsstod")],
        "reason": "Vill arbeta.",
        "goal": "Arbete.",
        "work_capacity_investigated_on": _days_ago(5),
        "work_capacity_investigated_by": "Handläggaren",
        "work_capacity_summary": "Kan arbeta.",
        "consent_parties": ["arbetsformedlingen"],
        "consent_scopes": ["plan"],
        "consent_given_on": timezone.localdate(),
        "consent_form": "written",
        "answers": dict(ANSWERS),
    }
    values.update(changes)
    return referral_services.referral_submit(**values)
