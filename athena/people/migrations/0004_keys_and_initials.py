"""PostgreSQL only: one GIN index on each person's phonetic keys and the initials of
their names' words, in place of the keys' own index (0002).

The search's loosest kind of match is a word that sounds like a typed one and the other
words starting with the typed words' letters ("Sean" for "Shaun"). Tested row by row,
the initials cost a read of every person with the key: for "Ingdale, Ryan", every Ryan
(16,300 at 2,000,000 people, 55 ms; five times that nationally). In one array with the
keys, ``@> {RYN, i}`` is one index scan, which skips through the common initial's
entries by the rarer key's (3 ms). Keys are Metaphone's capitals (and 0); the initials
are lower case, so the two never collide. The initials follow ``search_text`` at once;
the keys follow the index job (services.person_index_names).
"""

from django.db import migrations

# Same expression as selectors._KeysAndInitials, so that `@>` and `&&` can use the index.
KEYS_AND_INITIALS = ("string_to_array((phonetic_keys || ' ') || "
                     "regexp_replace(search_text, '([^ ])[^ ]*', '\\1', 'g'), ' ')")

FORWARD = [
    "CREATE INDEX IF NOT EXISTS people_person_keys_initials_gin "
    f"ON people_person USING gin (({KEYS_AND_INITIALS}))",
    "DROP INDEX IF EXISTS people_person_phonetic_keys_gin",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS people_person_phonetic_keys_gin "
    "ON people_person USING gin (string_to_array(phonetic_keys, ' '))",
    "DROP INDEX IF EXISTS people_person_keys_initials_gin",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_words"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD),
                             elidable=False),
    ]
