"""Who may manage service accounts, and what a token may do.

A token never widens what its user may do: a call needs the scope *and* passes the same
people/referrals/cases policy the pages ask (the service account acts as its user).
"""

from typing import TYPE_CHECKING

from lotsa.organisations.policy import can_administer

if TYPE_CHECKING:
    from lotsa.api.models import ServiceAccount
    from lotsa.organisations.models import User


def can_manage_service_accounts(actor: "User") -> bool:
    """Administrators create and revoke their own organisation's service accounts."""
    return can_administer(actor)


def can_manage_service_account(actor: "User", account: "ServiceAccount") -> bool:
    return can_administer(actor) and account.organisation_id == actor.organisation_id


def has_scope(account: "ServiceAccount", scope: str) -> bool:
    return account.is_active and scope in account.scopes
