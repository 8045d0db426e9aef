"""The "Meddelanden" column of the case lists ("Mina ärenden"): threads waiting on the coach
and threads with something the coach has not read, each one subquery; the cell links to the
case page's messages."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from lotsa.messaging.constants import Side, Waiting
from lotsa.messaging.models import Thread, ThreadReading

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User


def _count(threads: "QuerySet[Thread]") -> Coalesce:
    counted = threads.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_messages(cases: "QuerySet[Case]", actor: "User", today: date) -> "QuerySet[Case]":
    """`messages_waiting` and `messages_unread` on every row of the list."""
    read_since = ThreadReading.objects.filter(
        thread=OuterRef("pk"), side=Side.COACH, read_at__gte=OuterRef("last_message_at")
    )
    unread = Thread.objects.filter(case=OuterRef("pk")).filter(
        ~Q(last_side=Side.COACH), ~Exists(read_since)
    )
    return cases.annotate(
        messages_waiting=_count(
            Thread.objects.filter(case=OuterRef("pk"), waiting_on=Waiting.ON_COACH)
        ),
        messages_unread=_count(unread),
    )


def messages_cell(case: "Case", today: date) -> SafeString | str:
    """Badges for what waits and what is unread, linked to the case's messages; "–" if nothing."""
    waiting, unread = case.messages_waiting, case.messages_unread  # type: ignore[attr-defined]
    if not (waiting or unread):
        return "–"
    badges = []
    if waiting:
        text = ngettext("%(n)s väntar på dig", "%(n)s väntar på dig", waiting) % {"n": waiting}
        badges.append(format_html('<span class="badge badge--needs_assessment">{}</span>', text))
    if unread:
        text = ngettext("%(n)s oläst", "%(n)s olästa", unread) % {"n": unread}
        badges.append(format_html(' <span class="badge">{}</span>', text))
    url = reverse("cases:detail", args=[case.pk])
    return format_html(
        '<a href="{}#messages">{}</a>', url, format_html_join("", "{}", ((b,) for b in badges))
    )
