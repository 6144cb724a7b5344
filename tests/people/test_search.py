"""person_search and person_likely_duplicates, on whichever database the run uses."""

from datetime import date

import pytest
from django.db import connection

from athena.jobs.models import Job
from athena.jobs.tasks import run_job
from athena.people.models import Person
from athena.people.selectors import (
    CANDIDATE_LIMIT,
    NAME_SEARCH_WORK_MEM,
    SPELLING_WORDS,
    person_likely_duplicates,
    person_search,
)
from athena.people.services import person_alias_add, person_create, person_update
from tests.people.factories import AliasFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _names(people):
    return [person.full_name for person in people]


@pytest.mark.parametrize("query", ["John Smith", "Jon Smyth", "Smith John", "smith, john",
                                   "J Smith", "JOHN SMITH"])
def test_search_finds_a_person_despite_spelling_and_word_order(query, john_smith):
    assert _names(person_search(query=query)) == ["John SMITH"]


def test_search_finds_mohammed_from_mohamed():
    PersonFactory(forenames="Mohammed", surname="Ali")
    assert _names(person_search(query="Mohamed")) == ["Mohammed ALI"]


def test_search_finds_a_person_by_an_alias():
    person = PersonFactory(forenames="John", surname="Smith")
    AliasFactory(person=person, forenames="Jack", surname="Daniels")
    results = person_search(query="Jack Daniels")
    assert [result.pk for result in results] == [person.pk]


def test_search_lists_the_exact_spelling_first(john_smith):
    PersonFactory(forenames="Jon", surname="Smyth")
    assert _names(person_search(query="Jon Smyth")) == ["Jon SMYTH", "John SMITH"]


def test_search_does_not_list_people_with_other_names(john_smith):
    PersonFactory(forenames="Jane", surname="Brown")
    assert _names(person_search(query="Brown")) == ["Jane BROWN"]


def test_a_date_of_birth_lifts_people_born_that_day_without_hiding_the_rest():
    older = PersonFactory(forenames="John", surname="Smith", date_of_birth=date(1970, 1, 1))
    younger = PersonFactory(forenames="John", surname="Smith", date_of_birth=date(1990, 6, 30))
    unknown = PersonFactory(forenames="John", surname="Smith", date_of_birth=None)
    results = person_search(query="John Smith", date_of_birth=date(1990, 6, 30))
    assert [person.pk for person in results][0] == younger.pk
    assert {person.pk for person in results} == {older.pk, younger.pk, unknown.pk}


def test_a_pnc_id_in_any_spelling_finds_that_person(john_smith):
    john_smith.pnc_id = "12/345678A"
    john_smith.save()
    PersonFactory(forenames="John", surname="Smith")
    assert [p.pk for p in person_search(query="2012/0345678a")] == [john_smith.pk]


def test_a_cro_number_finds_that_person(john_smith):
    john_smith.cro_number = "123456/12A"
    john_smith.save()
    assert [p.pk for p in person_search(query="123456/12a")] == [john_smith.pk]


def test_search_stops_at_the_limit():
    PersonFactory.create_batch(5, forenames="John", surname="Smith")
    assert len(person_search(query="John Smith", limit=3)) == 3


@pytest.mark.parametrize("query", [
    "", "   ", "x" * 20_000, "'; DROP TABLE people_person;--", ".*(", "'", '"', "\\",
    "%", "_", "%_%", "😀", "😀 Smith", "\x00", "Smith\x00", "\ud800", "[[:alpha:]]", "()",
    "SELECT * FROM people_person", "a" * 199 + " smith", "ʻ", "李", "١٢/٣٤٥٦٧٨A",
])
def test_hostile_queries_return_a_list_and_never_raise(query, john_smith):
    results = person_search(query=query)
    assert isinstance(results, list)
    assert Person.objects.filter(pk=john_smith.pk).exists()


def test_an_empty_query_finds_nobody(john_smith):
    assert person_search(query="") == []
    assert person_search(query=".*(") == []


def test_phonetic_keys_written_by_the_index_job_find_a_name_spelled_differently(officer):
    person = person_create(acting_user=officer, surname="Gonzalez", forenames="Catherine")
    assert person.phonetic_keys == ""
    run_job(Job.objects.get(kind="people.person.index", object_id=str(person.pk)).pk)
    assert [p.pk for p in person_search(query="Katherine Gonzales")] == [person.pk]


def test_likely_duplicates_need_a_similar_name_and_the_same_birth_date(john_smith):
    found = person_likely_duplicates(surname="Smyth", forenames="Jon",
                                     date_of_birth=date(1985, 11, 27))
    assert [p.pk for p in found] == [john_smith.pk]


def test_a_different_birth_date_is_not_a_likely_duplicate(john_smith):
    assert person_likely_duplicates(surname="Smith", forenames="John",
                                    date_of_birth=date(1960, 3, 2)) == []


def test_a_birth_date_with_day_and_month_swapped_is_a_likely_duplicate(john_smith):
    john_smith.date_of_birth = date(1985, 11, 7)
    john_smith.save()
    found = person_likely_duplicates(surname="Smith", forenames="John",
                                     date_of_birth=date(1985, 7, 11))
    assert [p.pk for p in found] == [john_smith.pk]


def test_without_a_birth_date_only_an_almost_identical_name_is_a_likely_duplicate(john_smith):
    assert [p.pk for p in person_likely_duplicates(surname="Smith", forenames="John")] == [
        john_smith.pk]
    assert person_likely_duplicates(surname="Smyth", forenames="Jonny") == []


