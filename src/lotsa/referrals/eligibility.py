"""Turn what a referral says into the facts a guideline is evaluated against.

Used both while the referrer fills in the form (the live result) and when the referral is
submitted, so the two can never disagree.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from lotsa.guidelines.evaluation import Facts

if TYPE_CHECKING:
    from lotsa.guidelines.models import TargetGroup


def referral_facts(
    *,
    on: date,
    birth_date: date | None,
    target_groups: Iterable["TargetGroup"],
    answers: Mapping[str, str] | None = None,
    work_capacity_investigated_on: date | None = None,
    work_capacity_investigated_by: str = "",
    work_capacity_summary: str = "",
    stability_since: date | None = None,
    consent_parties: Sequence[str] = (),
    consent_given_on: date | None = None,
    room_and_demand: bool | None = None,
) -> Facts:
    """`room_and_demand` is the receiving unit's assessment for target groups admitted only
    "vid utrymme och efterfrågan"; a referral is submitted without it (None), so such a group
    needs an assessment until the unit accepts the referral."""
    return Facts(
        on=on,
        birth_date=birth_date,
        target_group_codes=frozenset(group.code for group in target_groups),
        answers=dict(answers or {}),
        work_capacity_investigated_on=work_capacity_investigated_on,
        work_capacity_investigated_by=work_capacity_investigated_by,
        work_capacity_summary=work_capacity_summary,
        stability_since=stability_since,
        consent_given=bool(consent_parties) and consent_given_on is not None,
        room_and_demand=room_and_demand,
    )
