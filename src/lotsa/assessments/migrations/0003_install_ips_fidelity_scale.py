"""Ship the 25-item IPS fidelity scale (data/ips_fidelity.json) as data every unit can use.

The file is read as it is today; a revised scale is a new file and a new migration, never an
edit of this one's rows (reviews point at the items they were scored on).
"""

import json
from pathlib import Path

from django.db import migrations

SCALE_FILE = Path(__file__).resolve().parent.parent / "data" / "ips_fidelity.json"


def install(apps, schema_editor):
    scale_model = apps.get_model("assessments", "FidelityScale")
    item_model = apps.get_model("assessments", "FidelityItem")
    band_model = apps.get_model("assessments", "FidelityBand")
    document = json.loads(SCALE_FILE.read_text(encoding="utf-8"))
    if scale_model.objects.filter(key=document["key"]).exists():
        return
    scale = scale_model.objects.create(
        **{
            name: document[name]
            for name in (
                "key",
                "name",
                "method",
                "edition",
                "source",
                "description",
                "item_min",
                "item_max",
            )
        }
    )
    item_model.objects.bulk_create(item_model(scale=scale, **item) for item in document["items"])
    band_model.objects.bulk_create(band_model(scale=scale, **band) for band in document["bands"])


def remove(apps, schema_editor):
    scale_model = apps.get_model("assessments", "FidelityScale")
    for scale in scale_model.objects.filter(key="ips_25", reviews__isnull=True):
        scale.items.all().delete()
        scale.bands.all().delete()
        scale.delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_fidelity_scales_and_reviews")]

    operations = [migrations.RunPython(install, remove)]
