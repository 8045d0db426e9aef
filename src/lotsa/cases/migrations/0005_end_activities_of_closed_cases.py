"""Mend plans closed before closure reached every activity: an activity of a closed case that
was still planned or ongoing, or ran past the closure, ends on the closure date ("Genomförd");
one that was due to start after the closure is "Avbruten". Reversing changes nothing: the old
state was wrong, and nothing records which rows were mended except their dates."""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery

OPEN = ("planned", "ongoing")


def end_activities_of_closed_cases(apps, schema_editor):
    Activity = apps.get_model("cases", "Activity")
    Case = apps.get_model("cases", "Case")
    closed = Activity.objects.filter(case__status="closed", case__closed_on__isnull=False)
    began = closed.filter(starts_on__lte=F("case__closed_on"))
    closure = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("closed_on")[:1])
    began.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=F("case__closed_on"))).update(
        ends_on=closure
    )
    began.filter(status__in=OPEN).update(status="done")
    closed.filter(starts_on__gt=F("case__closed_on"), status__in=OPEN).update(status="cancelled")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_activity_handed_over_to")]

    operations = [
        migrations.RunPython(end_activities_of_closed_cases, migrations.RunPython.noop),
    ]
