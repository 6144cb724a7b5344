import json
from pathlib import Path

from django.db import migrations

FORCES_FILE = Path(__file__).resolve().parents[2] / "data" / "cjs" / "forces.json"


def load_forces(apps, schema_editor):
    """Load every CJS force code (athena/data/cjs/forces.json); safe to run again."""
    Force = apps.get_model("accounts", "Force")
    for row in json.loads(FORCES_FILE.read_text(encoding="utf-8")):
        Force.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_forces, migrations.RunPython.noop)]
