"""Mend installed guidelines: conditional target groups, and each organisation's own name.

Target groups whose text says they are admitted "vid utrymme och efterfrågan" become
conditional. Guidance texts that name Danderyd in another organisation's guideline (installed
from Danderyd's document) name the organisation instead. Published versions are frozen for the
rules; these are the group's admission flag as the text already says and help texts that no
decision copies, so they are corrected in place (queryset updates, no save()).
"""

from django.db import migrations
from django.db.models import Q

DANDERYD = "Danderyds kommun"


def forwards(apps, schema_editor):
    TargetGroup = apps.get_model("guidelines", "TargetGroup")
    Criterion = apps.get_model("guidelines", "Criterion")
    TargetGroup.objects.filter(
        Q(name__icontains="utrymme och efterfrågan")
        | Q(description__icontains="utrymme och efterfrågan")
    ).update(is_conditional=True)
    for criterion in Criterion.objects.filter(help_text__contains=DANDERYD).select_related(
        "version__guideline__organisation"
    ):
        organisation = criterion.version.guideline.organisation.name
        if organisation == DANDERYD:
            continue
        Criterion.objects.filter(pk=criterion.pk).update(
            help_text=criterion.help_text.replace(DANDERYD, organisation)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0005_target_group_is_conditional"),
        ("organisations", "0002_partner_and_participant_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
