import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

HOME = reverse("home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def current_code(device, steps_ahead=0):
    """The code the device shows now; ``steps_ahead=1`` the next one, which a device
    already used in this 30-second step accepts (one step of tolerance) where it refuses
    the same code twice."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=device.drift + steps_ahead)
    return f"{code:06d}"


def sign_in(client, user):
    response = client.post(reverse("accounts:login"),
                           {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def two_factor_required(settings):
    settings.ATHENA_REQUIRE_TWO_FACTOR = True


def test_without_the_setting_a_user_without_an_authenticator_goes_straight_in(client, officer):
    sign_in(client, officer)
    assert client.get(HOME).status_code == 200


def test_when_required_a_user_without_an_authenticator_must_enrol(
    client, officer, two_factor_required
):
    sign_in(client, officer)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    assert client.get(reverse("people:search"))["Location"] == SETUP


def test_enrolment_shows_a_qr_code_and_key_then_confirms_with_a_code(
    client, officer, two_factor_required
):
    sign_in(client, officer)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    response = client.post(SETUP, {"token": current_code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200


def test_enrolment_reuses_the_unconfirmed_authenticator_on_reload(
    client, officer, two_factor_required
):
    sign_in(client, officer)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1" * 20000, "000000", "😀😀😀😀😀😀"])
def test_enrolment_with_a_bad_code_explains_and_stays_unconfirmed(
    client, officer, two_factor_required, token
):
    sign_in(client, officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    if token == "000000" and current_code(device) == "000000":
        pytest.skip("the real code happens to be 000000")
    response = client.post(SETUP, {"token": token})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"govuk-error-message" in response.content
    device.refresh_from_db()
    assert not device.confirmed


def test_a_user_with_an_authenticator_must_give_a_code_after_signing_in(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)

    wrong = client.post(VERIFY, {"token": "12345x"})
    assert wrong.status_code == 200
    assert b"The security code must be 6 digits" in wrong.content

    right = client.post(VERIFY, {"token": current_code(device), "next": "/people/"})
    assert right.status_code == 302
    assert right["Location"] == "/people/"
    assert client.get(HOME).status_code == 200


def test_verify_ignores_an_offsite_next(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer)
    response = client.post(VERIFY, {"token": current_code(device),
                                    "next": "https://evil.example/"})
    assert response["Location"] == HOME


def test_a_wrong_code_is_refused(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer)
    wrong_code = f"{(int(current_code(device)) + 500000) % 1000000:06d}"
    response = client.post(VERIFY, {"token": wrong_code})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("next_value", ["Siobhán O'Brien 😀", "home", "//evil.example/",
                                        "/no/such/page/"])
def test_verify_with_a_next_that_is_not_a_page_of_the_site_goes_home(client, officer,
                                                                     next_value):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer)
    shown = client.get(VERIFY, {"next": next_value})
    assert shown.status_code == 200
    response = client.post(VERIFY, {"token": current_code(device), "next": next_value})
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_the_page_asked_for_is_carried_through_the_second_factor(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, officer)
    asked = client.get("/people/")
    verify_page = client.get(asked["Location"])
    assert 'name="next" value="/people/"' in verify_page.content.decode()
    response = client.post(VERIFY, {"token": current_code(device), "next": "/people/"})
    assert response["Location"] == "/people/"


# --- The password alone never adds a device -------------------------------------------

def _events(action):
    return AuditEvent.objects.filter(action=f"accounts.two_factor.{action}").order_by("pk")


@pytest.fixture
def enrolled(officer):
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_with_only_the_password_set_up_is_refused_to_a_user_with_an_authenticator(
        client, officer, enrolled, two_factor_required):
    sign_in(client, officer)

    page = client.get(SETUP)

    assert page.status_code == 302
    assert page["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=officer)) == [enrolled]
    event = _events("set_up_refused").get()
    assert event.actor == officer
    assert event.object_id == str(officer.pk)
    assert client.get(HOME).status_code == 302


def test_a_code_from_a_device_left_unconfirmed_does_not_sign_in_past_the_authenticator(
        client, officer, enrolled, two_factor_required):
    """The bypass as it was: a new secret from set-up, a code from it, and in."""
    planted = TOTPDevice.objects.create(user=officer, name="attacker", confirmed=False)
    sign_in(client, officer)

    response = client.post(SETUP, {"token": current_code(planted)})

    assert response.status_code == 302
    assert response["Location"] == VERIFY
    planted.refresh_from_db()
    assert not planted.confirmed
    assert client.get(HOME).status_code == 302
    assert client.get(HOME)["Location"].startswith(VERIFY)
    assert not _events("enrolled").exists()


def test_two_racing_enrolments_confirm_one_device(client, officer, two_factor_required):
    sign_in(client, officer)
    client.get(SETUP)
    first = TOTPDevice.objects.get(user=officer)
    other = TOTPDevice.objects.create(user=officer, name="second tab", confirmed=False)
    assert client.post(SETUP, {"token": current_code(first)}).status_code == 302

    from athena.accounts import two_factor
    with pytest.raises(two_factor.TwoFactorRefused):
        two_factor.authenticator_enrol(user=officer, device=other,
                                       token=current_code(other))

    assert list(TOTPDevice.objects.filter(user=officer)) == [first]


# --- Every enrolment, verification and failure is audited ------------------------------

def test_enrolment_is_audited(client, officer, two_factor_required):
    sign_in(client, officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)

    client.post(SETUP, {"token": current_code(device)})

    event = _events("enrolled").get()
    assert event.actor == officer
    assert event.details == {"device_id": device.pk}


def test_a_wrong_enrolment_code_is_audited(client, officer, two_factor_required):
    sign_in(client, officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)

    client.post(SETUP, {"token": f"{(int(current_code(device)) + 500000) % 1000000:06d}"})

    assert _events("failed").get().details == {"stage": "enrolment", "device_id": device.pk}
    assert not _events("enrolled").exists()


def test_sign_in_codes_are_audited_right_and_wrong(client, officer, enrolled):
    sign_in(client, officer)
    wrong = f"{(int(current_code(enrolled)) + 500000) % 1000000:06d}"

    client.post(VERIFY, {"token": wrong})
    enrolled.refresh_from_db()
    enrolled.throttle_reset()  # a wrong code makes the next wait a second
    client.post(VERIFY, {"token": current_code(enrolled)})

    assert _events("failed").get().details == {"stage": "sign_in"}
    assert _events("verified").get().details == {"device_id": enrolled.pk}


# --- Replacing the authenticator needs a code from it ---------------------------------

def _signed_in_past_the_second_factor(client, user, device):
    sign_in(client, user)
    client.post(VERIFY, {"token": current_code(device)})
    assert client.get(HOME).status_code == 200


def test_replacing_needs_the_current_code_as_well_as_the_new(client, officer, enrolled):
    _signed_in_past_the_second_factor(client, officer, enrolled)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Replace your authenticator app" in page.content.decode()
    new = TOTPDevice.objects.get(user=officer, confirmed=False)

    response = client.post(SETUP, {"current_token": "123456",
                                   "token": current_code(new)})

    assert response.status_code == 200
    assert "the authenticator app you use now" in response.content.decode()
    assert _events("failed").last().details == {"stage": "replace_current",
                                                "device_id": enrolled.pk}
    new.refresh_from_db()
    assert not new.confirmed
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).get() == enrolled


def test_a_replaced_authenticator_no_longer_signs_in(client, officer, enrolled):
    _signed_in_past_the_second_factor(client, officer, enrolled)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=officer, confirmed=False)
    old_code = current_code(enrolled, steps_ahead=1)  # the sign-in used this step's

    response = client.post(SETUP, {"current_token": old_code, "token": current_code(new)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=officer)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    event = _events("replaced").get()
    assert event.details == {"device_id": new.pk, "replaced_device_ids": [enrolled.pk]}
    client.post(reverse("accounts:logout"))
    sign_in(client, officer)
    assert client.post(VERIFY, {"token": old_code}).status_code == 200


def test_the_account_page_says_whether_an_authenticator_is_set_up(client, officer,
                                                                  enrolled):
    _signed_in_past_the_second_factor(client, officer, enrolled)
    content = client.get(reverse("accounts:account")).content.decode()
    assert "Authenticator app set up" in content
    assert SETUP in content
    assert reverse("accounts:account") in client.get(HOME).content.decode()


# --- An administrator's reset, audited ---------------------------------------------------

RESET = reverse("accounts:two_factor_reset")


@pytest.fixture
def administrator_client(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="admin", confirmed=True)
    _signed_in_past_the_second_factor(client, administrator, device)
    return client


def test_an_administrator_resets_a_colleagues_lost_authenticator(
        administrator_client, administrator, officer, enrolled):
    response = administrator_client.post(RESET, {"username": officer.username,
                                          "reason": "Phone lost on duty, call 4471"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = _events("reset").get()
    assert event.actor == administrator
    assert event.object_id == str(officer.pk)
    assert event.reason == "Phone lost on duty, call 4471"
    assert event.details == {"removed_device_ids": [enrolled.pk], "by": "administrator"}


def test_after_a_reset_the_colleague_sets_up_a_new_authenticator(
        administrator_client, officer, enrolled, settings):
    settings.ATHENA_REQUIRE_TWO_FACTOR = True
    administrator_client.post(RESET, {"username": officer.username, "reason": "Phone stolen"})
    colleague = Client()

    sign_in(colleague, officer)

    assert colleague.get(HOME)["Location"] == SETUP
    assert colleague.get(SETUP).status_code == 200


@pytest.mark.parametrize(("data", "message"), [
    ({"username": "", "reason": "Lost"}, "Enter the username of the person to reset"),
    ({"username": "pc_smith", "reason": "  "}, "Give the reason for the reset"),
    ({"username": "nobody", "reason": "Lost"}, "There is no one with that username in your "
                                               "force"),
    ({"username": "pc_outsider", "reason": "Lost"}, "There is no one with that username in "
                                                    "your force"),
    ({"username": "admin_user", "reason": "Lost"}, "Ask another administrator"),
])
def test_a_reset_that_cannot_be_done_says_why_and_changes_nothing(
        administrator_client, officer, enrolled, outsider, data, message):
    TOTPDevice.objects.create(user=outsider, name="kent phone", confirmed=True)
    response = administrator_client.post(RESET, data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\n", " ")
    assert TOTPDevice.objects.count() == 3
    assert data["username"] in response.content.decode()
    assert not _events("reset").exists()


def test_only_administrators_reset_two_factor(client, officer, supervisor):
    client.force_login(supervisor)
    assert client.get(RESET).status_code == 403
    assert client.post(RESET, {"username": officer.username,
                               "reason": "Lost"}).status_code == 403


def test_the_operator_resets_from_the_command_line_with_a_reason(officer, enrolled):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("reset_two_factor", officer.username, "--reason", "Only admin locked out",
                 stdout=out)

    assert "1 authenticator(s) removed" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = _events("reset").get()
    assert event.actor is None
    assert event.reason == "Only admin locked out"
    assert event.details["by"] == "manage.py reset_two_factor"


def test_a_secret_shown_to_another_sign_in_is_never_the_one_confirmed(
        client, officer, two_factor_required):
    """Someone with the password opens set-up first and notes the secret; the officer's
    own set-up must show a different one, and the noted one must not sign in."""
    intruder = Client()
    sign_in(intruder, officer)
    intruder.get(SETUP)
    noted = TOTPDevice.objects.get(user=officer)
    sign_in(client, officer)

    client.get(SETUP)

    shown = TOTPDevice.objects.get(user=officer)
    assert shown.pk != noted.pk
    assert shown.bin_key != noted.bin_key
    response = intruder.post(SETUP, {"token": current_code(noted)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
