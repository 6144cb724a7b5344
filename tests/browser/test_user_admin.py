"""User administration in Chromium: an administrator, signed in with two-factor, finds a
colleague, creates an account (a mistake first), passes on its set-password link, and
releases a sign-in pause. Each page is checked with axe; the screenshots are kept in
docs/screenshots/user-admin-*.png."""

from pathlib import Path

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from athena.accounts.models import User
from athena.accounts.roles import Role
from tests.browser.conftest import check_accessibility, login
from tests.factories import TEST_PASSWORD, UserFactory, essex, kent

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

COLLEAGUES = [
    ("pc4512", "Sam", "Carter", "PC", "4512", "Chelmsford response", [Role.OFFICER]),
    ("ps2231", "Priya", "Sharma", "PS", "2231", "Chelmsford custody",
     [Role.CUSTODY_OFFICER]),
    ("insp1187", "Gareth", "Hughes", "INSP", "1187", "Chelmsford", [Role.INSPECTOR]),
    ("ds3307", "Daniel", "Reid", "DS", "3307", "Chelmsford CID",
     [Role.FILE_SUPERVISOR, Role.OFFICER]),
    ("s7781", "Aisha", "Rahman", "STAFF", "S7781", "Force intelligence bureau",
     [Role.INTELLIGENCE_ANALYST]),
    ("pc4620", "Tom", "Baker", "PC", "4620", "Harlow response", [Role.OFFICER]),
    ("dc5120", "Chloe", "Nwosu", "DC", "5120", "Basildon CID", [Role.OFFICER]),
]


def _shot(page, name):
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=DOCS_SCREENSHOTS / f"user-admin-{name}.png", full_page=True)


def _code(device, steps_ahead=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_ahead):06d}"


def test_an_administrator_manages_the_forces_users(page, live_server, browser):
    force = essex()
    admin = UserFactory(username="admin_ellis", first_name="Morgan", last_name="Ellis",
                        rank="STAFF", collar_number="S1002", team="Force IT",
                        force=force, roles=[Role.ADMINISTRATOR])
    device = TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    for username, first, last, rank, number, team, roles in COLLEAGUES:
        UserFactory(username=username, first_name=first, last_name=last, rank=rank,
                    collar_number=number, team=team, force=force, roles=roles,
                    email=f"{first.lower()}.{last.lower()}@essex.police.example")
    User.objects.filter(username="pc4620").update(is_active=False)
    UserFactory(username="pc6120", first_name="Jamie", last_name="Fletcher",
                force=kent(), roles=[Role.OFFICER])

    # Someone at another address gets Sam Carter's password wrong five times.
    guesser = browser.new_context(locale="en-GB").new_page()
    for _ in range(5):
        login(guesser, live_server, "pc4512", "not-the-password")
    expect(guesser.get_by_role("heading", level=1)).to_have_text(
        "Your account is locked for now")
    expect(guesser.locator("#pause-left")).to_contain_text("in 15 minutes")
    _shot(guesser, "paused-sign-in")
    check_accessibility(guesser, "sign-in-paused")
    guesser.context.close()

    login(page, live_server, "admin_ellis", TEST_PASSWORD)
    page.get_by_label("Security code").fill(_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/")

    # The list, from the header.
    page.get_by_role("link", name="Users", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Sam Carter")
    expect(table).not_to_contain_text("Fletcher")
    expect(table).to_contain_text("Sign-in paused")
    expect(table).to_contain_text("Deactivated")
    check_accessibility(page, "user-list")
    _shot(page, "list")

    page.get_by_text("Search and filter").click()
    page.get_by_label("Name, username or collar number").fill("4512")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#user-count")).to_contain_text("1 user")
    page.get_by_role("link", name="Sam Carter").click()

    # A user's page.
    expect(page.get_by_role("heading", level=1)).to_have_text("PC 4512 Sam Carter")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Chelmsford response")
    check_accessibility(page, "user-page")
    _shot(page, "user-page")
    page.get_by_role("button", name="Release the pause").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "pc4512 can sign in again")

    # Creating a user: a mistake first, then put right.
    page.goto(f"{live_server.url}/account/users/")
    page.get_by_role("link", name="Create a user").click()
    page.get_by_label("Username").fill("pc4601")
    page.get_by_label("First name").fill("Ruth")
    page.get_by_label("Collar or staff number").fill("4512")
    page.get_by_label("Email address").fill("ruth.okonjo@essex")
    page.get_by_label("Officer", exact=True).check()
    page.get_by_role("button", name="Create user").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter their last name")
    expect(summary).to_contain_text("4512 is already the number of Sam Carter in Essex")
    expect(summary).to_contain_text("Enter an email address like")
    expect(page.get_by_label("Username")).to_have_value("pc4601")
    expect(page).to_have_title("Create a user (error) – Athena")
    check_accessibility(page, "user-create-error")
    _shot(page, "create-error")

    page.get_by_label("Last name").fill("Okonjo")
    page.get_by_label("Collar or staff number").fill("4601")
    page.get_by_label("Email address").fill("ruth.okonjo@essex.police.example")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator("#set-password-link")).to_contain_text("Link to set their password")
    link = page.locator("#set-password-url").input_value()
    check_accessibility(page, "user-created")
    _shot(page, "created-with-link")

    # The new user sets their password with the link, signed out.
    newcomer = browser.new_context(locale="en-GB").new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Set your password")
    check_accessibility(newcomer, "set-password")
    _shot(newcomer, "set-password")
    newcomer.get_by_label("New password", exact=True).fill("a-long-new-password-of-mine")
    newcomer.get_by_label("Type the new password again").fill("a-long-new-password-of-mine")
    newcomer.get_by_role("button", name="Set password").click()
    expect(newcomer.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your password is set")
    login(newcomer, live_server, "pc4601", "a-long-new-password-of-mine")
    expect(newcomer).to_have_url(f"{live_server.url}/")
    newcomer.context.close()

    # The sign-in pauses page, with a pause running.
    other = browser.new_context(locale="en-GB").new_page()
    for _ in range(5):
        login(other, live_server, "ds3307", "not-the-password")
    other.context.close()
    page.goto(f"{live_server.url}/account/users/sign-in-pauses/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in pauses")
    expect(page.get_by_role("table")).to_contain_text("ds3307")
    check_accessibility(page, "sign-in-pauses")
    _shot(page, "lockouts")
    page.get_by_role("button", name="Release").click()
    expect(page.locator("#no-pauses")).to_be_visible()
