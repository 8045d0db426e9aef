"""A referral that does not meet its guideline is not ranked as prioritised in the queue.

Priority (young people first) orders those who may get the support; the evaluation now gives it
only when the result is met or needs an assessment. Stored referrals are mended to match.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Referral.objects.filter(eligibility="not_met", is_priority=True).update(is_priority=False)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_referral_acceptance_assessment")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
