"""Reads for the retention commands, which run as the system rather than as a staff member."""

from django.db.models import QuerySet

from lotsa.people.models import Participant
from lotsa.people.personnummer import Personnummer


def participants_with_number(
    personnummer: Personnummer, *, organisation_name: str = ""
) -> QuerySet[Participant]:
    """The participant records with this number, in one organisation when it is named."""
    people = Participant.objects.filter(personal_number=personnummer.canonical)
    if organisation_name:
        people = people.filter(organisation__name__iexact=organisation_name.strip())
    return people.select_related("organisation").order_by("organisation__name")
