from django.db import migrations


class Migration(migrations.Migration):
    """Medication and healthcare were built side by side; neither depends on the other."""

    dependencies = [
        ("custody", "0003_medication"),
        ("custody", "0004_healthcare"),
    ]
    operations = []
