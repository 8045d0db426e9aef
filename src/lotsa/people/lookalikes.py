"""Participants stored under a personnummer in other digits than ASCII (١٩٨٦…, １９８６…).

Before personnummer were normalised (docs/security.md) such a number made a second record of
the same person, which no search found. `lookalike_review` finds them: a record whose ASCII
form no other record of the organisation has is rewritten to it (the same person, now
findable); a record whose ASCII form another record has is a look-alike duplicate, kept as it
is and reported, because only a person can tell which record holds what.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lotsa.core.text import ascii_digits


@dataclass
class LookalikeReport:
    normalised: list[int] = field(default_factory=list)  # ids rewritten to ASCII digits
    # (organisation id, ASCII personnummer) → ids of every record of that number, ASCII first
    duplicates: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"Personnummer with non-ASCII digits rewritten to ASCII: {len(self.normalised)}.",
            f"Look-alike duplicates left for a person to merge: {len(self.duplicates)}.",
        ]
        for (organisation_id, number), ids in sorted(self.duplicates.items()):
            lines.append(
                f"  organisation {organisation_id}, {number[:8]}-****: participant ids "
                + ", ".join(str(pk) for pk in ids)
            )
        return "\n".join(lines)


def lookalike_review(participant_model: Any) -> LookalikeReport:
    """Rewrite lone non-ASCII personnummer to ASCII; report look-alike duplicates. Deletes
    nothing. Takes the model as an argument so that a migration can pass its historical one."""
    report = LookalikeReport()
    suspects = [
        (pk, organisation_id, number)
        for pk, organisation_id, number in participant_model.objects.values_list(
            "pk", "organisation_id", "personal_number"
        ).iterator()
        if not number.isascii()
    ]
    if not suspects:
        return report
    by_number: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, organisation_id, number in suspects:
        by_number[(organisation_id, ascii_digits(number))].append(pk)
    for (organisation_id, number), ids in by_number.items():
        ascii_ids = list(
            participant_model.objects.filter(
                organisation_id=organisation_id, personal_number=number
            ).values_list("pk", flat=True)
        )
        if not ascii_ids and len(ids) == 1:
            participant_model.objects.filter(pk=ids[0]).update(personal_number=number)
            report.normalised.append(ids[0])
        else:
            report.duplicates[(organisation_id, number)] = sorted(ascii_ids) + sorted(ids)
    report.normalised.sort()
    return report
