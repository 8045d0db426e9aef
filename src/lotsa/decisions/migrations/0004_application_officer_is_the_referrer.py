"""Application.officer is the referrer who handles it (docs/glossary.md): rename the field.

The column is renamed in place; its index (application_by_officer) stays on it in the
database, so only the migration state is told that the index now names `referrer`.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_attach_decisions_to_cases_and_seed_delegations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="application", name="application_by_officer")
            ]
        ),
        migrations.RenameField(model_name="application", old_name="officer", new_name="referrer"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="application",
                    index=models.Index(
                        fields=["referrer", "status"], name="application_by_officer"
                    ),
                )
            ]
        ),
    ]
