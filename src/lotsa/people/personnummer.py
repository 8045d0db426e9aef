"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Skatteverket's rules: YYMMDD + a three-digit birth number (odd for men, even for women) + a Luhn
check digit over the ten digits. The separator is `-`, or `+` from the year the person turns 100.
Coordination numbers add 60 to the day. We store the twelve-digit form YYYYMMDDNNNC.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.core.text import number_text

# ASCII digits only: `number_text` has already turned digits of other scripts into 0-9, so the
# same person cannot be stored twice under look-alike digits (docs/security.md).
_PATTERN = re.compile(
    r"^(?P<century>[0-9]{2})?(?P<yymmdd>[0-9]{6})(?P<sep>[-+]?)(?P<tail>[0-9]{4})$"
)
COORDINATION_DAY_OFFSET = 60


class PersonnummerError(ValueError):
    """The text is not a valid personnummer or samordningsnummer; the message is Swedish."""


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for the first nine digits (YYMMDDNNN)."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


@dataclass(frozen=True, order=True)
class Personnummer:
    """A validated personnummer or samordningsnummer in canonical twelve-digit form."""

    canonical: str

    @property
    def is_coordination_number(self) -> bool:
        return int(self.canonical[6:8]) > COORDINATION_DAY_OFFSET

    @property
    def birth_date(self) -> date:
        day = int(self.canonical[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return date(int(self.canonical[0:4]), int(self.canonical[4:6]), day)

    @property
    def is_male(self) -> bool:
        return int(self.canonical[10]) % 2 == 1

    @property
    def formatted(self) -> str:
        """YYYYMMDD-NNNN, the form Swedish authorities print."""
        return f"{self.canonical[:8]}-{self.canonical[8:]}"

    def short_form(self, today: date) -> str:
        """The ten-digit form with `-`, or `+` once the person has turned 100."""
        separator = "+" if age_on(self.birth_date, today) >= 100 else "-"
        return f"{self.canonical[2:8]}{separator}{self.canonical[8:]}"

    def age_on(self, when: date) -> int:
        return age_on(self.birth_date, when)

    def __str__(self) -> str:
        return self.formatted


def age_on(birth_date: date, when: date) -> int:
    """Whole years between `birth_date` and `when`."""
    years = when.year - birth_date.year
    if (when.month, when.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _real_date(year: int, month: int, day: int) -> date | None:
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_personnummer(text: str, *, today: date | None = None) -> Personnummer:
    """Parse any written form (10 or 12 digits, with or without `-`/`+`) and validate it.

    Digits of any script (full-width, Arabic-Indic …) count as the same digits in ASCII; the
    canonical form is always ASCII.

    For ten-digit forms the century is the latest one that puts the birth date on or before
    `today`; a `+` separator means the person is 100 or older.
    """
    today = today or timezone.localdate()
    cleaned = number_text(text)
    match = _PATTERN.match(cleaned)
    if not match:
        raise PersonnummerError(
            _("Ange personnummer med 10 eller 12 siffror, till exempel 19900101-1239.")
        )
    yymmdd, separator, tail = match["yymmdd"], match["sep"], match["tail"]
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])

    if match["century"]:
        year = int(match["century"]) * 100 + yy
        born = _real_date(year, month, day)
        if born is None:
            raise PersonnummerError(_("Datumet i personnumret finns inte."))
        if born > today:
            raise PersonnummerError(_("Födelsedatumet ligger i framtiden."))
    else:
        year = (today.year // 100) * 100 + yy
        born = _real_date(year, month, day)
        if born is None or born > today:
            year -= 100
            born = _real_date(year, month, day)
        if born is None:
            raise PersonnummerError(_("Datumet i personnumret finns inte."))
        if separator == "+":
            while age_on(born, today) < 100:
                year -= 100
                born = _real_date(year, month, day)
                if born is None:
                    raise PersonnummerError(_("Datumet i personnumret finns inte."))

    if int(tail[3]) != luhn_check_digit(yymmdd + tail[:3]):
        raise PersonnummerError(_("Kontrollsiffran stämmer inte. Kontrollera personnumret."))
    return Personnummer(f"{year:04d}{month:02d}{day:02d}{tail}")


def make_personnummer(born: date, birth_number: int, *, coordination: bool = False) -> Personnummer:
    """Build a valid number for a birth date and a three-digit birth number (for synthetic data)."""
    day = born.day + (COORDINATION_DAY_OFFSET if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{birth_number:03d}"
    return Personnummer(
        f"{born.year:04d}{born.month:02d}{day:02d}{birth_number:03d}{luhn_check_digit(nine)}"
    )
