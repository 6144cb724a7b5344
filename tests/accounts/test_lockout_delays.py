"""Each further sign-in pause of one username from one address is twice the one before
(15 minutes, 30, 60 ... at most a day), the pages say how long, and the pause still
cannot be used to keep an officer out from anywhere else."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.db.models import F
from django.test import Client
from django.urls import reverse

from athena.accounts.lockout import cooloff_words, pause_length
from athena.accounts.models import SignInPause
from athena.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
GUESSER = "203.0.113.50"
STATION = "10.20.30.40"


def sign_in(username, password, address=GUESSER):
    return Client().post(LOGIN, {"username": username, "password": password},
                         REMOTE_ADDR=address)


def pause(username, settings, address=GUESSER):
    """Wrong passwords up to the limit; the last answer (the pause page)."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(username, "wrong-password", address).status_code == 200
    return sign_in(username, "wrong-password", address)


def time_passes(delta):
    """Move every record of attempts and pauses back by ``delta``, as if it had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - delta)
    SignInPause.objects.update(started_at=F("started_at") - delta, ends_at=F("ends_at") - delta)


def locked_page_text(response):
    assert response.status_code == 429
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize(("number", "minutes"), [(1, 15), (2, 30), (3, 60), (4, 120),
                                                 (7, 960), (8, 1440), (9, 1440),
                                                 (10_000, 1440)])
def test_each_pause_doubles_up_to_a_day(number, minutes):
    assert pause_length(number) == timedelta(minutes=minutes)


@pytest.mark.parametrize(("period", "words"), [
    (timedelta(minutes=15), "15 minutes"), (timedelta(hours=1), "1 hour"),
    (timedelta(hours=2), "2 hours"), (timedelta(minutes=90), "1 hour 30 minutes"),
    (timedelta(seconds=61), "2 minutes"), (timedelta(seconds=30), "1 minute"),
    (timedelta(hours=24), "24 hours")])
def test_a_pause_in_words(period, words):
    assert cooloff_words(period) == words


def test_the_pause_doubles_each_time_from_the_same_address(officer, settings):
    first = pause(officer.username, settings)
    assert "You can try again from here in 15 minutes" in locked_page_text(first)

    time_passes(timedelta(minutes=15, seconds=1))
    second = pause(officer.username, settings)
    text = locked_page_text(second)
    assert "You can try again from here in 30 minutes" in text
    assert "This is pause 2 in a row" in text
    assert "the next pause is 1 hour" in text

    time_passes(timedelta(minutes=30, seconds=1))
    third = pause(officer.username, settings)
    assert "You can try again from here in 1 hour" in locked_page_text(third)

    recorded = [(e.details["pause_number"], e.details["pause_minutes"])
                for e in AuditEvent.objects.filter(action="accounts.locked_out").order_by("pk")]
    assert recorded == [(1, 15), (2, 30), (3, 60)]


def test_the_pause_is_capped_at_a_day(officer, settings):
    SignInPause.objects.create(username=officer.username, ip_address=GUESSER, pauses=12,
                               started_at=_ago(hours=30), ends_at=_ago(hours=6))
    text = locked_page_text(pause(officer.username, settings))
    assert "You can try again from here in 24 hours" in text


def _ago(**kwargs):
    from django.utils import timezone

    return timezone.now() - timedelta(**kwargs)


def test_a_pause_lasts_as_long_as_it_says_and_no_longer(officer, settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    pause(officer.username, settings)  # the second: 30 minutes

    time_passes(timedelta(minutes=20))
    still = sign_in(officer.username, TEST_PASSWORD)
    assert "You can try again from here in 10 minutes" in locked_page_text(still)

    time_passes(timedelta(minutes=10, seconds=1))
    assert sign_in(officer.username, TEST_PASSWORD).status_code == 302


def test_the_failures_that_caused_a_pause_do_not_pause_again_after_it(officer, settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))

    # One more wrong password after the pause is one failure, not the sixth.
    response = sign_in(officer.username, "wrong-password")

    assert response.status_code == 200
    left = settings.AXES_FAILURE_LIMIT - 1
    assert (f"You have {left} attempts left before signing in from this device is paused "
            "for 30 minutes.") in response.content.decode()


def test_tries_during_a_pause_do_not_lengthen_it(officer, settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=10))
    for _ in range(3):
        sign_in(officer.username, "wrong-password")

    time_passes(timedelta(minutes=5, seconds=1))

    assert sign_in(officer.username, TEST_PASSWORD).status_code == 302


def test_a_day_without_a_pause_starts_again_at_15_minutes(officer, settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    pause(officer.username, settings)
    time_passes(timedelta(minutes=30) + timedelta(hours=24, seconds=1))

    text = locked_page_text(pause(officer.username, settings))

    assert "You can try again from here in 15 minutes" in text


def test_the_right_password_forgets_the_pauses(officer, settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    assert sign_in(officer.username, TEST_PASSWORD).status_code == 302
    assert not SignInPause.objects.exists()

    text = locked_page_text(pause(officer.username, settings))

    assert "You can try again from here in 15 minutes" in text


def test_a_long_pause_at_one_address_does_not_pause_the_officer_at_the_station(officer,
                                                                              settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    pause(officer.username, settings)
    time_passes(timedelta(minutes=30, seconds=1))
    pause(officer.username, settings)  # the third from there: an hour

    assert sign_in(officer.username, TEST_PASSWORD, STATION).status_code == 302
    assert sign_in(officer.username, TEST_PASSWORD).status_code == 429


def test_someone_elses_short_pause_never_ends_a_long_one_early(officer, home_force,
                                                               settings):
    colleague = UserFactory(username="pc_colleague", force=home_force)
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    pause(officer.username, settings)  # 30 minutes

    time_passes(timedelta(minutes=16))
    pause(colleague.username, settings, address="198.51.100.1")  # 15 minutes, elsewhere
    time_passes(timedelta(minutes=1))

    assert sign_in(officer.username, TEST_PASSWORD).status_code == 429


def test_the_pause_page_says_what_the_pause_is(officer, settings):
    text = locked_page_text(pause(officer.username, settings))
    assert "signing in from another device is not affected" in text
    assert f"If the password is wrong again {settings.AXES_FAILURE_LIMIT} times after that, " \
           "the next pause is 30 minutes" in text


def test_an_administrator_release_forgets_the_pauses_too(client, administrator, officer,
                                                         settings):
    pause(officer.username, settings)
    time_passes(timedelta(minutes=15, seconds=1))
    pause(officer.username, settings)
    client.force_login(administrator)

    client.post(reverse("accounts:lockout_release"),
                {"username": officer.username, "ip_address": GUESSER})

    assert not SignInPause.objects.exists()
    assert "in 15 minutes" in locked_page_text(pause(officer.username, settings))
