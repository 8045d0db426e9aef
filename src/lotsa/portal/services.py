"""Participant sign-in with a one-time code, and the participant's sign-in account.

A code request never tells whether the contact is registered: it always leaves a `SignInCode`
row and always leads to the code page; only a registered contact gets a code. Codes are six
digits, stored as a keyed hash (HMAC with SECRET_KEY), work for `conf.code_minutes()` minutes,
once, and survive `conf.code_attempts()` wrong guesses. Requests are limited per person and per
address in the database, so the limit holds across server processes without a shared cache.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.collaboration.models import Consent
from lotsa.collaboration.services import consent_revoke
from lotsa.core.languages import in_language_of, is_supported
from lotsa.core.text import ascii_digits
from lotsa.jobs import outbox
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.people.services import participant_for_application
from lotsa.portal import conf
from lotsa.portal.constants import CodeChannel
from lotsa.portal.models import ParticipantAccount, SelfReferralRequest, SignInCode
from lotsa.referrals.constants import ReferralSource
from lotsa.referrals.services import referral_from_outside

CODE_DIGITS = 6
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_NOISE = re.compile(r"[\s\-().]")


class RateLimitedError(ValidationError):
    """Too many code requests from one address."""


@dataclass(frozen=True)
class Contact:
    channel: str
    value: str  # a lower-case e-mail address or a phone number in national form (07…)


def parse_contact(text: str) -> Contact:
    """An e-mail address or a Swedish mobile number, as the person typed it."""
    text = (text or "").strip()
    if len(text) > 254 or any(ord(character) < 32 for character in text):
        raise ValidationError(
            {"contact": _("Skriv en e-postadress som namn@exempel.se eller ett mobilnummer.")}
        )
    if "@" in text:
        if not EMAIL_PATTERN.match(text):
            raise ValidationError(
                {"contact": _("Skriv en e-postadress som namn@exempel.se eller ett mobilnummer.")}
            )
        return Contact(CodeChannel.EMAIL, text.lower())
    number = normalise_phone(text)
    if not re.fullmatch(r"0[0-9]{6,12}", number):
        raise ValidationError(
            {"contact": _("Skriv en e-postadress som namn@exempel.se eller ett mobilnummer.")}
        )
    return Contact(CodeChannel.SMS, number)


def normalise_phone(text: str) -> str:
    """National form (07…) with ASCII digits, however the digits and separators were typed."""
    number = PHONE_NOISE.sub("", ascii_digits(text or ""))
    if number.startswith("+46"):
        number = "0" + number[3:]
    elif number.startswith("0046"):
        number = "0" + number[4:]
    return number


def _matching_participants(contact: Contact) -> list[Participant]:
    if contact.channel == CodeChannel.EMAIL:
        matches = Participant.objects.filter(email__iexact=contact.value)
    else:
        # The registered number may be written with spaces, hyphens or +46; compare it the way
        # `normalise_phone` writes it.
        stripped: Any = F("phone")
        for noise in (" ", "-", "(", ")", "."):
            stripped = Replace(stripped, Value(noise), Value(""))
        matches = (
            Participant.objects.exclude(phone="")
            .annotate(phone_plain=stripped)
            .filter(
                Q(phone_plain=contact.value)
                | Q(phone_plain="+46" + contact.value[1:])
                | Q(phone_plain="0046" + contact.value[1:])
            )
        )
    return list(matches[:2])


def _code_hash(row_salt: str, code: str) -> str:
    return salted_hmac("lotsa.portal.sign-in-code:" + row_salt, code).hexdigest()


def code_request(*, contact_text: str, ip_address: str | None) -> SignInCode:
    """Send a sign-in code to a registered contact; return the request row for the session.

    Raises ValidationError for a malformed contact and RateLimitedError when this address has
    asked too often. A contact that matches no one, or more than one person, gets no code but
    the same answer; so does a person who has had `conf.codes_per_person()` codes recently.
    """
    contact = parse_contact(contact_text)
    now = timezone.now()
    window_start = now - timedelta(minutes=conf.rate_window_minutes())
    if (
        ip_address
        and SignInCode.objects.filter(ip_address=ip_address, created_at__gte=window_start).count()
        >= conf.requests_per_ip()
    ):
        raise RateLimitedError(
            _("För många försök från den här uppkopplingen. Vänta en stund och försök igen.")
        )
    matches = _matching_participants(contact)
    participant = matches[0] if len(matches) == 1 else None
    if (
        participant is not None
        and SignInCode.objects.filter(participant=participant, created_at__gte=window_start).count()
        >= conf.codes_per_person()
    ):
        participant = None  # no more codes for now; the answer stays the same
    code = "".join(secrets.choice("0123456789") for _digit in range(CODE_DIGITS))
    with transaction.atomic():
        row = SignInCode.objects.create(
            participant=participant,
            channel=contact.channel,
            code_hash="",
            ip_address=ip_address,
            created_at=now,
            expires_at=now + timedelta(minutes=conf.code_minutes()),
        )
        # Unmatched requests get a hash of a code nobody was sent, so they never verify.
        row.code_hash = _code_hash(str(row.pk), code if participant else secrets.token_hex(16))
        row.save(update_fields=["code_hash"])
        if participant is not None:
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=row,
                participant=participant,
                summary=_("Inloggningskod till Mina sidor skickad (%(channel)s)")
                % {"channel": row.get_channel_display()},
            )
    if participant is not None:
        with in_language_of(participant.page_language):
            _deliver(contact, code, key=f"portal-code:{row.pk}")
    return row


def _deliver(contact: Contact, code: str, *, key: str) -> None:
    message = _(
        "Din kod till Mina sidor i Lotsa är %(code)s. Den gäller i %(minutes)s minuter. "
        "Lämna aldrig ut koden till någon annan."
    ) % {"code": code, "minutes": conf.code_minutes()}
    if contact.channel == CodeChannel.EMAIL:
        outbox.send_mail(
            to=contact.value, subject=_("Din kod till Mina sidor"), message=message, key=key
        )
    else:
        outbox.send_sms(to=contact.value, message=message, key=key)


def code_verify(*, code_id: int, code: str) -> User:
    """Check a code against its request; on success the code is spent and the person's user
    (created on the first sign-in) is returned. Wrong, expired, spent or over-guessed codes
    raise ValidationError with a Swedish message."""
    code = ascii_digits((code or "").strip().replace(" ", ""))
    wrong = ValidationError({"code": _("Koden stämmer inte. Kontrollera den och försök igen.")})
    if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", code):
        raise ValidationError({"code": _("Koden består av sex siffror.")})
    # Count the guess before checking it, in its own statement, so parallel guesses all count.
    counted = SignInCode.objects.filter(pk=code_id, attempts__lt=conf.code_attempts()).update(
        attempts=F("attempts") + 1
    )
    row = SignInCode.objects.filter(pk=code_id).select_related("participant").first()
    if row is None:
        raise wrong
    if row.used_at is not None:
        raise ValidationError(
            {"code": _("Koden är redan använd. Begär en ny kod om du vill logga in igen.")}
        )
    if row.expires_at <= timezone.now():
        raise ValidationError({"code": _("Koden har gått ut. Begär en ny kod.")})
    if not counted:
        raise ValidationError({"code": _("För många felaktiga försök. Begär en ny kod.")})
    if row.participant is None or not constant_time_compare(
        row.code_hash, _code_hash(str(row.pk), code)
    ):
        raise wrong
    with transaction.atomic():
        spent = SignInCode.objects.filter(pk=row.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:  # a parallel request used it first
            raise ValidationError(
                {"code": _("Koden är redan använd. Begär en ny kod om du vill logga in igen.")}
            )
        user = participant_account_for(row.participant)
        if not user.is_active:
            raise ValidationError(
                {"code": _("Ditt konto för Mina sidor är spärrat. Kontakta din arbetscoach.")}
            )
        audit_record(
            actor=user,
            action=AuditAction.SIGN_IN,
            obj=user,
            participant=row.participant,
            summary=_("Loggade in på Mina sidor med kod (%(channel)s)")
            % {"channel": row.get_channel_display()},
        )
    return user


def participant_account_for(participant: Participant) -> User:
    """The participant's sign-in user, created (and audited) the first time."""
    account = (
        ParticipantAccount.objects.filter(participant=participant).select_related("user").first()
    )
    if account is not None:
        return account.user
    with transaction.atomic():
        user = User(
            username=f"deltagare-{participant.pk}",
            role=Role.PARTICIPANT,
            organisation_id=participant.organisation_id,
            unit=None,
            # No name: it lives on the participant alone, so a protected person's name is never
            # copied to a second table or shown in staff lists of users.
        )
        user.set_unusable_password()
        user.save()
        account = ParticipantAccount.objects.create(user=user, participant=participant)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=account,
            participant=participant,
            summary=_("Konto för Mina sidor skapat vid första inloggningen"),
        )
    return user


