"""The pages work under the app's own Content-Security-Policy, as they must in production."""

from playwright.sync_api import expect

from athena.accounts.roles import Role
from tests.browser.conftest import login
from tests.factories import TEST_PASSWORD, UserFactory


def test_error_summary_takes_focus_when_the_page_loads(page, live_server):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])

    login(page, live_server, "pc_smith", "not-the-password")

    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported", timeout=2_000
    )
    expect(page.locator(".govuk-error-summary")).to_be_focused(timeout=2_000)


def test_pages_break_no_content_security_policy_rule(page, live_server, csp_violations):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])

    login(page, live_server, "pc_smith", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=2, name="Officer")).to_be_visible()
    page.goto(f"{live_server.url}/people/")
    page.wait_for_load_state("networkidle")

    assert not csp_violations, "\n".join(csp_violations)
