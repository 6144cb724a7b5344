"""A session ends a shift after signing in, whatever its user does, and after the idle
limit without a request from its user: a page refreshing itself does not count."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from athena.security import BACKGROUND_HEADER, SessionLifetimeMiddleware
from custody.models import CustodySuite
from tests.factories import TEST_PASSWORD

SIGNED_IN_AT = SessionLifetimeMiddleware.SIGNED_IN_AT
RENEWED_AT = SessionLifetimeMiddleware.KEY
POLL = {"HX-Request": "true", BACKGROUND_HEADER: "1",
        "HX-Current-URL": "http://testserver/custody/?suite=CHE"}
SHIFT_OVER = b"You were signed out because you signed in more than 12 hours ago"


@pytest.fixture
def sergeant_client(client, custody_sergeant, home_force):
    CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    client.force_login(custody_sergeant)
    client.get(reverse("custody:index"))
    return client


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def expiry():
    return Session.objects.get().expire_date


def poll(client):
    return client.get(reverse("custody:index"), {"suite": "CHE"}, headers=POLL)


# --- A shift ------------------------------------------------------------------------------

def test_signing_in_starts_the_shift(client, officer):
    before = int(time.time())
    response = client.post(reverse("accounts:login"),
                           {"username": officer.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert before <= client.session[SIGNED_IN_AT] <= int(time.time())


def test_a_session_within_its_shift_goes_on(officer_client):
    now = int(time.time())
    set_session(officer_client, **{SIGNED_IN_AT: now - 11 * 3600, RENEWED_AT: now - 5})
    assert officer_client.get(reverse("home")).status_code == 200


def test_a_busy_session_ends_a_shift_after_signing_in(officer_client):
    now = int(time.time())
    set_session(officer_client, **{SIGNED_IN_AT: now - 12 * 3600 - 1, RENEWED_AT: now - 5})

    response = officer_client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in officer_client.session
    sign_in = officer_client.get(response["Location"])
    assert SHIFT_OVER in sign_in.content
    assert b"Sign in again to carry on." in sign_in.content


def test_the_shift_is_configurable(officer_client, settings):
    settings.ATHENA_SESSION_ABSOLUTE_LIFETIME = timedelta(hours=8)
    now = int(time.time())
    set_session(officer_client, **{SIGNED_IN_AT: now - 8 * 3600 - 1, RENEWED_AT: now - 5})

    response = officer_client.get(reverse("home"), follow=True)

    assert b"signed in more than 8 hours ago" in response.content


def test_a_page_refreshing_itself_after_the_shift_goes_to_sign_in_whole(sergeant_client):
    now = int(time.time())
    set_session(sergeant_client, **{SIGNED_IN_AT: now - 13 * 3600, RENEWED_AT: now - 5})

    response = poll(sergeant_client)

    # Not the sign-in page swapped into the board: the browser goes there, and comes
    # back to the board (not to its refreshing partial) after signing in.
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/account/sign-in/?next=/custody/%3Fsuite%3DCHE"
    assert SESSION_KEY not in sergeant_client.session
    assert SHIFT_OVER in sergeant_client.get(response["HX-Redirect"]).content


# --- Idle -------------------------------------------------------------------------------

def test_the_boards_refresh_does_not_renew_the_session(sergeant_client):
    set_session(sergeant_client, **{RENEWED_AT: sergeant_client.session[RENEWED_AT] - 61})
    before = expiry()
    renewed_at = sergeant_client.session[RENEWED_AT]

    assert poll(sergeant_client).status_code == 200

    assert expiry() == before
    assert sergeant_client.session[RENEWED_AT] == renewed_at


def test_a_request_the_user_makes_renews_the_session(sergeant_client):
    set_session(sergeant_client, **{RENEWED_AT: sergeant_client.session[RENEWED_AT] - 61})
    before = expiry()

    assert sergeant_client.get(reverse("custody:index")).status_code == 200

    assert expiry() > before


def test_a_board_left_refreshing_is_signed_out_after_the_idle_limit(sergeant_client):
    # Something saved the session meanwhile, so its expiry in the database is still
    # ahead; the user has not made a request for the idle limit.
    set_session(sergeant_client,
                **{RENEWED_AT: int(time.time()) - 30 * 60, "something": "saved"})

    response = poll(sergeant_client)

    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in sergeant_client.session


def test_a_refresh_whose_session_expired_goes_to_sign_in_whole(sergeant_client):
    Session.objects.update(expire_date=Session.objects.get().expire_date - timedelta(hours=1))

    response = poll(sergeant_client)

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/account/sign-in/?next=/custody/%3Fsuite%3DCHE"
    assert not response.content


def test_a_signed_out_plain_page_is_still_redirected(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "HX-Redirect" not in response
