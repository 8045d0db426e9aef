"""What an instance administrator sees: organisations and how far each is set up — never a
participant, case or referral."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from lotsa.collaboration.models import PartnerOrganisation
from lotsa.guidelines.models import Guideline
from lotsa.onboarding.services import PARTNER_AUTHORITIES
from lotsa.organisations import policy
from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES
from lotsa.organisations.models import MemberMunicipality, Organisation, Unit, User


def organisations_for_onboarding(actor: User) -> QuerySet[Organisation]:
    """Every organisation of the instance with the counts of what is set up."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    return Organisation.objects.annotate(
        unit_count=Count("units", distinct=True),
        staff_count=Count("users", filter=Q(users__role__in=STAFF_ACCOUNT_ROLES), distinct=True),
        member_count=Count("member_municipalities", distinct=True),
    ).order_by("name")


def organisation_for_onboarding(actor: User, organisation_id: int) -> Organisation:
    return get_object_or_404(organisations_for_onboarding(actor), pk=organisation_id)


@dataclass(frozen=True)
class Setup:
    """What one organisation has so far, for its onboarding page."""

    members: list[MemberMunicipality]
    partner_authorities: list[PartnerOrganisation]
    guidelines: list[Guideline]
    units: list[Unit]
    staff: list[User]


def organisation_setup(actor: User, organisation: Organisation) -> Setup:
    """Members, partner authorities, guidelines, units and staff accounts (five queries)."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    return Setup(
        members=list(organisation.member_municipalities.all()),
        partner_authorities=list(
            PartnerOrganisation.objects.filter(
                organisation=organisation, kind__in=PARTNER_AUTHORITIES
            ).order_by("name")
        ),
        guidelines=list(
            Guideline.objects.filter(organisation=organisation)
            .annotate(version_count=Count("versions"))
            .order_by("name")
        ),
        units=list(
            Unit.objects.filter(organisation=organisation).annotate(
                member_count=Count("members", filter=Q(members__is_active=True))
            )
        ),
        staff=list(
            User.objects.filter(organisation=organisation, role__in=STAFF_ACCOUNT_ROLES)
            .exclude(service_account__isnull=False)
            .select_related("unit")
            .order_by("last_name", "first_name", "username")
        ),
    )
