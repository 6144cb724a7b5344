import pytest

from athena.offences.models import Offence
from athena.offences.selectors import (
    MAX_LIMIT,
    offence_get_by_code,
    offence_search,
    officer_word_offence,
)
from tests.offences.factories import OffenceFactory


def _codes(offences):
    return [offence.cjs_code for offence in offences]


def test_get_by_code_finds_the_offence(sample_catalogue):
    assert offence_get_by_code("TH68010").title == "Theft from a shop"


def test_get_by_code_ignores_case_and_spaces(sample_catalogue):
    assert offence_get_by_code("  th68010a ").cjs_code == "TH68010A"


def test_get_by_code_is_none_for_an_unknown_code(sample_catalogue):
    assert offence_get_by_code("TH68999") is None


@pytest.mark.parametrize("code", ["", "   ", None, 42, "TH68010" * 3000, "%", "TH6801_",
                                  "TH68010'", "\x00", "TH\x00", "\ud800", "😀"])
def test_get_by_code_is_none_for_anything_else(sample_catalogue, code):
    assert offence_get_by_code(code) is None


def test_search_by_code_puts_the_exact_code_first(sample_catalogue):
    assert _codes(offence_search(query="TH68010")) == [
        "TH68010", "TH68010A", "TH68010B", "TH68010C"]


def test_search_by_code_ignores_case(sample_catalogue):
    assert _codes(offence_search(query="th68010")) == _codes(offence_search(query="TH68010"))


def test_search_puts_code_matches_before_title_matches(sample_catalogue):
    # AB06001 and AE71001 have "th" in their titles ("the", "with"), not in their codes.
    assert _codes(offence_search(query="th")) == [
        "TH68010", "TH68010A", "TH68010B", "TH68010C", "TH68023", "AB06001", "AE71001"]


def test_search_by_words_finds_titles_holding_every_word(sample_catalogue):
    assert _codes(offence_search(query="shop theft")) == ["TH68010", "TH68010A", "TH68010B"]


def test_search_by_words_ignores_case_order_and_spaces(sample_catalogue):
    assert _codes(offence_search(query="  THEFT \t Shop  ")) == ["TH68010", "TH68010A",
                                                                 "TH68010B"]


def test_search_by_words_matches_parts_of_words(sample_catalogue):
    assert _codes(offence_search(query="rob")) == ["TH68023"]


def test_search_needs_every_word(sample_catalogue):
    assert _codes(offence_search(query="shop robbery")) == []


def test_search_hides_non_criminal_categories_by_default(sample_catalogue):
    assert _codes(offence_search(query="attachment earnings")) == ["AE71001"]
    assert _codes(offence_search(query="community order")) == []
    assert _codes(offence_search(query="AE71")) == ["AE71001"]


def test_search_can_include_non_criminal_categories(sample_catalogue):
    assert _codes(offence_search(query="attachment earnings", include_non_criminal=True)) == [
        "AE71001", "AE71501"]
    assert _codes(offence_search(query="community order", include_non_criminal=True)) == [
        "CJ03510"]


def test_search_returns_at_most_limit_offences(sample_catalogue):
    assert _codes(offence_search(query="TH", limit=2)) == ["TH68010", "TH68010A"]


def test_search_limit_is_capped(db):
    for number in range(MAX_LIMIT + 5):
        OffenceFactory(cjs_code=f"TH99{number:03d}")

    assert len(offence_search(query="TH99", limit=10_000)) == MAX_LIMIT


@pytest.mark.parametrize("limit", [0, -1, -10_000, None, "ten", float("inf"), float("nan")])
def test_search_with_no_usable_limit_finds_nothing(sample_catalogue, limit):
    assert list(offence_search(query="TH", limit=limit)) == []


def test_search_is_one_query(sample_catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(offence_search(query="shop theft"))


def test_search_counts_only_the_first_ten_distinct_words(sample_catalogue):
    query = "theft " * 50 + "shop " * 50 + " ".join(["zzz"] * 3)
    assert _codes(offence_search(query=query)) == ["TH68010", "TH68010A", "TH68010B"]


HOSTILE = [
    "", " ", "\t\n", "x" * 20_000, "a " * 10_000, "th " * 10_000, "%", "%%", "_", "__",
    "%_%", "\\", "\\%", "'", '"', "' OR 1=1 --", "'; DROP TABLE offences_offence; --",
    "😀", "theft 😀", "🏴‍☠️" * 5000, "\x00", "\x00" * 50, "\ud800", "shop\ud800",
    "[a-z]*", "(?i).*", "*", "NULL", "\u202e", "ſhop", "İ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_search_takes_any_text_without_error(sample_catalogue, query):
    results = list(offence_search(query=query))

    assert all(isinstance(offence, Offence) for offence in results)
    assert Offence.objects.count() == 11


@pytest.mark.parametrize("query", ["%", "%%", "_", "__", "%_%", "\\", "'", "x" * 20_000,
                                   "😀", "theft 😀"])
def test_search_wildcards_and_odd_text_match_only_themselves(sample_catalogue, query):
    assert list(offence_search(query=query, include_non_criminal=True)) == []


@pytest.mark.parametrize("query", [None, 3, ["theft"]])
def test_search_for_something_that_is_not_text_finds_nothing(sample_catalogue, query):
    assert list(offence_search(query=query)) == []


def test_search_drops_characters_a_database_cannot_take(sample_catalogue):
    assert _codes(offence_search(query="shop\x00 theft\ud800")) == ["TH68010", "TH68010A",
                                                                    "TH68010B"]


def test_search_the_whole_catalogue(full_catalogue):
    assert _codes(offence_search(query="TH68010"))[:1] == ["TH68010"]
    assert "TH68010" in _codes(offence_search(query="shop theft"))
    assert offence_get_by_code("TH68010").title == "Theft from a shop"


# --- Officers' words (issue 14) ------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "shoplifting", "Shoplifting", "shop lifting", "Shop-lifting", "shoplift", "theft shop",
    "shop theft", "s.1 theft", "S1 Theft", "section 1 theft", "retail theft",
    "shopliftng", "shopliftinng", "shoplfting",
])
def test_an_officers_word_for_shop_theft_finds_it_first(sample_catalogue, typed):
    found = list(offence_search(query=typed))

    assert found[0].cjs_code == "TH68010", [offence.cjs_code for offence in found]


@pytest.mark.parametrize(("typed", "code"), [
    ("beating", "CJ88116"), ("assault by beating", "CJ88116"), ("Battery", "CJ88116"),
])
def test_other_volume_crimes_by_their_everyday_names(sample_catalogue, typed, code):
    assert offence_search(query=typed)[0].cjs_code == code


@pytest.mark.parametrize("typed", ["theft", "robbery", "drive", "xyzzy shoplifting"])
def test_words_that_are_not_a_name_for_it_do_not_put_shop_theft_first(sample_catalogue,
                                                                      typed):
    assert officer_word_offence(typed) is None


def test_the_exact_code_still_comes_first(sample_catalogue):
    assert offence_search(query="TH68010A")[0].cjs_code == "TH68010A"
