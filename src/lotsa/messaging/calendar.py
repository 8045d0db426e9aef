"""A meeting as an iCalendar file (.ics) for the person's phone calendar."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import policy as case_policy
from lotsa.collaboration.models import CoordinationMeeting

if TYPE_CHECKING:
    from lotsa.organisations.models import User

MEETING_LENGTH = timedelta(hours=1)


def meeting_calendar_file(*, actor: "User", meeting: CoordinationMeeting) -> bytes:
    """The meeting as one VEVENT: when, where and with whom; the download is audited as an
    export. Only the person whose case it is gets it."""
    case = meeting.case
    if not case_policy.is_case_participant(actor, case):
        raise PermissionDenied
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Lotsa//Mina sidor//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"lotsa-meeting-{meeting.pk}@lotsa")
    event.add("summary", _("Möte: %(kind)s") % {"kind": meeting.get_kind_display()})
    if meeting.starts_at:
        starts = datetime.combine(meeting.meets_on, meeting.starts_at, tzinfo=zone)
        event.add("dtstart", starts)
        event.add("dtend", starts + MEETING_LENGTH)
    else:
        event.add("dtstart", meeting.meets_on)
    if meeting.place:
        event.add("location", meeting.place)
    partners = ", ".join(partner.name for partner in meeting.partners.all())
    coach = case.coach
    description = _("Med din arbetscoach %(coach)s") % {"coach": coach.get_full_name()}
    if partners:
        description += _(" och %(partners)s") % {"partners": partners}
    event.add("description", description + ".")
    event.add("dtstamp", datetime.now(tz=zone))
    calendar.add_component(event)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=meeting,
            participant=case.participant,
            summary=_("Deltagaren laddade ner mötet %(date)s till sin kalender")
            % {"date": meeting.meets_on},
        )
    return calendar.to_ical()
