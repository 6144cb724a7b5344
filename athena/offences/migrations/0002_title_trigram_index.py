"""PostgreSQL only: a trigram index for the offence picker's word search.

``title__icontains`` becomes ``UPPER(title::text) LIKE UPPER(...)`` on PostgreSQL; this
index on the same expression lets it skip the sequential scan of 15,352 titles per word
(bench/offence_search.py: p95 from about 33-62 ms down to 25-32 ms). Not declared in the
model's Meta, so SQLite (which cannot build it) is untouched.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS offences_offence_title_trgm "
    "ON offences_offence USING gin ((UPPER(title::text)) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS offences_offence_title_trgm"]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("offences", "0001_initial")]
    operations = [migrations.RunPython(_run_on_postgresql(FORWARD),
                                       _run_on_postgresql(BACKWARD))]
