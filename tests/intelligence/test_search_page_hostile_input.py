"""Whatever is typed or put in the address, the search page answers with a page and a
message, never a server error; and what it echoes back is escaped."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from athena.audit.models import AuditEvent
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.intelligence.test_access_reason import state_reason
from tests.people.factories import PersonFactory

SEARCH_URL = reverse("intelligence:search")


@pytest.fixture
def searching_officer(officer_client):
    state_reason(officer_client)
    return officer_client


@pytest.fixture(autouse=True)
def _something_to_find(db):
    person = PersonFactory(surname="Quillzzy")
    ReportLinkFactory(report=IntelligenceReportFactory(), person=person)


# Queries that are words to the search: they must run (and be audited), not break it.
RUNNABLE_QUERIES = [
    "' OR 1=1 --",
    "Robert'); DROP TABLE intelligence_intelligencereport;--",
    "Quillzzy % _ \\",
    "a.*(b|c)+[",
    "(?P<x>Quill)",
    "Quill 😀 zzy",
    "Ωμέγα 李 محمد",
    "<script>alert(1)</script>",
    "x" * 200,
    "Quillzzy\tsmith\r\n",
    "AND OR NOT NEAR \"unclosed",
    "42-IR-0000001",
    "07700 900123",
]

# Queries the form refuses with a message.
REFUSED_QUERIES = [
    ("x" * 20_000, "Search must be 200 characters or fewer"),
    (".*(", "using letters or digits"),
    ("😀😀", "using letters or digits"),
    ("Quillzzy\x00", "Null characters are not allowed."),
    ("%%%%", "using letters or digits"),
    ("\x01\x02", "using letters or digits"),
]


@pytest.mark.parametrize("query", RUNNABLE_QUERIES)
def test_odd_queries_are_searched_for_as_words(searching_officer, query):
    response = searching_officer.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    event = AuditEvent.objects.get(action="intelligence.searched")
    assert all(ch.isprintable() for ch in event.details["query"])


@pytest.mark.parametrize(("query", "message"), REFUSED_QUERIES)
def test_unsearchable_queries_get_a_message(searching_officer, query, message):
    response = searching_officer.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="intelligence.searched").exists()


@pytest.mark.parametrize("params", [
    {"force": "1; DROP TABLE accounts_force"},
    {"force": "-1"},
    {"force": "1e9"},
    {"force": "９"},
    {"force": "\x00"},
    {"date_from": "31/13/2026"},
    {"date_from": "00/00/0000"},
    {"date_from": "29/02/2025"},
    {"date_from": "1/1/99999999999999999999"},
    {"date_from": "9" * 5000},
    {"date_to": "2026-02-30"},
    {"date_to": "'; --"},
    {"source_evaluation": "1' OR '1'='1"},
    {"intelligence_assessment": "AB"},
    {"handling_code": "p"},
    {"entity_type": "person\x00"},
])
def test_hostile_filter_values_get_a_message_not_an_error(searching_officer, params):
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy", **params})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action="intelligence.searched").exists()


def test_repeated_parameters_use_the_last_value(searching_officer):
    response = searching_officer.get(SEARCH_URL + "?q=a&q=Quillzzy&force=&force=")
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="intelligence.searched").details["query"] == (
        "Quillzzy")


def test_a_leap_day_is_a_real_date(searching_officer):
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy", "date_from": "29/02/2028"})
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_a_huge_query_without_a_reason_is_refused_without_asking_for_one(officer_client):
    """Only a search that will run asks for the reason: a query too long to run gets its
    message first."""
    response = officer_client.get(SEARCH_URL, {"q": "x" * 20_000})
    assert response.status_code == 200
    assert "Search must be 200 characters or fewer" in response.content.decode()
    assert not AuditEvent.objects.filter(action="intelligence.searched").exists()


def test_a_search_too_long_to_carry_back_comes_back_without_its_query(officer_client):
    long_words = "Quillzzy " * 220  # valid words, but the address is over 2,000 characters
    response = officer_client.get(SEARCH_URL, {"q": long_words[:200],
                                               "padding": "y" * 2500})
    assert response.status_code == 302
    assert response["Location"] == (f"{reverse('intelligence:access_reason')}?next="
                                    f"{quote(SEARCH_URL, safe='')}&for=intelligence.search")


def test_an_overlong_next_goes_back_to_the_search(officer_client):
    response = officer_client.post(reverse("intelligence:access_reason"), {
        "reason": "Op Kestrel: checking a named supplier", "next": "/" + "a" * 20_000})
    assert response.status_code == 302
    assert response["Location"] == SEARCH_URL


def test_the_reason_page_survives_a_hostile_next(officer_client):
    for target in ("javascript:alert(1)", "\x00", "/" * 5000, "https://evil.example"):
        response = officer_client.get(reverse("intelligence:access_reason"), {"next": target})
        assert response.status_code == 200
        assert "javascript:" not in response.content.decode()
