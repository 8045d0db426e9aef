"""Mend placements of cases closed before closure reached them: a placement of a closed case
that was still planned or ongoing, or ran past the closure, ends on the closure date
("Avslutad"), which frees its arena seat and stops its subsidy cost; one due to start after the
closure is "Avbruten". Reversing changes nothing (the old state was wrong)."""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery

OPEN = ("planned", "ongoing")


def end_placements_of_closed_cases(apps, schema_editor):
    Placement = apps.get_model("work", "Placement")
    Case = apps.get_model("cases", "Case")
    closed = Placement.objects.filter(case__status="closed", case__closed_on__isnull=False)
    began = closed.filter(starts_on__lte=F("case__closed_on"))
    closure = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("closed_on")[:1])
    began.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=F("case__closed_on"))).update(
        ends_on=closure, version=F("version") + 1
    )
    began.filter(status__in=OPEN).update(status="ended", version=F("version") + 1)
    closed.filter(starts_on__gt=F("case__closed_on"), status__in=OPEN).update(
        status="cancelled", version=F("version") + 1
    )


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0002_placements_attendance_job_profiles"),
        ("cases", "0005_end_activities_of_closed_cases"),
    ]

    operations = [
        migrations.RunPython(end_placements_of_closed_cases, migrations.RunPython.noop),
    ]
