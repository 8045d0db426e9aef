"""The "Meddelanden" column of the case lists ("Mina ärenden"): threads waiting on the coach
and threads with something the coach has not read, each one subquery."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

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
