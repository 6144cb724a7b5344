import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN_URL = reverse("accounts:login")


def sign_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_sign_in_with_right_password_goes_home(client, officer):
    response = sign_in(client, officer.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused_with_a_message_and_keeps_the_username(client, officer):
    response = sign_in(client, officer.username, "not-the-password")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter a correct username and password" in response.content
    assert f'value="{officer.username}"'.encode() in response.content


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "", "password": ""},
        {"username": "x" * 20000, "password": "y"},
        {"username": "' OR 1=1 --", "password": "\"; DROP TABLE users; --"},
        {"username": "\U0001f46e\u200d\u2640\ufe0f", "password": "\x00"},
        {"username": ["a", "b"], "password": "c"},
    ],
)
def test_bad_sign_in_input_gets_a_message_never_a_server_error(client, db, data):
    response = client.post(LOGIN_URL, data)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert b"There is a problem" in response.content


def test_empty_form_names_each_missing_field(client, db):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_account_locks_after_repeated_failures_even_with_the_right_password(
    client, officer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, officer.username, "wrong-password")
    response = sign_in(client, officer.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_station(client, officer, home_force):
    colleague = UserFactory(username="pc_colleague", force=home_force, roles=[Role.OFFICER])
    for _ in range(5):
        sign_in(client, officer.username, "wrong-password")
    response = sign_in(client, colleague.username, TEST_PASSWORD)
    assert response.status_code == 302


def test_failures_below_the_limit_do_not_lock(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, officer.username, "wrong-password")
    assert sign_in(client, officer.username, TEST_PASSWORD).status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(officer_client):
    response = officer_client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert b"You have signed out" in response.content
    assert officer_client.get(reverse("home")).status_code == 302


def _expiry():
    from django.contrib.sessions.models import Session

    return Session.objects.get().expire_date


def test_session_expires_after_the_idle_limit(officer_client, settings):
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    officer_client.get(reverse("home"))
    left = _expiry() - timezone.now()
    assert timezone.timedelta(minutes=29) < left <= timezone.timedelta(minutes=30)


def test_activity_renews_the_session_at_most_once_a_minute(officer_client):
    from athena.accounts.middleware import SlidingSessionMiddleware

    officer_client.get(reverse("home"))
    renewed = _expiry()
    officer_client.get(reverse("home"))
    assert _expiry() == renewed  # within the minute: no write
    session = officer_client.session
    session[SlidingSessionMiddleware.KEY] -= 61
    session.save()
    before = _expiry()
    officer_client.get(reverse("home"))
    assert _expiry() > before


def test_idle_session_is_refused(officer_client, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = officer_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_an_overlong_username_is_refused_before_it_reaches_the_lockout_records(client, db):
    from axes.models import AccessAttempt

    response = client.post(LOGIN_URL, {"username": "x" * 20000, "password": "y"})
    assert response.status_code == 200
    assert b"Usernames are at most 150 characters" in response.content
    assert not AccessAttempt.objects.exists()


def test_a_wrong_password_says_how_many_tries_are_left(client, officer, settings):
    response = sign_in(client, officer.username, "wrong-password")
    left = settings.AXES_FAILURE_LIMIT - 1
    assert f"You have {left} attempts left before signing in from this device is paused " \
           "for 15 minutes." in response.content.decode()


def test_someone_elsewhere_cannot_lock_an_officer_out(client, officer, settings):
    # Five failures from one address pause that address only, not the officer's station.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": officer.username,
                                         "password": "wrong-password"},
                    REMOTE_ADDR="203.0.113.9")
    locked = client.post(LOGIN_URL, {"username": officer.username,
                                              "password": TEST_PASSWORD},
                         REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429
    assert "You can try again from here in 15 minutes" in locked.content.decode()
    at_the_station = client.post(LOGIN_URL, {"username": officer.username,
                                                      "password": TEST_PASSWORD},
                                 REMOTE_ADDR="10.1.2.3")
    assert at_the_station.status_code == 302
