"""Decisions reach their case directly, and every organisation's register starts as today.

Granted decisions (and their extensions) whose referral became a case now name that case. Each
organisation gets one register row with today's rule: the handling officer grants, rejects and
extends, in force since always (decisions.policy.STANDING_DELEGATION), so no decision that could
be taken before the migration is refused after it.
"""

import datetime

from django.db import migrations


def forwards(apps, schema_editor):
    Decision = apps.get_model("decisions", "Decision")
    Delegation = apps.get_model("decisions", "Delegation")
    Organisation = apps.get_model("organisations", "Organisation")
    Case = apps.get_model("cases", "Case")
    for case_id, referral_id in Case.objects.filter(referral__decision__isnull=False).values_list(
        "pk", "referral_id"
    ):
        applications = Decision.objects.filter(referral_id=referral_id).values("application_id")
        Decision.objects.filter(application_id__in=applications, case__isnull=True).update(
            case_id=case_id
        )
    for organisation in Organisation.objects.all():
        if Delegation.objects.filter(organisation=organisation).exists():
            continue
        Delegation.objects.create(
            organisation=organisation,
            delegate="handling_officer",
            may_grant=True,
            may_reject=True,
            may_extend=True,
            valid_from=datetime.date(1900, 1, 1),
            reference="Standard: ansvarig handläggare",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_decision_case_and_delegation_register"),
        ("cases", "0003_plan_comment_and_extent_range"),
        ("organisations", "0002_partner_and_participant_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
