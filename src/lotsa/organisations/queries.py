"""Reads of units and users, limited to the actor's organisation."""

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lotsa.organisations.constants import Role
from lotsa.organisations.models import District, Unit, User

if TYPE_CHECKING:
    pass


def units_visible_to(actor: User) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation_id=actor.organisation_id).annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    )


def districts_visible_to(actor: User) -> QuerySet[District]:
    return District.objects.filter(organisation_id=actor.organisation_id)


def users_visible_to(actor: User, *, text: str = "") -> QuerySet[User]:
    # Participants' sign-in accounts (lotsa.portal) and the users API service accounts act as
    # (lotsa.api, managed on their own page) are not staff accounts to manage here.
    users = (
        User.objects.filter(organisation_id=actor.organisation_id)
        .exclude(role=Role.PARTICIPANT)
        .exclude(service_account__isnull=False)
        .select_related("unit")
    )
    text = text.replace("\x00", "")[:100]
    if text:
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    return users.order_by("last_name", "first_name", "username")


def coaches_of_unit(unit: Unit) -> QuerySet[User]:
    return User.objects.filter(unit=unit, role=Role.COACH, is_active=True).order_by(
        "last_name", "first_name"
    )


def unit_get(actor: User, unit_id: int) -> Unit:
    try:
        return units_visible_to(actor).get(pk=unit_id)
    except Unit.DoesNotExist as missing:
        raise Http404 from missing


def user_get(actor: User, user_id: int) -> User:
    try:
        return users_visible_to(actor).get(pk=user_id)
    except User.DoesNotExist as missing:
        raise Http404 from missing
