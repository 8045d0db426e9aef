"""Checks every service that changes a case (or its journal) makes before it writes."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.cases import messages, policy
from lotsa.cases.models import Case

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def case_closed_error() -> ValidationError:
    return ValidationError(
        _("Ärendet är avslutat och kan inte ändras. En enhetschef kan öppna det igen."),
        code="closed",
    )


def require_work_on_case(actor: "User", case: Case) -> None:
    """PermissionDenied unless `actor` may work on `case`; a Swedish error if it is closed."""
    if case.is_closed:
        if policy.can_view_case(actor, case):
            raise case_closed_error()
        raise PermissionDenied
    if not policy.can_work_on_case(actor, case):
        raise PermissionDenied


def lock_open_case(case: Case) -> Case:
    """Re-read the case row (locked where the database can) and refuse if it has been closed.

    Call inside transaction.atomic(): the page may show a case that someone closed meanwhile.
    """
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.is_closed:
        raise case_closed_error()
    return current


def not_in_future(value: date | None, *, field: str, errors: dict[str, str]) -> None:
    """Add a Swedish error for `field` when `value` lies after today."""
    if value is not None and value > timezone.localdate():
        errors[field] = _("Datumet kan inte vara i framtiden.")


def required_date(value: date | None, *, field: str, errors: dict[str, str]) -> None:
    if value is None:
        errors[field] = str(messages.DATE_REQUIRED)


def required_text(value: str | None, *, field: str, errors: dict[str, str], message: str) -> str:
    """The stripped text, or an error for `field` when it is empty."""
    text = (value or "").strip()
    if not text:
        errors[field] = message
    return text
