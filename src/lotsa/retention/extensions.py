"""What retention adds to other apps (loaded by LotsaAppConfig.ready)."""

from typing import Any

from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.views import person_page_parts
from lotsa.retention.policy import can_make_extract


def person_page_extract(actor: User, participant: Participant) -> dict[str, Any]:
    return {"can_make_extract": can_make_extract(actor, participant)}


person_page_parts.register("retention", person_page_extract, order=90)
