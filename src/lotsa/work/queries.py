"""Reads of employers and training arenas, limited to the actor's organisation."""

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404

from lotsa.organisations.models import User
from lotsa.work import policy
from lotsa.work.models import Employer, EmployerContactLog, TrainingArena


def employer_list(
    *, actor: User, text: str = "", sector: str = "", has_capacity: bool = False
) -> QuerySet[Employer]:
    """Employers of the actor's organisation, searched by name or organisation number."""
    if not policy.can_view_employers(actor):
        return Employer.objects.none()
    employers = Employer.objects.filter(organisation_id=actor.organisation_id)
    text = text.replace("\x00", "").strip()[:100]
    if text:
        digits = "".join(char for char in text if char.isdigit())
        match = Q(name__icontains=text) | Q(organisation_number__icontains=text)
        if len(digits) >= 4:  # 5560160680 finds 556016-0680
            employers = employers.annotate(
                number_digits=Replace("organisation_number", Value("-"), Value(""))
            )
            match |= Q(number_digits__contains=digits)
        employers = employers.filter(match)
    if sector:
        employers = employers.filter(sector=sector)
    if has_capacity:
        employers = employers.filter(placement_capacity__gt=0)
    return employers.order_by("name", "pk")


def employer_get(*, actor: User, employer_id: int) -> Employer:
    """One employer with its contacts, agreements and contact log; 404 outside the organisation."""
    if not policy.can_view_employers(actor):
        raise Http404
    log = EmployerContactLog.objects.select_related("staff", "contact")
    try:
        return Employer.objects.prefetch_related(
            "contacts", "agreements", Prefetch("contact_log", queryset=log)
        ).get(pk=employer_id, organisation_id=actor.organisation_id)
    except Employer.DoesNotExist as missing:
        raise Http404 from missing


def training_arena_list(*, actor: User) -> QuerySet[TrainingArena]:
    """The organisation's own training arenas with their units."""
    if not policy.can_view_arenas(actor):
        return TrainingArena.objects.none()
    return (
        TrainingArena.objects.filter(organisation_id=actor.organisation_id)
        .select_related("unit")
        .order_by("name", "pk")
    )


def training_arena_get(*, actor: User, arena_id: int) -> TrainingArena:
    try:
        return training_arena_list(actor=actor).get(pk=arena_id)
    except TrainingArena.DoesNotExist as missing:
        raise Http404 from missing
