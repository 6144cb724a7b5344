"""The custody board refreshing itself does not keep its session alive, and when the
session has ended the board goes to the sign-in page whole, keeping its offline copy."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.security import SessionLifetimeMiddleware
from custody.models import CustodySuite
from tests.browser.conftest import login
from tests.factories import TEST_PASSWORD, UserFactory, essex

RENEWED_AT = SessionLifetimeMiddleware.KEY


@pytest.fixture
def board(page, live_server, monkeypatch):
    """A custody sergeant's board, refreshing every second rather than every 30."""
    monkeypatch.setattr("custody.suite.views.BOARD_REFRESH_SECONDS", 1)
    CustodySuite.objects.create(force=essex(), code="CHE", name="Chelmsford")
    UserFactory(username="ps_custody", rank="PS", roles=[Role.CUSTODY_OFFICER])
    messages = []
    page.on("console", lambda message: messages.append(message))
    login(page, live_server, "ps_custody", TEST_PASSWORD)
    page.goto(f"{live_server.url}/custody/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return page, messages


def wait_for_refreshes(page, count):
    for _ in range(count):
        with page.expect_response(lambda answer: "/custody/?suite=CHE" in answer.url):
            pass


def test_the_boards_refresh_does_not_renew_the_session(board):
    page, messages = board
    wait_for_refreshes(page, 1)
    session = Session.objects.get()
    store = session.get_decoded()
    store[RENEWED_AT] -= 61  # renewed more than a minute ago: the next request renews it
    Session.objects.save(session.session_key, store, session.expire_date)

    wait_for_refreshes(page, 3)

    assert Session.objects.get().get_decoded()[RENEWED_AT] == store[RENEWED_AT]
    assert Session.objects.get().expire_date == session.expire_date
    # The Permissions-Policy names only features Chromium knows.
    assert not [m.text for m in messages if "Permissions-Policy" in m.text]


def test_a_board_whose_session_ended_goes_to_sign_in_and_back(board, live_server):
    page, _ = board
    wait_for_refreshes(page, 1)
    # A page the custody copy holds (the service worker's cache, by its name).
    page.evaluate("""async () => (await caches.open('athena-custody-v2'))
        .put('/custody/kept-marker/', new Response('kept'))""")
    Session.objects.update(expire_date=Session.objects.get().expire_date - timedelta(hours=1))

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Athena",
                                                              timeout=5_000)
    assert page.url.endswith("/account/sign-in/?next=/custody/")
    # The board's offline copy stays for the rest of the shift: an outage later still
    # reaches the medication records (signing out on purpose deletes it).
    page.wait_for_timeout(500)  # the page's own clean-up, were it to run, is done by now
    kept = page.evaluate("async () => Boolean(await caches.match('/custody/kept-marker/'))")
    assert kept
    page.get_by_label("Username").fill("ps_custody")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#custody-board")).to_be_visible()
    assert page.url == f"{live_server.url}/custody/"
