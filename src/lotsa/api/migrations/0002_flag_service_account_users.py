"""Mark the users that existing service accounts act as, so the visibility policy knows them."""

from django.db import migrations


def flag_users(apps, schema_editor):
    ServiceAccount = apps.get_model("api", "ServiceAccount")
    User = apps.get_model("organisations", "User")
    User.objects.filter(
        pk__in=ServiceAccount.objects.values("user_id")
    ).update(is_service_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("organisations", "0003_user_is_service_account"),
    ]

    operations = [migrations.RunPython(flag_users, migrations.RunPython.noop)]
