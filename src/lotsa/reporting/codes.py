"""The organisation's code table for Socialstyrelsen's monthly file: its own codes where it
changed them, Lotsa's defaults (`reporting.defaults`) everywhere else."""

from dataclasses import dataclass

from lotsa.organisations.models import Organisation
from lotsa.reporting.defaults import ACTIVITY, CLOSURE, default_codes, key_labels
from lotsa.reporting.models import ReportCode


@dataclass(frozen=True)
class CodeRow:
    kind: str
    key: str
    name: str  # what Lotsa calls it
    code: str  # "" = not mapped
    label: str
    is_default: bool
    version: int  # 0 when nothing is stored


def code_table(organisation: Organisation) -> list[CodeRow]:
    """Every SKR category and closure reason with its code (one query)."""
    stored = {
        (row.kind, row.key): row for row in ReportCode.objects.filter(organisation=organisation)
    }
    names = key_labels()
    rows = []
    for (kind, key), (code, label) in default_codes().items():
        own = stored.get((kind, key))
        rows.append(
            CodeRow(
                kind=kind,
                key=key,
                name=names[(kind, key)],
                code=own.code if own else code,
                label=own.label if own else label,
                is_default=own is None,
                version=own.version if own else 0,
            )
        )
    return rows


def codes_of(rows: list[CodeRow], kind: str) -> dict[str, CodeRow]:
    return {row.key: row for row in rows if row.kind == kind}


__all__ = ["ACTIVITY", "CLOSURE", "CodeRow", "code_table", "codes_of"]
