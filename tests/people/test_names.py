import pytest

from athena.people.identifiers import canonical_cro_number, canonical_pnc_id
from athena.people.names import (
    QUERY_MAX_TOKENS,
    name_match_score,
    normalise_name,
    person_search_text,
    phonetic_keys_for_text,
    query_tokens,
)


@pytest.mark.parametrize(("typed", "normalised"), [
    ("John  SMITH", "john smith"),
    ("O'Brien", "obrien"),
    ("O\u2019Brien", "obrien"),
    ("Smith-Jones", "smith jones"),
    ("Zoë Ångström", "zoe angstrom"),
    ("'; DROP TABLE people_person;--", "drop table people person"),
    (".*(", ""),
    ("😀", ""),
    ("\x00", ""),
    ("\ud800", ""),
    ("", ""),
    (None, ""),
])
def test_normalise_name_keeps_only_lower_case_letters(typed, normalised):
    assert normalise_name(typed) == normalised


def test_query_tokens_drop_repeats_and_stop_at_the_cap():
    assert query_tokens("smith Smith john") == ["smith", "john"]
    many = " ".join(f"name{letter}" for letter in "abcdefghijklmnop")
    assert len(query_tokens(many)) == QUERY_MAX_TOKENS


def test_query_tokens_read_only_the_first_200_characters():
    assert query_tokens("a" * 199 + " smith") == ["a" * 199]


def test_search_text_holds_own_name_then_each_alias():
    text = person_search_text(forenames="John", surname="Smith",
                              aliases=[("Jack", "Smith"), ("John", "Smith")])
    assert text == "john smith | jack smith"


def test_phonetic_keys_are_unique_sorted_metaphone_keys():
    assert phonetic_keys_for_text("john smith | jon smyth") == "JN SM0"


@pytest.mark.parametrize("query", ["Jon Smyth", "Smith John", "SMITH, John", "J Smith"])
def test_spelling_and_word_order_still_match(query):
    assert name_match_score(query_tokens(query), "john smith") >= 0.8


@pytest.mark.parametrize("query", ["Jane Brown", "Smith Rebecca", "Khan"])
def test_different_names_do_not_match(query):
    assert name_match_score(query_tokens(query), "john smith") < 0.8


def test_a_match_on_an_alias_counts_a_little_less_than_on_the_own_name():
    own = name_match_score(["jack"], "jack smith | john smith")
    alias = name_match_score(["jack"], "john smith | jack smith")
    assert alias < own == 1.0
    assert alias > 0.9


@pytest.mark.parametrize(("typed", "canonical"), [
    ("12/345678A", "12/345678A"),
    ("12/0345678a", "12/345678A"),
    ("2012/345678A", "12/345678A"),
    (" 12 / 345678 A ", "12/345678A"),
    ("12345678A", None),
    ("12/345678", None),
    ("AB/345678A", None),
    ("", None),
])
def test_pnc_ids_are_checked_for_shape_and_spelled_one_way(typed, canonical):
    assert canonical_pnc_id(typed) == canonical


@pytest.mark.parametrize(("typed", "canonical"), [
    ("123456/12A", "123456/12A"),
    ("012345/12a", "12345/12A"),
    ("SF123/99Z", "SF123/99Z"),
    ("1234567/12A", None),
    ("123456/2012A", None),
])
def test_cro_numbers_are_checked_for_shape_and_spelled_one_way(typed, canonical):
    assert canonical_cro_number(typed) == canonical
