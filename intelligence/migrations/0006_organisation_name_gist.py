"""PostgreSQL only: the organisations' names in a GiST trigram index, in place of 0002's
GIN one, so that the search reads the organisations closest to the query first and
stops at the few it needs (``ORDER BY query <<-> name LIMIT``). A GIN index can only
return every organisation like the query, to be sorted: at 200,000 organisations
"hand car wash" is like 17,140 names (106 ms; through GiST 2 ms).
"""

from django.db import migrations

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS people_organisation_name_gist "
    "ON people_organisation USING gist (name gist_trgm_ops)",
    "DROP INDEX IF EXISTS people_organisation_name_trgm",
]
BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS people_organisation_name_trgm "
    "ON people_organisation USING gin (name gin_trgm_ops)",
    "DROP INDEX IF EXISTS people_organisation_name_gist",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("intelligence", "0005_report_search_words"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARDS), _run_on_postgresql(BACKWARDS),
                             elidable=False),
    ]
