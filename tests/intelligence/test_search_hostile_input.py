"""intelligence_search with hostile query strings: it returns results or empty results,
never raises, and leaves the data as it was. Run on SQLite and on PostgreSQL."""

import pytest

from intelligence.models import EntityType, IntelligenceReport
from intelligence.search import (
    EMPTY_QUERY_MESSAGE,
    QUERY_MAX_LENGTH,
    SearchFilters,
    SearchResults,
    intelligence_search,
)
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    # SQL syntax and LIKE wildcards
    "'; DROP TABLE intelligence_intelligencereport; --", "' OR 1=1 --", "%", "_", "%_%",
    "\\", "\\\\", "smith%", "smith_", "SELECT * FROM people_person", "1; SELECT pg_sleep(5)",
    # regex and full-text syntax
    "(.*", "[a-", ".*", "[[:alpha:]]", "a{1000000}", "()", "smith & | ! <->", "!!smith",
    "smith:*", "\"unclosed", "-", "--", "or", "\"\"", "'", '"', "''",
    # sizes
    "x" * 20_000, "John Smith " * 2_000, "a" * 199 + " smith", "1" * 20_000,
    "AB12CDE " * 3_000, "07700 900123 " * 2_000,
    # characters that are not what they seem
    "😀", "😀 Smith", "\x00", "Smith\x00", "\x00' OR 1=1", "\ud800", "Smith\ud800",
    "\u202e", "ʻ", "李", "١٢/٣٤٥٦٧٨A", "Ｓｍｉｔｈ", "\t\n\r", "\u00a0",
    # nothing at all
    "", " ", "     ", None,
    # identifiers gone wrong
    "42-IR-99999999999999", "42-IR-", "++44", "+44 ((((0))))", "AB12 CDE' --",
    "CM1 1AA%", "0" * 30,
]


@pytest.fixture
def a_linked_report():
    report = IntelligenceReportFactory(sanitised_text="John Smith sells cannabis.")
    ReportLinkFactory(report=report, person=PersonFactory(forenames="John", surname="Smith"))
    return report


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_a_hostile_query_gives_results_or_nothing_and_never_raises(officer, a_linked_report,
                                                                   query):
    results = intelligence_search(user=officer, query=query)
    assert isinstance(results, SearchResults)
    assert len(results.query) <= QUERY_MAX_LENGTH
    assert "\x00" not in results.query
    assert IntelligenceReport.objects.filter(pk=a_linked_report.pk).exists()


@pytest.mark.parametrize("query", HOSTILE_QUERIES[:12] + HOSTILE_QUERIES[30:40])
def test_a_hostile_query_with_every_filter_never_raises(officer, a_linked_report, query):
    filters = SearchFilters(force_id=a_linked_report.originating_force_id,
                            date_from=a_linked_report.obtained_on,
                            date_to=a_linked_report.obtained_on, source_evaluation="2",
                            intelligence_assessment="C", handling_code="P",
                            entity_type=EntityType.PERSON)
    assert isinstance(intelligence_search(user=officer, query=query, filters=filters),
                      SearchResults)


@pytest.mark.parametrize("query", ["", "   ", "\x00", "😀", "'", "%", "_", "()", None,
                                   "\t\n"])
def test_a_query_with_nothing_to_search_for_is_empty_with_a_message(officer,
                                                                     a_linked_report, query):
    results = intelligence_search(user=officer, query=query)
    assert (results.entities, results.reports) == ([], [])
    assert results.message == EMPTY_QUERY_MESSAGE


def test_a_20000_character_query_is_cut_and_still_finds(officer, a_linked_report):
    results = intelligence_search(user=officer, query="John Smith " * 2_000)
    assert len(results.query) == QUERY_MAX_LENGTH
    assert [hit.label for hit in results.entities] == ["John SMITH"]


def test_a_name_with_a_nul_byte_in_it_still_finds_the_person(officer, a_linked_report):
    results = intelligence_search(user=officer, query="John\x00 Smith")
    assert [hit.report.pk for hit in results.reports] == [a_linked_report.pk]


def test_sql_wildcards_match_themselves_not_everything(officer, a_linked_report):
    assert intelligence_search(user=officer, query="%").reports == []
    assert intelligence_search(user=officer, query="_ _").reports == []


@pytest.mark.parametrize("limit", [-5, 0, 10_000])
def test_a_limit_out_of_range_is_brought_within_it(officer, a_linked_report, limit):
    results = intelligence_search(user=officer, query="John Smith", limit=limit)
    assert len(results.reports) <= 200
