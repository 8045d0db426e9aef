"""`lotsa api_token create|list|revoke`: service accounts from the command line.

Every action is done by a named administrator (`--admin`), through the same services as the
administrator's page, so policy and audit are the same.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.api import queries, services
from lotsa.api.constants import SERVICE_ACCOUNT_ROLES, Scope
from lotsa.api.models import ServiceAccount
from lotsa.organisations.models import Unit, User


class Command(BaseCommand):
    help = "Create, list or revoke API service accounts (tokens)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an account; prints its token once.")
        create.add_argument("--admin", required=True, help="Username of an administrator.")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--role", default="referrer", choices=[role.value for role in SERVICE_ACCOUNT_ROLES]
        )
        create.add_argument("--unit", required=True, help="Name of a unit in the organisation.")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="Repeat for several scopes.",
        )
        listing = actions.add_parser("list", help="List the organisation's accounts.")
        listing.add_argument("--admin", required=True)
        revoke = actions.add_parser("revoke", help="Revoke an account by its key id.")
        revoke.add_argument("--admin", required=True)
        revoke.add_argument("key_id")

    def handle(self, *args: Any, **options: Any) -> None:
        admin = User.objects.filter(username=options["admin"], is_active=True).first()
        if admin is None:
            raise CommandError(f"No active user {options['admin']!r}.")
        try:
            getattr(self, f"_{options['action']}")(admin, options)
        except PermissionDenied as error:
            raise CommandError(f"{admin.username} is not an administrator.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _create(self, admin: User, options: dict[str, Any]) -> None:
        unit = Unit.objects.filter(
            organisation_id=admin.organisation_id, name=options["unit"]
        ).first()
        if unit is None:
            raise CommandError(f"No unit {options['unit']!r} in the administrator's organisation.")
        created = services.service_account_create(
            actor=admin,
            name=options["name"],
            role=options["role"],
            unit=unit,
            scopes=options["scope"],
        )
        self.stderr.write(
            f"Created {created.account.name} (key id {created.account.key_id}). "
            "The token is printed once and not stored:"
        )
        self.stdout.write(created.token)

    def _list(self, admin: User, options: dict[str, Any]) -> None:
        for account in queries.service_accounts_visible_to(admin):
            state = f"revoked {account.revoked_at:%Y-%m-%d}" if account.revoked_at else "active"
            used = f"{account.last_used_at:%Y-%m-%d %H:%M}" if account.last_used_at else "never"
            self.stdout.write(
                f"{account.key_id}  {account.name}  {account.user.role}@{account.user.unit}  "
                f"{','.join(account.scopes)}  last used {used}  {state}"
            )

    def _revoke(self, admin: User, options: dict[str, Any]) -> None:
        account = ServiceAccount.objects.filter(
            key_id=options["key_id"], organisation_id=admin.organisation_id
        ).first()
        if account is None:
            raise CommandError(f"No account with key id {options['key_id']!r}.")
        services.service_account_revoke(actor=admin, account=account)
        self.stdout.write(f"Revoked {account.name}.")
