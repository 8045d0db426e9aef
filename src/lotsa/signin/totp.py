"""TOTP keys for enrolment, checked with django-otp's own algorithm, and their QR code."""

import time
from base64 import b32encode
from binascii import unhexlify

import qrcode
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key
from qrcode.image.svg import SvgPathFillImage

from lotsa.organisations.models import User


def new_key() -> str:
    """A fresh hex-encoded secret of the same size django-otp gives its devices."""
    return str(default_key())


def key_for_display(key: str) -> str:
    """The secret in base32 groups of four, as authenticator apps expect it typed."""
    encoded = b32encode(unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(encoded[start : start + 4] for start in range(0, len(encoded), 4))


def provisioning_uri(user: User, key: str) -> str:
    """The otpauth:// address an app reads from the QR code (issuer from OTP_TOTP_ISSUER)."""
    return str(TOTPDevice(user=user, key=key).config_url)


def matching_step(key: str, code: str) -> int | None:
    """The time step at which `code` is valid for `key` (one step either side), or None."""
    device = TOTPDevice(key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.verify(int(code), device.tolerance):
        return int(totp.t())
    return None


def qr_svg(data: str, *, label: str) -> SafeString:
    """Inline SVG markup of a QR code: a single path with fill attributes, no style attribute."""
    code = qrcode.QRCode(image_factory=SvgPathFillImage, box_size=15, border=4)
    code.add_data(data)
    image = code.make_image(**{"role": "img", "aria-label": str(label)})
    # ElementTree builds the markup and escapes every attribute value.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
