"""Writes to service accounts: create, revoke; each with policy, transaction and audit."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.api import policy
from lotsa.api.constants import SERVICE_ACCOUNT_ROLES, Scope
from lotsa.api.models import ExternalReferral, ServiceAccount
from lotsa.api.tokens import token_new
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral
from lotsa.referrals.services import referral_submit

if TYPE_CHECKING:
    from lotsa.organisations.models import Unit


@dataclass(frozen=True)
class CreatedServiceAccount:
    account: ServiceAccount
    token: str  # shown once, never stored


def service_account_create(
    *, actor: User, name: str, role: str, unit: "Unit | None", scopes: Iterable[str]
) -> CreatedServiceAccount:
    """Create a service account acting as a new user of `role` in `unit`; returns the token."""
    if not policy.can_manage_service_accounts(actor):
        raise PermissionDenied
    name = name.strip()
    scopes = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Ge kontot ett namn.")]
    elif len(name) > 100:
        errors["name"] = [_("Namnet får vara högst 100 tecken.")]
    elif ServiceAccount.objects.filter(
        organisation_id=actor.organisation_id, name__iexact=name
    ).exists():
        errors["name"] = [_("Det finns redan ett tjänstekonto med det namnet.")]
    if role not in SERVICE_ACCOUNT_ROLES:
        errors["role"] = [_("Välj remitterande handläggare eller enhetschef.")]
    if unit is None or unit.organisation_id != actor.organisation_id or not unit.is_active:
        errors["unit"] = [_("Välj en aktiv enhet i din egen organisation.")]
    if not scopes:
        errors["scopes"] = [_("Välj minst en behörighet.")]
    elif any(scope not in Scope.values for scope in scopes):
        errors["scopes"] = [_("Välj behörigheter ur listan.")]
    if errors:
        raise ValidationError(errors)
    token = token_new()
    with transaction.atomic():
        user = User(
            username=f"api-{token.key_id}",
            first_name=_("Tjänstekonto"),
            last_name=name[:150],
            organisation_id=actor.organisation_id,
            unit=unit,
            role=role,
            title=_("Tjänstekonto (API)"),
            is_service_account=True,
        )
        user.set_unusable_password()
        user.save()
        account = ServiceAccount.objects.create(
            organisation_id=actor.organisation_id,
            user=user,
            name=name,
            scopes=scopes,
            key_id=token.key_id,
            token_digest=token.digest,
            created_by=actor,
        )
        # A security event: the manager of the unit the account acts in sees it in their review.
        audit_record(
            actor=actor,
            action=AuditAction.SECURITY,
            obj=account,
            summary=_("Skapade tjänstekontot %(name)s") % {"name": name},
            changes={
                "scopes": scopes,
                "role": role,
                "unit": str(unit),
                "unit_id": unit.pk if unit else None,
            },
        )
    return CreatedServiceAccount(account=account, token=token.value)


def service_account_revoke(*, actor: User, account: ServiceAccount) -> ServiceAccount:
    """Revoke at once: the token stops working and the account's user is deactivated."""
    if not policy.can_manage_service_account(actor, account):
        raise PermissionDenied
    with transaction.atomic():
        locked = ServiceAccount.objects.select_for_update().get(pk=account.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("Kontot är redan spärrat."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        User.objects.filter(pk=locked.user_id).update(is_active=False)
        audit_record(
            actor=actor,
            action=AuditAction.SECURITY,
            obj=locked,
            summary=_("Spärrade tjänstekontot %(name)s") % {"name": locked.name},
            changes={"unit_id": locked.user.unit_id},
        )
    account.revoked_at, account.revoked_by = locked.revoked_at, actor
    return account


def external_referral_submit(
    *,
    actor: User,
    account: ServiceAccount,
    external_id: str,
    participant: Participant,
    receiving_unit: "Unit",
    **details: Any,
) -> Referral:
    """Send a referral from another system (`referral_submit`), remembering its external id.

    Both in one transaction: an external id sent twice at the same moment is an IntegrityError
    and leaves no referral behind.
    """
    with transaction.atomic():
        referral = referral_submit(
            actor=actor, participant=participant, receiving_unit=receiving_unit, **details
        )
        if external_id:
            ExternalReferral.objects.create(
                organisation_id=actor.organisation_id,
                external_id=external_id,
                referral=referral,
                service_account=account,
            )
    return referral
