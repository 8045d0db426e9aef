"""Reads of the reporting app's own rows for its pages: the yearly figures (staff, insatser)
and the kept files, each scoped to the actor's organisation. No personal data: the rows per
person are produced by the reports themselves (`socialstyrelsen`, `finsam`), over the people
the reader may see."""

from django.db.models import QuerySet
from django.http import Http404

from lotsa.organisations.models import Unit, User
from lotsa.reporting import policy
from lotsa.reporting.models import FinsamInsats, FinsamInsatsYear, KeptReport, StaffFte

KEPT_SHOWN = 200


def support_units(actor: User) -> list[Unit]:
    """The units of the actor's organisation that run support, by name."""
    return list(
        Unit.objects.filter(organisation_id=actor.organisation_id, runs_support=True).order_by(
            "name"
        )
    )


def support_unit_get(actor: User, unit_id: int) -> Unit:
    unit = Unit.objects.filter(
        pk=unit_id, organisation_id=actor.organisation_id, runs_support=True
    ).first()
    if unit is None:
        raise Http404
    return unit


def staff_entries(actor: User, year: int) -> dict[int, StaffFte]:
    """The year's full-time equivalents of the actor's organisation, per unit id."""
    return {
        row.unit_id: row
        for row in StaffFte.objects.filter(organisation_id=actor.organisation_id, year=year)
    }


def staff_entry(unit: Unit, year: int) -> StaffFte | None:
    return StaffFte.objects.filter(unit=unit, year=year).first()


def insatser_of(actor: User) -> QuerySet[FinsamInsats]:
    return (
        FinsamInsats.objects.filter(organisation_id=actor.organisation_id)
        .select_related("unit")
        .prefetch_related("years")
        .order_by("name")
    )


def insats_get(actor: User, insats_id: int) -> FinsamInsats:
    insats = FinsamInsats.objects.filter(
        pk=insats_id, organisation_id=actor.organisation_id
    ).first()
    if insats is None:
        raise Http404
    return insats


def insats_year_entry(insats: FinsamInsats, year: int) -> FinsamInsatsYear | None:
    return FinsamInsatsYear.objects.filter(insats=insats, year=year).first()


def kept_files(actor: User) -> list[KeptReport]:
    """The organisation's kept files the actor may fetch (row-level ones only for those who
    may download rows), newest period first, without their content."""
    files = KeptReport.objects.filter(organisation_id=actor.organisation_id).defer("content")
    if not policy.can_download_rows(actor):
        files = files.filter(is_row_level=False)
    return list(files[:KEPT_SHOWN])


def kept_get(actor: User, kept_id: int) -> KeptReport:
    kept = KeptReport.objects.filter(pk=kept_id, organisation_id=actor.organisation_id).first()
    if kept is None:
        raise Http404
    return kept