def own_consent_revoke(*, user: User, consent_id: int) -> None:
    """The signed-in participant withdraws one of their own consents, at once.

    Only the person's own consents are found (404 for anyone else's); the withdrawal itself is
    collaboration's `consent_revoke`, which checks the policy and writes the audit record.
    """
    from django.http import Http404

    account = getattr(user, "participant_account", None)
    if account is None:
        raise PermissionDenied
    consent = Consent.objects.filter(pk=consent_id, participant_id=account.participant_id).first()
    if consent is None:
        raise Http404
    if consent.revoked_at is not None:
        raise ValidationError(_("Samtycket är redan återkallat."))
    consent_revoke(actor=user, consent=consent)


def own_language_set(*, user: User, language: str) -> None:
    """The signed-in participant chooses the language of Mina sidor and of texts sent to them.

    A plain update without the version check: the field is the person's own setting, no staff
    edit form holds it, and the last choice should win; bumping the version would make a coach
    editing the person's details meet a conflict they cannot see.
    """
    if not is_supported(language):
        raise ValidationError({"language": _("Välj ett av språken i listan.")})
    account = getattr(user, "participant_account", None)
    if account is None:
        raise PermissionDenied
    participant = account.participant
    if participant.page_language == language:
        return
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(page_language=language)
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=participant,
            participant=participant,
            summary=_("Valde språk på Mina sidor: %(language)s") % {"language": language},
            changes={"page_language": [participant.page_language, language]},
        )
    participant.page_language = language


