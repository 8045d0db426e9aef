"""The decision letter in words the person reads: "du", and why each unmet criterion is unmet.

Guidelines word their criteria about "den enskilde"; the letter says the same thing to the
person ("Du ska vara i yrkesverksam ålder.") and, for each criterion that is not met, explains
in plain words what was missing — from the criterion's own parameters and the facts the
application was evaluated on (its received date), not from the officer's shorthand.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lotsa.decisions.models import Decision
from lotsa.guidelines.constants import Eligibility, Fact
from lotsa.guidelines.models import Criterion
from lotsa.people.personnummer import age_on

# Third person as guidelines write it -> second person, in order (longest first).
_TO_YOU = (
    (re.compile(r"\bDen enskildes\b"), "Dina"),
    (re.compile(r"\bden enskildes\b"), "dina"),
    (re.compile(r"\bDen enskilde\b"), "Du"),
    (re.compile(r"\bden enskilde\b"), "du"),
    (re.compile(r"\bPersonens\b"), "Dina"),
    (re.compile(r"\bpersonens\b"), "dina"),
    (re.compile(r"\bPersonen\b"), "Du"),
    (re.compile(r"\bpersonen\b"), "du"),
    (re.compile(r"\bhen\b"), "du"),
)


def to_you(text: str) -> str:
    """A guideline's sentence about "den enskilde" said to the person, with "du"."""
    for pattern, replacement in _TO_YOU:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class LetterCriterion:
    requirement: str  # what the guideline asks, said to the person
    outcome: str  # "met", "not_met" or "needs_assessment"
    verdict: str  # "Det stämmer för dig." …
    explanation: str  # why, in plain words (for a met criterion: what it rests on, if noted)

    @property
    def is_met(self) -> bool:
        return self.outcome == Eligibility.MET


def letter_criteria(decision: Decision) -> list[LetterCriterion]:
    """The decision's criteria as the letter tells them (one query for the criteria)."""
    criteria = {c.code: c for c in Criterion.objects.filter(version=decision.guideline_version)}
    return [
        _letter_criterion(decision, result, criteria.get(str(result.get("code", ""))))
        for result in decision.criteria_results
    ]


def _letter_criterion(
    decision: Decision, result: dict[str, Any], criterion: Criterion | None
) -> LetterCriterion:
    outcome = str(result.get("outcome", ""))
    requirement = to_you(str(result.get("label", "")))
    comment = str(result.get("comment", "")).strip()
    if outcome == Eligibility.MET:
        return LetterCriterion(requirement, outcome, _("Det stämmer för dig."), to_you(comment))
    if outcome == Eligibility.NOT_MET:
        return LetterCriterion(
            requirement,
            outcome,
            _("Det stämmer inte för dig."),
            _why_not_met(decision, result, criterion, comment),
        )
    verdict = _("Vi har gjort en individuell bedömning.")
    return LetterCriterion(requirement, Eligibility.NEEDS_ASSESSMENT, verdict, to_you(comment))


def _why_not_met(
    decision: Decision, result: dict[str, Any], criterion: Criterion | None, comment: str
) -> str:
    fact = criterion.fact if criterion is not None else ""
    params = criterion.params if criterion is not None else {}
    application = decision.application
    if fact == Fact.AGE_BETWEEN and decision.participant.birth_date is not None:
        age = age_on(decision.participant.birth_date, application.received_on)
        low, high = params.get("min"), params.get("max")
        if low is not None and high is not None:
            limits = _("Stödet är för dig som är %(low)s–%(high)s år.") % {
                "low": low,
                "high": high,
            }
        elif low is not None:
            limits = _("Stödet är för dig som har fyllt %(low)s år.") % {"low": low}
        else:
            limits = _("Stödet är för dig som är högst %(high)s år.") % {"high": high}
        return _("Du var %(age)s år när du ansökte. %(limits)s") % {"age": age, "limits": limits}
    if fact == Fact.IN_LISTED_TARGET_GROUP:
        codes = [str(code) for code in params.get("codes", [])]
        names = list(
            decision.guideline_version.target_groups.filter(code__in=codes).values_list(
                "name", flat=True
            )
        )
        return _(
            "Stödet är för dig som tillhör %(groups)s. Vi har inte kunnat se att du gör det."
        ) % {"groups": _(" eller ").join(names) or _("de grupper riktlinjen nämner")}
    if fact == Fact.IN_TARGET_GROUP:
        return _("Du tillhör ingen av de grupper som stödet är till för.")
    if fact == Fact.MONTHS_SINCE_STABILITY:
        return _(
            "Stödet kräver att din situation har varit stabil i minst %(months)s månader, och "
            "det har den inte varit ännu. Du kan ansöka igen när den har varit det."
        ) % {"months": params.get("months", 3)}
    if fact == Fact.WORK_CAPACITY_INVESTIGATED:
        return _(
            "Din arbetsförmåga behöver vara utredd innan du kan få stödet, och det är den inte."
        )
    if fact == Fact.CONSENT_GIVEN:
        return _("Vi behöver ditt samtycke för att kunna ge stödet, och du har inte gett det.")
    # A question the officer answered "no": the officer's own words say why.
    if comment:
        return _("Så här har vi bedömt det: %(comment)s") % {"comment": to_you(comment)}
    return _("Vi har bedömt att det inte stämmer in på dig just nu.")
