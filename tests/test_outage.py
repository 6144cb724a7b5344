"""While the database cannot be reached, pages answer 503 (a styled page, JSON to a
script, a line to htmx) with Retry-After and the headers of every error page; never 500.

``database_down`` makes the database really unreachable for the requests that follow:
the connection is closed and pointed at a database file that cannot be opened (SQLite)
or a port nothing listens on (PostgreSQL), so the session's first read fails as it does
in an outage.
"""

import contextlib
import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from structlog.testing import capture_logs

from athena.outage import RETRY_AFTER_SECONDS, database_unreachable, unavailable_response
from custody.models import CustodySuite
from tests.test_security_headers import assert_framing_and_scripts_denied, no_store

UNAVAILABLE = b"Athena is briefly unavailable"


def _free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down():
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/athena/database.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def browser_client():
    """A client that gets the answer a browser would, not the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in_sergeant(browser_client, custody_sergeant, home_force):
    CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    browser_client.force_login(custody_sergeant)
    return browser_client


@pytest.fixture
def signed_in_officer(browser_client, officer):
    browser_client.force_login(officer)
    return browser_client


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Length"] == str(len(response.content))
    assert no_store(response)
    assert_framing_and_scripts_denied(response)


# --- The database really down -------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_custody_board_answers_503_with_the_styled_page(signed_in_sergeant, database_down,
                                                            settings):
    settings.DEBUG = False
    response = signed_in_sergeant.get(reverse("custody:index"))
    assert_unavailable(response)
    assert UNAVAILABLE in response.content
    assert b"kept on this device and sent by themselves" in response.content
    assert b"govuk-frontend.min.css" in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_503_keeps_its_request_id_and_log_line(signed_in_sergeant, database_down):
    # The request log reads the user only if the request already had them: looking them
    # up with the database away raised, and the 503 went out with no id and no log line.
    with capture_logs() as logs:
        response = signed_in_sergeant.get(reverse("custody:index"),
                                          HTTP_X_REQUEST_ID="outage-req-12345678")
    assert_unavailable(response)
    assert response["X-Request-ID"] == "outage-req-12345678"
    requests = [line for line in logs if line["event"] == "request"]
    assert [(line["method"], line["status"], line["user_id"]) for line in requests] == [
        ("GET", 503, None)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_custody_entry_sent_from_the_device_gets_json_it_keeps_the_entry_for(
        signed_in_sergeant, database_down):
    response = signed_in_sergeant.post(
        reverse("custody:offline_entries"), data={"client_id": "a" * 32},
        content_type="application/json", headers={"Accept": "application/json"})
    assert_unavailable(response)
    assert "briefly unavailable" in response.json()["message"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_boards_refresh_gets_a_503_htmx_leaves_unswapped(signed_in_sergeant, database_down):
    response = signed_in_sergeant.get(reverse("custody:index"),
                                      headers={"HX-Request": "true"})
    assert_unavailable(response)
    assert b"<html" not in response.content
    assert UNAVAILABLE in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_file_saved_in_the_outage_answers_503_not_500(signed_in_officer,
                                                             database_down):
    response = signed_in_officer.post(reverse("cases:details", args=[1]),
                                   data={"summary": "typed in the outage"})
    assert_unavailable(response)
    assert UNAVAILABLE in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_503_in_json(signed_in_officer, database_down):
    response = signed_in_officer.get("/api/cases/")
    assert_unavailable(response)
    assert response["Content-Type"] == "application/json"


# --- A view's query failing -----------------------------------------------------------------

@pytest.mark.django_db
def test_a_view_that_loses_the_database_answers_503(client, custody_sergeant, home_force):
    CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    client.force_login(custody_sergeant)
    with mock.patch("custody.suite.views.board_rows",
                    side_effect=OperationalError("server closed the connection unexpectedly")):
        response = client.get(reverse("custody:index"))
    assert_unavailable(response)
    assert UNAVAILABLE in response.content


@pytest.mark.django_db
def test_a_wrong_query_is_a_bug_and_stays_a_500(browser_client, custody_sergeant, home_force,
                                                settings):
    settings.DEBUG = False
    CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    browser_client.force_login(custody_sergeant)

    def wrong_query(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    with mock.patch("custody.suite.views.board_rows", side_effect=wrong_query):
        response = browser_client.get(reverse("custody:index"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with Athena" in response.content


# --- The page and the rule ------------------------------------------------------------------

def test_the_503_page_stands_alone_without_scripts_or_queries(rf):
    # No django_db mark: any query here would fail the test.
    response = unavailable_response(rf.get("/cases/"))
    assert response.status_code == 503
    assert b"<script" not in response.content
    assert render_to_string("503.html").encode() == response.content


class _PostgresError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(cause):
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(("sqlstate", "unreachable"), [
    ("08006", True),   # connection failure
    ("08001", True),   # could not connect
    ("57P01", True),   # the server is shutting down
    ("57P03", True),   # the server is starting up
    ("40P01", False),  # a deadlock: a clash, not an outage
    ("55P03", False),  # a lock not available
])
def test_only_postgresql_errors_of_a_lost_connection_count_as_unreachable(sqlstate,
                                                                         unreachable):
    assert database_unreachable(_wrapped(_PostgresError(sqlstate))) is unreachable


def test_other_errors_are_not_an_outage():
    assert database_unreachable(RuntimeError("a bug")) is False
    assert database_unreachable(None) is False
