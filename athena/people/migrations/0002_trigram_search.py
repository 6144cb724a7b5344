"""PostgreSQL only: pg_trgm and the GIN indexes of the name search.

Not declared in the models' Meta (a GinIndex there would be created on SQLite too and
fail), so model state and migrations agree and ``makemigrations --check`` stays clean.
On SQLite these operations do nothing; the search falls back (see selectors.py).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_person_search_text_trgm "
    "ON people_person USING gin (search_text gin_trgm_ops)",
    # Same expression as selectors._postgresql_candidates, so `&&` can use it.
    "CREATE INDEX IF NOT EXISTS people_person_phonetic_keys_gin "
    "ON people_person USING gin (string_to_array(phonetic_keys, ' '))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS people_person_phonetic_keys_gin",
    "DROP INDEX IF EXISTS people_person_search_text_trgm",
    # The extension stays: other apps may use it.
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD),
                             elidable=False),
    ]
