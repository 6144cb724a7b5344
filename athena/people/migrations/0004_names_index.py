"""PostgreSQL only: one GIN index on an array of each person's name words, phonetic keys
and the initials of their words, in place of the words' (0003) and the keys' (0002).

The search asks for combinations: a word's key and another word's spelling, a key and
the initials of the other typed words, every typed word. Across two indexes PostgreSQL
reads each condition's whole posting list and ANDs the bitmaps, and at 10,000,000 people
a common forename's key or spelling is hundreds of thousands of entries ("Michael
Burcombe": 329,808 with the key of Michael, 252,569 with his spellings, 74 ms). In one
array, conditions on it are one index scan, which skips through the common entries by
the rare ones' (4 ms). Words and initials are lower case and keys Metaphone's capitals
(and 0), so none is taken for another; a one-letter word is its own initial. The words
and initials follow ``search_text`` at once; the keys follow the index job
(services.person_index_names).

It also drops the trigram index of ``search_text`` (0002), which nothing reads any more:
names spelt like a typed word are found through the dictionary (0003), and names with
every typed word through this index. It was the biggest of the people's indexes, and
every name written updated it. The pg_trgm extension stays (the dictionary's index and
other apps use it).
"""

from django.db import migrations

# Same expression as selectors._NamesArray, so that `@>` and `&&` can use the index.
NAMES_ARRAY = ("string_to_array(search_text || ' ' || phonetic_keys || ' ' || "
               "regexp_replace(search_text, '([^ ])[^ ]*', '\\1', 'g'), ' ')")

FORWARD = [
    f"CREATE INDEX IF NOT EXISTS people_person_names_gin ON people_person "
    f"USING gin (({NAMES_ARRAY}))",
    "DROP INDEX IF EXISTS people_person_name_words_gin",
    "DROP INDEX IF EXISTS people_person_phonetic_keys_gin",
    "DROP INDEX IF EXISTS people_person_search_text_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS people_person_search_text_trgm "
    "ON people_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS people_person_phonetic_keys_gin "
    "ON people_person USING gin (string_to_array(phonetic_keys, ' '))",
    "CREATE INDEX IF NOT EXISTS people_person_name_words_gin "
    "ON people_person USING gin ((string_to_array(search_text, ' ')))",
    "DROP INDEX IF EXISTS people_person_names_gin",
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
