from django.db import migrations


class Migration(migrations.Migration):
    """Detention events and booking details were built side by side."""

    dependencies = [
        ("custody", "0006_detention_events"),
        ("custody", "0007_booking_details"),
    ]
    operations = []