def test_likely_duplicates_of_a_name_with_no_letters_are_none(john_smith):
    assert person_likely_duplicates(surname="--", forenames="..") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_candidates_are_read_with_memory_for_exact_bitmaps(john_smith):
    """With too little work_mem a common name's bitmap goes lossy and PostgreSQL tests
    the trigrams of every person on its pages: 8 s for one misspelt name at national
    scale (docs/benchmarks.md)."""
    memory = []

    def observe(execute, sql, params, many, context):
        if 'FROM "people_person"' in sql and "UNION ALL" in sql:
            context["cursor"].execute("SELECT current_setting('work_mem')")
            memory.append(context["cursor"].fetchone()[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(observe):
        assert _names(person_search(query="Jon Smyth")) == ["John SMITH"]
    assert memory == [NAME_SEARCH_WORK_MEM]


# --- Names spelt like a typed word (PostgreSQL: the names' dictionary, migration 0003) ---

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the dictionary is PostgreSQL's")


def _dictionary(*words):
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM people_name_word WHERE word = ANY(%s) ORDER BY word",
                       [list(words)])
        return [row[0] for row in cursor.fetchall()]


def test_a_misspelling_that_sounds_different_finds_the_name(officer):
    """"Okafom" neither sounds like "Okafor" (OKFM, OKFR) nor is it a word of any name:
    only its spelling finds her, before any index job has run."""
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze")
    PersonFactory(forenames="Adaeze", surname="Mensah")
    assert [p.pk for p in person_search(query="Okafom")] == [person.pk]


@postgresql_only
def test_the_database_records_every_word_of_a_name_once_however_it_is_written(officer):
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze Ngozi")
    person_alias_add(acting_user=officer, person=person, surname="Okeke", forenames="Ada")
    person_update(acting_user=officer, person=person, surname="Okonkwo")
    PersonFactory(forenames="Adaeze", surname="Okafor")  # a second writer, the same words
    assert _dictionary("ada", "adaeze", "ngozi", "okafor", "okeke", "okonkwo", "|") == [
        "ada", "adaeze", "ngozi", "okafor", "okeke", "okonkwo"]


@postgresql_only
def test_names_spelt_like_a_word_are_found_through_the_dictionary(officer):
    """The candidates' query looks for the typed word among the dictionary's words, not
    the names' trigrams: a word missing from it finds nobody by spelling."""
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze")
    person_alias_add(acting_user=officer, person=person, surname="Wojciechowski", forenames="")
    assert [p.pk for p in person_search(query="Wojciechowsky")] == [person.pk]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_name_word WHERE word = 'okafor'")
    assert person_search(query="Okafom") == []
    assert [p.pk for p in person_search(query="Okafor")] == [person.pk]


@postgresql_only
def test_the_closest_of_many_words_spelt_alike_are_the_ones_looked_for(officer):
    """A real dictionary holds thousands of words like a typed one; the search looks for
    people with the SPELLING_WORDS closest, and the name meant is among them."""
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze")
    # All before "okafor" in the alphabet, so only closeness puts it among those read.
    alike = [f"okafa{first}{second}" for first in "bcdefghij" for second in "bcdefghij"]
    assert len(alike) > SPELLING_WORDS
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO people_name_word SELECT unnest(%s::text[])", [alike])
    assert [p.pk for p in person_search(query="Okafom")] == [person.pk]


@pytest.mark.parametrize("query", ["Adaexe Okafor", "Adaeze Okafom", "Adaexe Okafom"])
def test_each_word_may_be_spelt_like_or_sound_like_the_name(officer, query):
    """The spelt-like candidates are one AND of index conditions for each way of choosing
    between sound and spelling ("Adaexe" and "Okafom" neither sound like nor are words of
    the name): whichever word is misspelt, or both, she is found."""
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze")
    run_job(Job.objects.get(kind="people.person.index", object_id=str(person.pk)).pk)
    PersonFactory(forenames="Adaeze", surname="Mensah")
    PersonFactory(forenames="Grace", surname="Okafor")
    assert [p.pk for p in person_search(query=query)] == [person.pk]


def test_a_near_spelling_that_sounds_different_is_forgiven_when_the_rest_matches(officer):
    """"Shaun" neither sounds like "Sean" (XN, SN) nor shares its spelling's trigrams:
    he is found as a name with one word sounding like a typed one ("Ingdale") and the
    other starting as typed."""
    person = person_create(acting_user=officer, surname="Ingdale", forenames="Sean")
    run_job(Job.objects.get(kind="people.person.index", object_id=str(person.pk)).pk)
    PersonFactory(forenames="Sean", surname="Murphy")
    PersonFactory(forenames="Rhys", surname="Ingdale")
    assert [p.pk for p in person_search(query="Shaun Ingdale")] == [person.pk]


def test_typed_initials_match_a_name_as_soon_as_it_is_written(officer):
    """The initials come from the names as written, not from the index job."""
    person = person_create(acting_user=officer, surname="Okafor", forenames="Adaeze Ngozi")
    PersonFactory(forenames="Grace", surname="Okafor")
    assert [p.pk for p in person_search(query="A N Okafor")] == [person.pk]
    assert [p.pk for p in person_search(query="Okafor, N")] == [person.pk]


def test_names_with_every_typed_word_are_read_before_names_that_sound_alike():
    """With more people sounding like the query than the candidates read, the ones whose
    names hold every typed word are among them."""
    PersonFactory.create_batch(CANDIDATE_LIMIT + 20, forenames="Jon", surname="Smyth")
    wanted = PersonFactory(forenames="John", surname="Smith")
    assert person_search(query="John Smith", limit=1) == [wanted]
