"""Security events in the audit trail: signing in and out, wrong passwords (with the
username tried, never the password), a sign-in pause starting, and two-factor codes."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.audit.models import AuditEvent
from tests.accounts.test_two_factor import current_code
from tests.factories import TEST_PASSWORD

LOGIN = reverse("accounts:login")
WRONG = "Tr0ub4dor&3-not-it"


def events(action):
    return AuditEvent.objects.filter(action=action).order_by("pk")


def sign_in(client, username, password, address="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_signing_in_is_audited_with_the_address(client, officer):
    assert sign_in(client, officer.username, TEST_PASSWORD).status_code == 302

    event = events("accounts.signed_in").get()
    assert (event.actor, event.object_type, event.object_id) == (
        officer, "accounts.user", str(officer.pk))
    assert event.details == {"ip_address": "10.1.2.3"}


def test_signing_out_is_audited(client, officer):
    sign_in(client, officer.username, TEST_PASSWORD)

    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.2.3")

    event = events("accounts.signed_out").get()
    assert (event.actor, event.object_id) == (officer, str(officer.pk))


def test_a_wrong_password_is_audited_with_the_username_and_never_the_password(client,
                                                                              officer):
    sign_in(client, officer.username, WRONG)

    event = events("accounts.sign_in_failed").get()
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("accounts.user", str(officer.pk))
    assert event.details == {"username": officer.username, "ip_address": "10.1.2.3"}
    everything = json.dumps(list(AuditEvent.objects.values(
        "details", "reason", "object_id", "actor_username")))
    assert WRONG not in everything
    assert not events("accounts.signed_in").exists()


def test_a_username_that_is_no_ones_is_audited_as_typed(client, db):
    sign_in(client, "pc_nobody", WRONG)

    event = events("accounts.sign_in_failed").get()
    assert event.object_id == ""
    assert event.details["username"] == "pc_nobody"


@pytest.mark.parametrize("username", ["x" * 150, "😀 O'Brien", "<script>", "tab\there\x01"])
def test_any_username_typed_is_audited_without_failing_the_page(client, db, username):
    response = sign_in(client, username, WRONG)
    assert response.status_code == 200
    kept = events("accounts.sign_in_failed").get().details["username"]
    assert len(kept) <= 150 and kept.isprintable()


def test_a_username_the_form_refuses_never_reaches_the_trail(client, db):
    assert sign_in(client, "\x00bad", WRONG).status_code == 200
    assert not events("accounts.sign_in_failed").exists()


def test_a_pause_starting_is_audited_once(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), officer.username, WRONG, "203.0.113.9")
    for _ in range(3):  # tries during the pause start no new one
        sign_in(Client(), officer.username, TEST_PASSWORD, "203.0.113.9")

    event = events("accounts.locked_out").get()
    assert event.actor is None
    assert event.object_id == str(officer.pk)
    assert event.details["username"] == officer.username
    assert event.details["ip_address"] == "203.0.113.9"
    assert (event.details["pause_number"], event.details["pause_minutes"]) == (1, 15)
    failures = list(events("accounts.sign_in_failed"))
    assert len(failures) == settings.AXES_FAILURE_LIMIT + 3
    assert [bool(e.details.get("while_paused")) for e in failures[-3:]] == [True] * 3
    assert not events("accounts.signed_in").exists()


def test_a_sign_in_the_test_client_forces_is_not_a_sign_in_anyone_made(client, officer):
    client.force_login(officer)
    client.logout()
    assert not events("accounts.signed_in").exists()
    assert not events("accounts.signed_out").exists()


def test_two_factor_codes_right_and_wrong_are_audited(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer.username, TEST_PASSWORD)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"

    client.post(reverse("accounts:two_factor_verify"), {"token": wrong})
    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("accounts:two_factor_verify"), {"token": current_code(device)})

    assert events("accounts.two_factor.failed").get().actor == officer
    assert events("accounts.two_factor.verified").get().actor == officer
    assert events("accounts.signed_in").get().actor == officer
