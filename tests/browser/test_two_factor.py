"""Two-factor sign-in in Chromium: enrolling an authenticator, signing in with it,
replacing it, and the set-up page refused to someone who has only the password."""

from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from athena.accounts.roles import Role
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory


def _code(secret, steps_ahead=0):
    """The authenticator's code now; ``steps_ahead=1`` the next, which it accepts when
    this 30-second step's code was already used (the same code twice is refused)."""
    return f"{totp(b32decode(secret), drift=steps_ahead):06d}"


def _secret_on(page):
    return page.get_by_test_id("totp-secret").inner_text().strip()


def test_enrol_sign_in_and_replace_the_authenticator(page, live_server, browser, settings):
    settings.ATHENA_REQUIRE_TWO_FACTOR = True
    UserFactory(username="pc_smith", roles=[Role.OFFICER])

    login(page, live_server, "pc_smith", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign in")
    check_accessibility(page, "two-factor-set-up")
    screenshot(page, "two-factor-set-up")
    first_secret = _secret_on(page)
    page.get_by_label("Security code").fill(_code(first_secret))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page).to_have_url(f"{live_server.url}/")

    # Someone else with only the password: set-up sends them to the code they lack.
    intruder = browser.new_context(locale="en-GB").new_page()
    login(intruder, live_server, "pc_smith", TEST_PASSWORD)
    intruder.goto(f"{live_server.url}/account/two-factor/set-up/")
    expect(intruder).to_have_url(f"{live_server.url}/account/two-factor/")
    expect(intruder.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    expect(intruder.get_by_test_id("totp-secret")).to_have_count(0)
    check_accessibility(intruder, "two-factor-set-up-refused")
    screenshot(intruder, "two-factor-set-up-refused")
    intruder.context.close()

    page.locator("#header-account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_accessibility(page, "account")
    page.get_by_role("link", name="Replace your authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Replace your authenticator app")
    check_accessibility(page, "two-factor-replace")
    screenshot(page, "two-factor-replace")
    new_secret = _secret_on(page)
    assert new_secret != first_secret
    page.get_by_label("Code from the authenticator app you use now").fill(
        _code(first_secret, steps_ahead=1))
    page.get_by_label("Code from the new authenticator app").fill(_code(new_secret))
    page.get_by_role("button", name="Replace my authenticator app").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your new authenticator app is set up")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    login(page, live_server, "pc_smith", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    check_accessibility(page, "two-factor-verify")
    page.get_by_label("Security code").fill(_code(new_secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_an_administrator_resets_a_lost_authenticator(page, live_server):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])
    UserFactory(username="admin_jones", roles=[Role.ADMINISTRATOR])

    login(page, live_server, "admin_jones", TEST_PASSWORD)
    page.get_by_role("link", name="Reset a colleague's two-factor sign-in").first.click()
    check_accessibility(page, "two-factor-reset")
    page.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the username of the person to reset")
    check_accessibility(page, "two-factor-reset-error")
    page.get_by_label("Username").fill("pc_smith")
    page.get_by_label("Reason for the reset").fill("Phone lost on duty, call 4471")
    page.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Two-factor sign-in is reset")
    screenshot(page, "two-factor-reset-done")
