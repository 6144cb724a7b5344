"""PostgreSQL only: the names' words as a dictionary, for names spelt like a typed word.

Looking for names spelt like a typed word with the trigram index on ``search_text``
reads the posting lists of the word's trigrams, and in a national index every common
trigram has millions of people (120 to 130 ms a typed word at 10,000,000 people). The
distinct words of all names are a few hundred thousand at most: the search finds the
words spelt like the typed one there (``people_name_word``, with its own trigram index)
and then the people who have one of those words (a GIN index on the words of
``search_text``). pg_trgm's documentation suggests the same for spelling suggestions.

The database keeps the dictionary: a trigger adds the words of every ``search_text``
written, however it is written (the services, the admin, the demo data, a bulk load).
Words are never removed; a word nobody has any more finds nobody. Not a model: nothing
in the app writes it, and SQLite, the quick start's database, searches without it
(see selectors.py).
"""

from django.db import migrations

# The words of search_text as an array (migration 0004 replaces this index with one on
# the words, phonetic keys and initials together: people_person_names_gin).
NAME_WORDS = "string_to_array(search_text, ' ')"
# The separator between a person's names in search_text (names.NAME_SEPARATOR) is not
# a word.
WORDS_OF_NEW_ROW = ("SELECT DISTINCT word FROM unnest(string_to_array(NEW.search_text, ' '))"
                    " AS word WHERE word NOT IN ('', '|') ORDER BY word")
# Also run by bench/intelligence_data.py after a bulk load made with the trigger off.
FILL_FROM_EVERY_PERSON = (
    "INSERT INTO people_name_word (word) SELECT DISTINCT word FROM people_person, "
    "unnest(string_to_array(search_text, ' ')) AS word WHERE word NOT IN ('', '|') "
    "ON CONFLICT DO NOTHING")
TRIGGER = "people_person_name_words"

FORWARD = [
    "CREATE TABLE IF NOT EXISTS people_name_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS people_name_word_trgm "
    "ON people_name_word USING gin (word gin_trgm_ops)",
    # In the words' order, so that two sessions adding the same new words cannot
    # deadlock on them.
    f"""CREATE OR REPLACE FUNCTION people_name_word_record() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO people_name_word (word) {WORDS_OF_NEW_ROW}
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON people_person",
    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OF search_text "
    "ON people_person FOR EACH ROW EXECUTE FUNCTION people_name_word_record()",
    FILL_FROM_EVERY_PERSON,
    "CREATE INDEX IF NOT EXISTS people_person_name_words_gin "
    f"ON people_person USING gin (({NAME_WORDS}))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS people_person_name_words_gin",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON people_person",
    "DROP FUNCTION IF EXISTS people_name_word_record()",
    "DROP TABLE IF EXISTS people_name_word",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_trigram_search"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD),
                             elidable=False),
    ]
