import time

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotsa.organisations.tests.factories import UserFactory


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (TOTP device) of a user."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Autentiseringsapp"
    confirmed = True


class RecoveryCodesFactory(factory.django.DjangoModelFactory):
    """A user's recovery codes; `codes` names them (default: three known codes)."""

    class Meta:
        model = StaticDevice
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = "Återställningskoder"
    confirmed = True

    @factory.post_generation
    def codes(self, create, extracted, **kwargs):
        for code in extracted or ("aaaa2222", "bbbb3333", "cccc4444"):
            StaticToken.objects.create(device=self, token=code)


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or `steps_ahead` periods later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code the device does not accept at this moment."""
    valid = {app_code(device, steps_ahead=offset) for offset in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)
