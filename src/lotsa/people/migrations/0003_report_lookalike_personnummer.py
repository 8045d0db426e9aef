"""Rewrite personnummer stored in non-ASCII digits; report look-alike duplicates (deletes none)."""

from django.db import migrations

from lotsa.people.lookalikes import lookalike_review


def review(apps, schema_editor):  # noqa: ANN001, ANN201
    report = lookalike_review(apps.get_model("people", "Participant"))
    if report.normalised or report.duplicates:
        print("\n" + report.summary())  # noqa: T201 - the operator reads this during migrate


class Migration(migrations.Migration):
    dependencies = [("people", "0002_participant_registered_by")]

    operations = [migrations.RunPython(review, migrations.RunPython.noop, elidable=True)]
