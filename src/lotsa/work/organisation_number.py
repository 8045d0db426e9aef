"""Swedish organisation numbers (organisationsnummer), and personnummer for sole traders.

A legal entity's number is ten digits NNNNNN-NNNN whose third digit is at least 2 (so it can
never be a date) and whose last digit is the Luhn check digit over the first nine, the same
rule as for personnummer. A sole trader (enskild firma) uses the owner's personnummer.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from lotsa.core.text import number_text
from lotsa.people.personnummer import PersonnummerError, luhn_check_digit, parse_personnummer

_ORGANISATION = re.compile(r"^(?:16)?(?P<head>[0-9]{6})-?(?P<tail>[0-9]{4})$")


class OrganisationNumberError(ValueError):
    """The text is neither a valid organisation number nor a personnummer; message is Swedish."""


def parse_organisation_number(text: str, *, today: date | None = None) -> str:
    """Validate and normalise: NNNNNN-NNNN for legal entities, YYYYMMDD-NNNN for sole traders."""
    cleaned = number_text(text)  # digits of any script as ASCII, like personnummer
    match = _ORGANISATION.match(cleaned)
    if match and int(match["head"][2]) >= 2:
        head, tail = match["head"], match["tail"]
        if int(tail[3]) != luhn_check_digit(head + tail[:3]):
            raise OrganisationNumberError(
                _("Kontrollsiffran stämmer inte. Kontrollera organisationsnumret.")
            )
        return f"{head}-{tail}"
    try:
        return parse_personnummer(cleaned, today=today).formatted
    except PersonnummerError as error:
        if not re.fullmatch(r"[0-9]{6,8}[-+]?[0-9]{4}", cleaned):
            raise OrganisationNumberError(
                _(
                    "Ange organisationsnummer med 10 siffror, till exempel 212000-2411, "
                    "eller personnummer för enskild firma."
                )
            ) from error
        raise OrganisationNumberError(str(error)) from error
