"""Setting up an organisation without Django's admin: each step one service an instance
administrator calls, from the pages or `lotsa onboard …`.

Creating the organisation and its member municipalities are organisations' services. Everything
inside the organisation — units, accounts, the guideline, partner authorities — goes through
the organisation's own services, called as `onboarding_actor` (the instance administrator
acting as the organisation's administrator), so their rules and audit records apply unchanged.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lotsa.collaboration.constants import PartnerKind
from lotsa.collaboration.models import PartnerOrganisation
from lotsa.collaboration.services import partner_create
from lotsa.guidelines.library import shipped_guideline
from lotsa.guidelines.models import Guideline, GuidelineVersion
from lotsa.guidelines.services import guideline_create, guideline_install
from lotsa.imports.files import ImportFileError, SourceRow, read_csv
from lotsa.imports.rows import RowError
from lotsa.organisations import policy
from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES, Role
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.organisations.services import (
    invitation_link_public,
    onboarding_actor,
    unit_create,
    user_create,
)

# The authorities that join municipalities in a coordination association (FINSAM).
PARTNER_AUTHORITIES = (
    PartnerKind.ARBETSFORMEDLINGEN,
    PartnerKind.FORSAKRINGSKASSAN,
    PartnerKind.REGION,
)
STAFF_COLUMNS = ("användarnamn", "förnamn", "efternamn", "e-post", "titel", "roll", "enhet")
REQUIRED_STAFF_COLUMNS = ("användarnamn", "förnamn", "efternamn", "e-post", "roll")
MAX_STAFF_ROWS = 2000


class StaffImportRejectedError(ValidationError):
    """At least one row is wrong, so no account was made; `row_errors` says where and why."""

    def __init__(self, row_errors: Sequence[RowError]) -> None:
        super().__init__([str(error) for error in row_errors], code="rows")
        self.row_errors = list(row_errors)


@dataclass(frozen=True)
class StaffRow:
    line: int
    username: str
    first_name: str
    last_name: str
    email: str
    title: str
    role: str
    unit: Unit | None


def onboarding_unit_create(
    *, actor: User, organisation: Organisation, name: str, runs_support: bool = False
) -> Unit:
    """A unit in the organisation being set up."""
    return unit_create(
        actor=onboarding_actor(actor, organisation), name=name.strip(), runs_support=runs_support
    )


def onboarding_partner_authority_add(
    *, actor: User, organisation: Organisation, kind: str, name: str = ""
) -> PartnerOrganisation:
    """Arbetsförmedlingen, Försäkringskassan or the region, in the organisation's partner
    register (so consents and partner accounts name them like any partner)."""
    if kind not in PARTNER_AUTHORITIES:
        raise ValidationError(
            {"kind": _("Välj Arbetsförmedlingen, Försäkringskassan eller regionen.")}
        )
    return partner_create(
        actor=onboarding_actor(actor, organisation),
        name=name.strip() or str(PartnerKind(kind).label),
        kind=kind,
    )


def onboarding_guideline_install(
    *, actor: User, organisation: Organisation, key: str, publish_on: date
) -> GuidelineVersion:
    """Install one of the shipped guidelines and publish it from `publish_on`."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    shipped = shipped_guideline(key)
    if shipped is None:
        raise ValidationError({"guideline": _("Välj en av riktlinjerna i biblioteket.")})
    return guideline_install(
        organisation=organisation, data=shipped.document(), publish_on=publish_on, actor=actor
    )


def onboarding_guideline_start(*, actor: User, organisation: Organisation, name: str) -> Guideline:
    """An empty guideline the organisation's administrator fills in and publishes."""
    return guideline_create(actor=onboarding_actor(actor, organisation), name=name)


def _role_of(text: str) -> str | None:
    wanted = text.strip().casefold()
    for role in STAFF_ACCOUNT_ROLES:
        if wanted in (role.value, str(role.label).casefold()):
            return role.value
    return None


