"""The audit trail at 1280 px: names and links, nothing wider than the page, accessible."""

from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory, essex


def test_the_audit_trail_fits_1280_pixels(page, live_server):
    officer = UserFactory(username="pc_long", force=essex(), roles=[Role.OFFICER])
    UserFactory(username="admin_essex", force=essex(), roles=[Role.ADMINISTRATOR])
    for n in range(5):
        audit_record(actor=officer, action="intelligence.subject.network_viewed",
                     object_type="people.person", object_id=str(n + 1),
                     reason="Operation " + "LONGNAME" * 12,
                     details={"query": "a very long search " * 6})
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "admin_essex", TEST_PASSWORD)
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("link", name="Person 1", exact=True)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 0
    check_accessibility(page, "audit trail")
    screenshot(page, "audit-trail-1280")
