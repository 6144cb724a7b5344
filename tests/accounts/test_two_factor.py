import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

HOME = reverse("home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def current_code(device):
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=device.drift)
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