def staff_rows_check(
    organisation: Organisation, rows: Sequence[SourceRow]
) -> tuple[list[StaffRow], list[RowError]]:
    """Every row checked against the organisation's units and the accounts that exist."""
    units = {unit.name.casefold(): unit for unit in Unit.objects.filter(organisation=organisation)}
    wanted = {row.values.get("användarnamn", "").strip().casefold() for row in rows}
    taken = set(
        User.objects.annotate(folded=Lower("username"))
        .filter(folded__in=[name for name in wanted if name])
        .values_list("folded", flat=True)
    )
    seen: dict[str, int] = {}
    checked: list[StaffRow] = []
    errors: list[RowError] = []
    for row in rows:
        values = {key: value.strip() for key, value in row.values.items()}
        problems: list[tuple[str, str]] = []
        for column in REQUIRED_STAFF_COLUMNS:
            if not values.get(column):
                problems.append((column, _("Fyll i %(column)s.") % {"column": column}))
        username = values.get("användarnamn", "")
        key = username.casefold()
        if username and (len(username) > 150 or any(ch.isspace() for ch in username)):
            problems.append(("användarnamn", _("Användarnamnet får inte innehålla mellanslag.")))
        elif key in seen:
            problems.append(
                ("användarnamn", _("Samma användarnamn som på rad %(line)s.") % {"line": seen[key]})
            )
        elif key and key in taken:
            problems.append(("användarnamn", _("Användarnamnet är upptaget.")))
        if key:
            seen.setdefault(key, row.line)
        role = _role_of(values.get("roll", "")) if values.get("roll") else None
        if values.get("roll") and role is None:
            problems.append(
                (
                    "roll",
                    _(
                        "Okänd roll %(role)s; skriv Arbetscoach, Remitterande handläggare, "
                        "Enhetschef eller Administratör."
                    )
                    % {"role": values["roll"]},
                )
            )
        unit = units.get(values.get("enhet", "").casefold()) if values.get("enhet") else None
        if values.get("enhet") and unit is None:
            problems.append(
                (
                    "enhet",
                    _("Det finns ingen enhet %(unit)s i %(organisation)s.")
                    % {"unit": values["enhet"], "organisation": organisation.name},
                )
            )
        elif role and role != Role.ADMINISTRATOR and not values.get("enhet"):
            problems.append(("enhet", _("Ange vilken enhet personen arbetar på.")))
        email = values.get("e-post", "")
        if email and ("@" not in email or any(ch.isspace() for ch in email)):
            problems.append(("e-post", _("%(email)s är ingen e-postadress.") % {"email": email}))
        for column, limit in (("förnamn", 150), ("efternamn", 150), ("titel", 100)):
            if len(values.get(column, "")) > limit:
                problems.append((column, _("Högst %(n)s tecken.") % {"n": limit}))
        if problems:
            errors.extend(RowError(row.line, column, message) for column, message in problems)
            continue
        checked.append(
            StaffRow(
                line=row.line,
                username=username,
                first_name=values["förnamn"],
                last_name=values["efternamn"],
                email=email,
                title=values.get("titel", ""),
                role=role or Role.COACH,
                unit=unit,
            )
        )
    return checked, errors


def staff_import(
    *,
    actor: User,
    organisation: Organisation,
    data: bytes,
    link_for: Callable[[str], str] = invitation_link_public,
) -> list[User]:
    """Create staff accounts from a CSV file: all rows or none.

    Accounts are made by `user_create` without a password: each person gets an invitation
    e-mail with a one-time link (`link_for(token)`) and sets their own; a row error names its
    line and column in Swedish."""
    stand_in = onboarding_actor(actor, organisation)
    try:
        table = read_csv(data)
    except ImportFileError as unreadable:
        raise StaffImportRejectedError([RowError(1, "", str(unreadable))]) from unreadable
    missing = [column for column in REQUIRED_STAFF_COLUMNS if column not in table.columns]
    if missing:
        raise StaffImportRejectedError(
            [
                RowError(
                    1,
                    "",
                    _("Kolumnerna %(columns)s saknas; rubrikraden ska vara: %(header)s")
                    % {"columns": ", ".join(missing), "header": ";".join(STAFF_COLUMNS)},
                )
            ]
        )
    if not table.rows:
        raise StaffImportRejectedError([RowError(1, "", _("Filen har inga rader med personal."))])
    if len(table.rows) > MAX_STAFF_ROWS:
        raise StaffImportRejectedError(
            [RowError(1, "", _("Högst %(n)s rader per fil.") % {"n": MAX_STAFF_ROWS})]
        )
    rows, errors = staff_rows_check(organisation, table.rows)
    if errors:
        raise StaffImportRejectedError(errors)
    created: list[User] = []
    with transaction.atomic():
        for row in rows:
            try:
                created.append(
                    user_create(
                        actor=stand_in,
                        username=row.username,
                        role=row.role,
                        unit=row.unit,
                        first_name=row.first_name,
                        last_name=row.last_name,
                        email=row.email,
                        link_for=link_for,
                        title=row.title,
                    )
                )
            except ValidationError as refused:
                # Anything the account service refuses rolls back every row before it.
                raise StaffImportRejectedError(
                    [RowError(row.line, "", message) for message in refused.messages]
                ) from refused
    return created
