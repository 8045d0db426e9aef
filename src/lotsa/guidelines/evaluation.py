"""Evaluate a guideline version's criteria against the facts of a referral.

Pure functions over plain data, so the rules can be tested exhaustively (Hypothesis) and the
same evaluation runs while the referrer types and when the referral is submitted.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from lotsa.core.dates import add_months
from lotsa.guidelines.constants import Answer, Combine, CriterionKind, Eligibility, Fact
from lotsa.people.personnummer import age_on


@dataclass(frozen=True)
class TargetGroupSpec:
    code: str
    name: str
    requires_stability: bool = False
    # Admitted only "vid utrymme och efterfrågan": never plainly met (see `_room_and_demand`).
    is_conditional: bool = False


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    label: str
    kind: str
    fact: str = ""
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """What the referral says, as the evaluation needs it."""

    on: date
    birth_date: date | None = None
    target_group_codes: frozenset[str] = frozenset()
    answers: dict[str, str] = field(default_factory=dict)
    work_capacity_investigated_on: date | None = None
    work_capacity_investigated_by: str = ""
    work_capacity_summary: str = ""
    stability_since: date | None = None
    consent_given: bool = False
    # The receiving unit's assessment of room and demand, for target groups admitted only
    # when there is room and demand: True, False, or None while the unit has not assessed it.
    room_and_demand: bool | None = None


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    eligibility: str  # stored (and sent by the API) under the key "outcome"
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label": self.label,
            "outcome": self.eligibility,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Evaluation:
    eligibility: str
    results: tuple[CriterionResult, ...]
    is_priority: bool

    def as_list(self) -> list[dict[str, str]]:
        return [result.as_dict() for result in self.results]


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (negative if `end` is earlier).

    The largest n with add_months(start, n) <= end, so it agrees with how follow-ups are
    scheduled: three months from 31 January is 30 April (the month's last day).
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def combine(outcomes: Iterable[str], mode: str = Combine.ALL) -> str:
    """Combine criterion outcomes into one.

    'all': any 'not met' wins, then any 'needs assessment', else 'met'.
    'any': any 'met' wins, then any 'needs assessment', else 'not met' (also when empty).
    """
    seen = set(outcomes)
    if mode == Combine.ANY:
        if Eligibility.MET in seen:
            return Eligibility.MET
        if Eligibility.NEEDS_ASSESSMENT in seen:
            return Eligibility.NEEDS_ASSESSMENT
        return Eligibility.NOT_MET
    if Eligibility.NOT_MET in seen:
        return Eligibility.NOT_MET
    if Eligibility.NEEDS_ASSESSMENT in seen:
        return Eligibility.NEEDS_ASSESSMENT
    return Eligibility.MET


def evaluate(
    *,
    criteria: Sequence[CriterionSpec],
    target_groups: Sequence[TargetGroupSpec],
    facts: Facts,
    priority_age_below: int | None = None,
    combine_mode: str = Combine.ALL,
) -> Evaluation:
    """Evaluate every criterion; the overall outcome follows `combine` in `combine_mode`."""
    groups = {group.code: group for group in target_groups}
    results = tuple(_evaluate_one(criterion, groups, facts) for criterion in criteria)
    outcome = combine((result.eligibility for result in results), combine_mode)
    # Priority orders those who may get the support; a referral that is not met is not first.
    is_priority = bool(
        outcome != Eligibility.NOT_MET
        and priority_age_below is not None
        and facts.birth_date is not None
        and age_on(facts.birth_date, facts.on) < priority_age_below
    )
    return Evaluation(eligibility=outcome, results=results, is_priority=is_priority)


def _result(criterion: CriterionSpec, outcome: str, reason: str) -> CriterionResult:
    return CriterionResult(criterion.code, criterion.label, outcome, reason)


def _evaluate_one(
    criterion: CriterionSpec, groups: dict[str, TargetGroupSpec], facts: Facts
) -> CriterionResult:
    if criterion.kind == CriterionKind.INDIVIDUAL_ASSESSMENT:
        return _result(
            criterion, Eligibility.NEEDS_ASSESSMENT, _("Bedöms individuellt av handläggaren.")
        )
    if criterion.kind == CriterionKind.QUESTION:
        answer = facts.answers.get(criterion.code, "")
        if answer == Answer.YES:
            return _result(criterion, Eligibility.MET, _("Besvarat med ja."))
        if answer == Answer.NO:
            return _result(criterion, Eligibility.NOT_MET, _("Besvarat med nej."))
        if answer == Answer.UNCLEAR:
            return _result(criterion, Eligibility.NEEDS_ASSESSMENT, _("Besvarat som oklart."))
        return _result(criterion, Eligibility.NEEDS_ASSESSMENT, _("Frågan är inte besvarad."))
    return _evaluate_fact(criterion, groups, facts)


def _evaluate_fact(
    criterion: CriterionSpec, groups: dict[str, TargetGroupSpec], facts: Facts
) -> CriterionResult:
    chosen = [groups[code] for code in sorted(facts.target_group_codes) if code in groups]
    fact = criterion.fact
    if fact == Fact.IN_TARGET_GROUP:
        if chosen and all(group.is_conditional for group in chosen):
            return _room_and_demand(criterion, chosen, facts)
        if chosen:
            names = ", ".join(group.name for group in chosen)
            return _result(criterion, Eligibility.MET, _("Målgrupp: %(names)s.") % {"names": names})
        return _result(
            criterion, Eligibility.NOT_MET, _("Ingen av riktlinjens målgrupper är vald.")
        )
    if fact == Fact.SINGLE_TARGET_GROUP:
        if len(chosen) > 1:
            return _result(
                criterion,
                Eligibility.NEEDS_ASSESSMENT,
                _("Personen tillhör %(count)d målgrupper och behöver en individuell bedömning.")
                % {"count": len(chosen)},
            )
        return _result(criterion, Eligibility.MET, _("Personen tillhör en målgrupp."))
    if fact == Fact.WORK_CAPACITY_INVESTIGATED:
        missing = []
        if facts.work_capacity_investigated_on is None:
            missing.append(_("datum"))
        if not facts.work_capacity_investigated_by.strip():
            missing.append(_("vem som utrett"))
        if not facts.work_capacity_summary.strip():
            missing.append(_("sammanfattning"))
        if missing:
            return _result(
                criterion,
                Eligibility.NOT_MET,
                _("Arbetsförmågan är inte utredd: %(missing)s saknas.")
                % {"missing": ", ".join(missing)},
            )
        if facts.work_capacity_investigated_on and facts.work_capacity_investigated_on > facts.on:
            return _result(
                criterion, Eligibility.NOT_MET, _("Utredningsdatumet ligger i framtiden.")
            )
        return _result(criterion, Eligibility.MET, _("Arbetsförmågan är utredd."))
    if fact == Fact.MONTHS_SINCE_STABILITY:
        required = int(str(criterion.params.get("months", 3)))
        needing = [group for group in chosen if group.requires_stability]
        if not needing:
            return _result(criterion, Eligibility.MET, _("Gäller inte de valda målgrupperna."))
        if facts.stability_since is None:
            return _result(
                criterion,
                Eligibility.NOT_MET,
                _("Datum för dokumenterad stabilitet saknas (krävs för %(groups)s).")
                % {"groups": ", ".join(group.name for group in needing)},
            )
        months = months_between(facts.stability_since, facts.on)
        if months >= required:
            return _result(
                criterion,
                Eligibility.MET,
                _("Dokumenterad stabilitet i %(months)d månader.") % {"months": months},
            )
        return _result(
            criterion,
            Eligibility.NOT_MET,
            _("Stabilitet i %(months)d månader; minst %(required)d krävs.")
            % {"months": max(months, 0), "required": required},
        )
    if fact == Fact.AGE_BETWEEN:
        if facts.birth_date is None:
            return _result(criterion, Eligibility.NEEDS_ASSESSMENT, _("Åldern är okänd."))
        age = age_on(facts.birth_date, facts.on)
        low = criterion.params.get("min")
        high = criterion.params.get("max")
        if (low is not None and age < int(str(low))) or (high is not None and age > int(str(high))):
            return _result(criterion, Eligibility.NOT_MET, _("Ålder %(age)d år.") % {"age": age})
        return _result(criterion, Eligibility.MET, _("Ålder %(age)d år.") % {"age": age})
    if fact == Fact.CONSENT_GIVEN:
        if facts.consent_given:
            return _result(criterion, Eligibility.MET, _("Samtycke finns."))
        return _result(criterion, Eligibility.NOT_MET, _("Samtycke saknas."))
    if fact == Fact.IN_LISTED_TARGET_GROUP:
        listed = {str(code) for code in _as_list(criterion.params.get("codes"))}
        matching = [group for group in chosen if group.code in listed]
        if matching and all(group.is_conditional for group in matching):
            return _room_and_demand(criterion, matching, facts)
        if matching:
            names = ", ".join(group.name for group in matching)
            return _result(criterion, Eligibility.MET, _("Tillhör %(names)s.") % {"names": names})
        if not chosen:
            return _result(
                criterion, Eligibility.NEEDS_ASSESSMENT, _("Det är inte angivet vilken målgrupp.")
            )
        names = ", ".join(groups[code].name for code in sorted(listed) if code in groups)
        return _result(
            criterion, Eligibility.NOT_MET, _("Tillhör inte %(names)s.") % {"names": names}
        )
    return _result(criterion, Eligibility.NEEDS_ASSESSMENT, _("Okänd uppgift; bedöm individuellt."))


def _room_and_demand(
    criterion: CriterionSpec, groups: Sequence[TargetGroupSpec], facts: Facts
) -> CriterionResult:
    """A person only in groups admitted "vid utrymme och efterfrågan": the receiving unit's
    assessment decides; without it the result needs an assessment, never plainly met."""
    names = ", ".join(group.name for group in groups)
    if facts.room_and_demand is None:
        return _result(
            criterion,
            Eligibility.NEEDS_ASSESSMENT,
            _(
                "%(names)s ingår bara vid utrymme och efterfrågan. Den mottagande enheten "
                "bedömer om det finns utrymme och efterfrågan."
            )
            % {"names": names},
        )
    if facts.room_and_demand:
        return _result(
            criterion,
            Eligibility.MET,
            _("%(names)s: enheten har bedömt att det finns utrymme och efterfrågan.")
            % {"names": names},
        )
    return _result(
        criterion,
        Eligibility.NOT_MET,
        _("%(names)s: enheten har bedömt att det inte finns utrymme och efterfrågan.")
        % {"names": names},
    )


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _whole_number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def fact_params_problems(
    fact: str, params: dict[str, object], target_group_codes: Iterable[str] = ()
) -> list[str]:
    """What is wrong with a fact criterion's parameters, in Swedish; empty when they are sound."""
    if fact not in Fact.values:
        return [_("Uppgiften %(fact)s finns inte.") % {"fact": fact or "–"}]
    allowed: dict[str, set[str]] = {
        Fact.MONTHS_SINCE_STABILITY: {"months"},
        Fact.AGE_BETWEEN: {"min", "max"},
        Fact.IN_LISTED_TARGET_GROUP: {"codes"},
    }
    problems: list[str] = []
    unknown = set(params) - allowed.get(fact, set())
    if unknown:
        problems.append(
            _("Okända parametrar för uppgiften: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    if (
        fact == Fact.MONTHS_SINCE_STABILITY
        and "months" in params
        and _whole_number(params["months"]) is None
    ):
        problems.append(_("Antal månader ska vara ett heltal, 0 eller större."))
    if fact == Fact.AGE_BETWEEN:
        low, high = params.get("min"), params.get("max")
        if low is None and high is None:
            problems.append(_("Ange en lägsta eller högsta ålder."))
        for value in (low, high):
            if value is not None and (_whole_number(value) is None or int(str(value)) > 130):
                problems.append(_("Åldern ska vara ett heltal mellan 0 och 130."))
        if isinstance(low, int) and isinstance(high, int) and low > high:
            problems.append(_("Lägsta ålder kan inte vara högre än högsta ålder."))
    if fact == Fact.IN_LISTED_TARGET_GROUP:
        codes = params.get("codes")
        if not isinstance(codes, list) or not codes:
            problems.append(_("Ange minst en målgrupp."))
        else:
            known = set(target_group_codes)
            missing = sorted(str(code) for code in codes if code not in known)
            if missing:
                problems.append(
                    _("Målgruppen finns inte i versionen: %(codes)s.")
                    % {"codes": ", ".join(missing)}
                )
    return problems
