"""Two-factor sign-in: enrolment, verification, recovery codes and reset, each audited.

Wrong codes are audited as well and raise `WrongCodeError`, so that the page can count them
and sign the user out after MAX_CODE_FAILURES (constants.py).
"""

import math
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.organisations.models import User
from lotsa.signin import policy, queries, totp
from lotsa.signin.constants import MAX_CODE_FAILURES, RECOVERY_CODE_COUNT


class WrongCodeError(ValidationError):
    """A code that was wrong, or arrived while the device still makes the user wait."""


def two_factor_enrol(*, actor: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Connect the app that shows `code` for `key`; return it and the new recovery codes."""
    if not policy.can_manage_own_two_factor(actor):
        raise PermissionDenied
    step = totp.matching_step(key, code)
    if step is None:
        _record_wrong_code(actor=actor, obj=actor, summary=_("Fel kod när appen skulle kopplas"))
        raise WrongCodeError({"code": _wrong_code_message()})
    with transaction.atomic():
        # Lock the user's row so that two tabs cannot both enrol an app.
        User.objects.select_for_update().filter(pk=actor.pk).exists()
        if queries.has_authenticator(actor):
            raise ValidationError(_("Tvåstegsverifiering är redan aktiverad för ditt konto."))
        TOTPDevice.objects.filter(user=actor).delete()
        device = TOTPDevice.objects.create(
            user=actor,
            name=_("Autentiseringsapp"),
            key=key,
            confirmed=True,
            last_t=step,  # the code just used may not be used again
            last_used_at=timezone.now(),
        )
        codes = _replace_recovery_codes(actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=device,
            summary=_("Aktiverade tvåstegsverifiering"),
        )
    return device, codes


def two_factor_verify(*, actor: User, code: str) -> TOTPDevice:
    """Check the code from the user's authenticator app; return the device that accepted it."""
    device = _authenticator_or_error(actor)
    _verify_on_device(
        actor=actor,
        device=device,
        code=code,
        summary=lambda: _("Andra steget: kod från appen"),
        wrong_summary=_("Fel kod från appen"),
    )
    return device


def recovery_code_use(*, actor: User, code: str) -> StaticDevice:
    """Accept one unused recovery code instead of the app; the code is used up."""
    if not policy.can_manage_own_two_factor(actor):
        raise PermissionDenied
    wrong_message = _("Återställningskoden stämmer inte, eller är redan använd.")
    device = queries.recovery_codes_of(actor)
    if device is None:
        _record_wrong_code(actor=actor, obj=actor, summary=_("Fel återställningskod"))
        raise WrongCodeError({"code": wrong_message})
    _verify_on_device(
        actor=actor,
        device=device,
        code=code.lower(),
        summary=lambda: (
            _("Andra steget: återställningskod, %(left)d kvar") % {"left": device.token_set.count()}
        ),
        wrong_summary=_("Fel återställningskod"),
        wrong_message=wrong_message,
    )
    return device


def recovery_codes_regenerate(*, actor: User, code: str) -> list[str]:
    """New recovery codes once the user proves they hold the app; the old ones stop working."""
    device = _authenticator_or_error(actor)
    _verify_on_device(
        actor=actor,
        device=device,
        code=code,
        summary=None,  # the new codes are the record
        wrong_summary=_("Fel kod från appen"),
    )
    with transaction.atomic():
        codes = _replace_recovery_codes(actor)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=queries.recovery_codes_of(actor),
            summary=_("Skapade nya återställningskoder"),
        )
    return codes


def two_factor_reset(*, actor: User, user: User) -> None:
    """Remove a user's app and recovery codes (lost phone); they enrol again at next sign-in."""
    if not policy.can_reset_two_factor(actor, user):
        raise PermissionDenied
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user)
        codes = StaticDevice.objects.filter(user=user)
        if not devices.exists() and not codes.exists():
            raise ValidationError(_("Användaren har ingen tvåstegsverifiering att återställa."))
        devices.delete()
        codes.delete()
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=user,
            summary=_("Återställde tvåstegsverifiering för %(username)s")
            % {"username": user.username},
        )


def two_factor_lock_out(*, actor: User) -> None:
    """Record that the user is signed out after too many wrong codes (the view signs them out)."""
    audit_record(
        actor=actor,
        action=AuditAction.SIGN_OUT,
        obj=actor,
        summary=_("Utloggad efter %(count)d felaktiga koder") % {"count": MAX_CODE_FAILURES},
    )


def _authenticator_or_error(actor: User) -> TOTPDevice:
    if not policy.can_manage_own_two_factor(actor):
        raise PermissionDenied
    device = queries.authenticator_of(actor)
    if device is None:
        raise ValidationError(_("Du har ingen autentiseringsapp kopplad till ditt konto."))
    return device


def _verify_on_device(
    *,
    actor: User,
    device: Device,
    code: str,
    summary: Callable[[], str] | None,
    wrong_summary: str,
    wrong_message: str = "",
) -> None:
    """Check `code` on the locked `device` (django-otp throttles, refuses replays); audit both."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        _record_wrong_code(actor=actor, obj=device, summary=wrong_summary)
        raise WrongCodeError({"code": _wait_message(details)})
    with transaction.atomic():
        accepted = verify_token(actor, device.persistent_id, code) is not None
        if accepted and summary is not None:
            audit_record(actor=actor, action=AuditAction.SIGN_IN, obj=device, summary=summary())
        elif not accepted:
            _record_wrong_code(actor=actor, obj=device, summary=wrong_summary)
    if not accepted:
        raise WrongCodeError({"code": wrong_message or _wrong_code_message()})


def _record_wrong_code(*, actor: User, obj: Device | User, summary: str) -> None:
    # AuditAction has no "failed sign-in" yet; UPDATE is true: the device's failure count rose.
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, summary=summary)


def _replace_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": _("Återställningskoder"), "confirmed": True}
    )
    device.token_set.all().delete()
    device.throttle_reset()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def _wrong_code_message() -> str:
    return _("Koden stämmer inte. Skriv de sex siffror som appen visar just nu.")


def _wait_message(details: dict[str, object] | None) -> str:
    locked_until = (details or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        remaining = (locked_until - timezone.now()).total_seconds()  # type: ignore[operator]
        seconds = max(1, math.ceil(remaining))
    return _("För många felaktiga försök. Vänta %(seconds)d sekunder och försök igen.") % {
        "seconds": seconds
    }