SELF_REFERRAL_WINDOW = timedelta(hours=1)
# Requests older than this are deleted: the address is personal data, kept only to count.
SELF_REFERRAL_KEPT = timedelta(days=1)


def self_referral_submit(
    *,
    unit: Unit,
    personal_number: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    reason: str,
    goal: str,
    ip_address: str | None,
    identity_verified: bool = False,
) -> None:
    """A person asks for support on the public form "Ansök om stöd".

    `identity_verified` says the personnummer came from the person's e-ID (portal.oidc), so the
    referral is marked so; the answer stays the same.

    The answer is the same whether the person was known, new, or already waiting: nothing is
    returned and no error tells them apart (the same rule as the sign-in code). Raises
    ValidationError for bad input (nothing saved) and RateLimitedError when this address has
    sent `conf.self_referrals_per_ip()` applications within the hour.
    """
    now = timezone.now()
    if (
        ip_address
        and SelfReferralRequest.objects.filter(
            ip_address=ip_address, created_at__gte=now - SELF_REFERRAL_WINDOW
        ).count()
        >= conf.self_referrals_per_ip()
    ):
        raise RateLimitedError(
            _("Du har skickat många ansökningar på kort tid. Vänta en timme och försök igen.")
        )
    # Every sending counts towards the limit, also one with mistakes in it.
    SelfReferralRequest.objects.filter(created_at__lt=now - SELF_REFERRAL_KEPT).delete()
    SelfReferralRequest.objects.create(ip_address=ip_address, created_at=now)
    errors: dict[str, list[str]] = {}
    try:
        parse_personnummer(personal_number)
    except PersonnummerError as error:
        errors["personal_number"] = [str(error)]
    if not first_name.strip():
        errors["first_name"] = [_("Skriv ditt förnamn.")]
    if not last_name.strip():
        errors["last_name"] = [_("Skriv ditt efternamn.")]
    if not email.strip() and not phone.strip():
        errors["phone"] = [_("Skriv ett telefonnummer eller en e-postadress så att vi kan svara.")]
    elif phone.strip() and not re.fullmatch(r"0[0-9]{6,12}", normalise_phone(phone)):
        errors["phone"] = [
            _("Skriv ett mobilnummer eller telefonnummer, till exempel 070-123 45 67.")
        ]
    if errors:
        raise ValidationError(errors)
    contact = "; ".join(
        part
        for part in (first_name.strip() + " " + last_name.strip(), phone.strip(), email.strip())
        if part.strip()
    )
    with transaction.atomic():
        participant, _is_new = participant_for_application(
            unit=unit,
            personal_number=personal_number,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
        )
        # What was typed goes on the referral, not over a known person's registered details:
        # anyone can type anyone's number, so the unit checks with the person first.
        referral_from_outside(
            participant=participant,
            receiving_unit=unit,
            source=ReferralSource.SELF,
            reason=reason,
            goal=goal,
            free_text=_("Kontaktuppgifter i ansökan: %(contact)s") % {"contact": contact},
            identity_verified=identity_verified,
        )
