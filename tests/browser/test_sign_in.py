import re

import pytest
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.home import WORKLISTS
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory


def test_sign_in_page_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/account/sign-in/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Athena")
    check_accessibility(page, "sign-in")
    screenshot(page, "sign-in")


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_signs_in_to_its_worklists(page, live_server, role):
    user = UserFactory(username=f"user_{role.value}", roles=[role])

    login(page, live_server, user.username, TEST_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name=role.label)).to_be_visible()
    first_worklist, _ = WORKLISTS[role][0]
    expect(main.get_by_role("heading", level=3, name=first_worklist)).to_be_visible()
    screenshot(page, f"home-{role.value}")
    check_accessibility(page, f"home-{role.value}")


def test_wrong_password_shows_the_error_summary(page, live_server):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])

    login(page, live_server, "pc_smith", "not-the-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = "Enter a correct username and password. Both are case sensitive."
    expect(summary).to_contain_text(message)
    expect(page.get_by_label("Username")).to_have_value("pc_smith")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    screenshot(page, "sign-in-error")
    check_accessibility(page, "sign-in-error")


def test_missing_password_shows_the_field_message(page, live_server):
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Username").fill("pc_smith")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your password")).to_have_attribute(
        "href", "#id_password"
    )
    expect(page.locator("#div_id_password .govuk-error-message")).to_have_text(
        "Error: Enter your password"
    )
    expect(page.get_by_label("Username")).to_have_value("pc_smith")
    check_accessibility(page, "sign-in-missing-password")


def test_signed_out_visit_goes_to_sign_in_then_back(page, live_server):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])

    page.goto(f"{live_server.url}/people/")

    expect(page).to_have_url(f"{live_server.url}/account/sign-in/?next=/people/")
    page.get_by_label("Username").fill("pc_smith")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/people/")


def test_design_system_styles_and_fonts_load(page, live_server):
    page.goto(f"{live_server.url}/account/sign-in/")

    stylesheets = page.eval_on_selector_all(
        "link[rel=stylesheet]", "links => links.map(link => link.href)"
    )
    assert len(stylesheets) == 3, stylesheets
    fonts = set()
    for url in stylesheets:
        response = page.request.get(url)
        assert response.ok, f"{url} answered {response.status}"
        assert response.headers["content-type"].startswith("text/css"), url
        fonts.update(re.findall(r"url\((/assets/fonts/[^)]+\.woff2)\)", response.text()))
    assert fonts, "govuk-frontend's CSS names no /assets/fonts/*.woff2"
    for font in sorted(fonts):
        response = page.request.get(f"{live_server.url}{font}")
        assert response.status == 200, f"{font} answered {response.status}"

    # govuk-frontend sets the typeface on its components, not on <body>.
    heading_font = page.get_by_role("heading", level=1).evaluate(
        "h1 => getComputedStyle(h1).fontFamily"
    )
    assert "GDS Transport" in heading_font
    loaded = page.evaluate(
        """() => document.fonts.ready.then(fonts => [...fonts]
             .filter(face => face.family.includes('GDS Transport') && face.status === 'loaded')
             .map(face => face.weight))"""
    )
    assert loaded, "the browser did not load GDS Transport"
