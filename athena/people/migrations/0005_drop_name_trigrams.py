"""PostgreSQL only: drop the trigram index of ``search_text`` (0002), which nothing reads
any more: names spelt like a typed word are found through the names' dictionary (0003),
and names with every typed word through the words' index (selectors.py). At 10,000,000
people it was the biggest of the people's indexes, and every name written updated it.
The pg_trgm extension stays (the dictionary's index and other apps use it).
"""

from django.db import migrations

FORWARD = ["DROP INDEX IF EXISTS people_person_search_text_trgm"]
BACKWARD = ["CREATE INDEX IF NOT EXISTS people_person_search_text_trgm "
            "ON people_person USING gin (search_text gin_trgm_ops)"]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_names_index"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD),
                             elidable=False),
    ]
