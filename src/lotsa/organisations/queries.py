"""Reads of units and users, limited to the actor's organisation."""

import hashlib
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lotsa.organisations.constants import Role
from lotsa.organisations.models import AccountInvitation, District, Unit, User

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
    return get_object_or_404(units_visible_to(actor), pk=unit_id)


def user_get(actor: User, user_id: int) -> User:
    return get_object_or_404(users_visible_to(actor), pk=user_id)


def invitation_is_open(invitation: AccountInvitation) -> bool:
    """Unused, not expired, and for an account that may still sign in."""
    return (
        invitation.used_at is None
        and invitation.expires_at > timezone.now()
        and invitation.user.is_active
    )


def token_hash(token: str) -> str:
    """The SHA-256 the database keeps instead of an invitation link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> AccountInvitation | None:
    """The open invitation a link's token names, or None (unknown, spent, expired)."""
    invitation = (
        AccountInvitation.objects.select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation_is_open(invitation) else None


def pending_invitation(user: User) -> AccountInvitation | None:
    """The user's latest unused invitation, for the administrator's user page."""
    return user.invitations.filter(used_at__isnull=True).order_by("-created_at").first()
