"""The word search reads the newest reports first (intelligence/search.py).

Two indexes on the date obtained, of every force and of one, declared in the model; and,
on PostgreSQL only, the report's words stored in a column, ``search_words``, generated
from the title (weight A) and the sanitised text (weight B), with the GIN index on it
that replaces 0002's index on the same expression. Stored, so that testing a report's
words while walking the newest reports costs a column read rather than a parse of its
text. Not a model field: the ORM would read it with every report it loads, and SQLite,
which the quick start runs on, has no tsvector. IF [NOT] EXISTS, so that a database
whose column was added before its rows were loaded (bench/scale/build.py) migrates too.
"""

from django.db import migrations, models

WORDS = ("setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
         "setweight(to_tsvector('english'::regconfig, coalesce(sanitised_text, '')), 'B')")
TABLE = "intelligence_intelligencereport"

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_words tsvector "
    f"GENERATED ALWAYS AS ({WORDS}) STORED",
    f"CREATE INDEX IF NOT EXISTS intelligence_report_search_words_gin ON {TABLE} "
    "USING gin (search_words)",
    "DROP INDEX IF EXISTS intelligence_report_words_gin",
]
BACKWARDS = [
    f"CREATE INDEX IF NOT EXISTS intelligence_report_words_gin ON {TABLE} "
    f"USING gin (({WORDS}))",
    "DROP INDEX IF EXISTS intelligence_report_search_words_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_words",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("intelligence", "0004_force_dissemination_policy"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="intelligencereport",
            index=models.Index(fields=["obtained_on", "id"], name="intel_report_obtained_idx"),
        ),
        migrations.AddIndex(
            model_name="intelligencereport",
            index=models.Index(fields=["originating_force", "obtained_on", "id"],
                               name="intel_report_force_date_idx"),
        ),
        migrations.RunPython(_run_on_postgresql(FORWARDS), _run_on_postgresql(BACKWARDS),
                             elidable=False),
    ]
