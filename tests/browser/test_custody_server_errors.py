"""The custody pages when the server answers but fails (503 while its database is away,
502 from a proxy): the service worker shows the saved copy with its offline banner, never
the error page, and a dose recorded meanwhile goes to the device's outbox and lands on
the server exactly once after the errors stop, even when one 503 hid a save that had in
fact been recorded.
"""

import re

from playwright.sync_api import expect

from custody.models import DoseRecordRow, OfflineEntry
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.outage import (
    board_kept_on_device,
    kept_on_device,
    open_browser,
    sign_in,
    waiting_on_device,
)

SENDS_BY_ITSELF = 75_000
CUSTODY = re.compile(r"/custody/")
ENTRIES = "/custody/offline/entries/"
SESSION = "/custody/offline/session/"
UNAVAILABLE = {"status": 503, "headers": {"Retry-After": "60"},
               "content_type": "text/html; charset=utf-8",
               "body": "<h1>Athena is briefly unavailable</h1>"}


class FailingServer:
    """Answers 503 for the custody pages and the entries posted to them, as the server
    does while its database is away. Who is signed in (the outbox's session check) is
    answered, so the device really posts its entry and gets the 503 for it. The first
    entry posted reaches the server and is recorded, but its answer is lost behind a
    503 (a proxy that gave up waiting): the device must keep it and send it again."""

    def __init__(self):
        self.answered = []  # (method, path, status) of every request answered 503
        self.recorded_behind_a_503 = 0

    def __call__(self, route):
        request = route.request
        path = re.sub(r"^https?://[^/]+", "", request.url).split("?", 1)[0]
        if path == SESSION:
            route.continue_()
            return
        if path == ENTRIES and not self.recorded_behind_a_503:
            route.fetch()  # the server records it...
            self.recorded_behind_a_503 += 1
        route.fulfill(**UNAVAILABLE)  # ...and the device hears 503
        self.answered.append((request.method, path, 503))


def test_a_503_shows_the_saved_copy_and_a_dose_lands_once_after(
        browser, outage, suite_with_detainees):
    data = suite_with_detainees
    url = outage["url"]
    whitlock, plan = data["whitlock"], data["plan"]
    dose_form = f"/custody/records/{whitlock.pk}/medication/{plan.pk}/dose/"
    context, page = open_browser(browser, outage["profile"])

    # Online: the board keeps every detainee's pages and forms on this device.
    sign_in(page, url, "ps_jones")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    board_kept_on_device(page)
    kept_on_device(page, dose_form)

    # The server starts answering 503 for the custody pages and the entries.
    failing = FailingServer()
    context.route(CUSTODY, failing)
    page.goto(f"{url}/custody/")
    expect(page.locator("#custody-board")).to_contain_text("Dana WHITLOCK")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("This is the copy saved at")
    expect(page.get_by_role("heading", name="Athena is briefly unavailable")).to_have_count(0)
    assert ("GET", "/custody/", 503) in failing.answered  # the server's answer, replaced
    check_accessibility(page, "server-errors-board-copy")
    screenshot(page, "custody-server-errors-1-board-copy")

    # A custody page never kept here: what to do instead, not the server's error page.
    page.goto(f"{url}/custody/records/{data['osei'].pk}/reviews/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not saved on this device")
    page.goto(f"{url}/custody/")

    # A dose, recorded meanwhile: the server's 503 keeps it on the device.
    page.locator("#custody-board").get_by_role("link", name=re.compile("^Due")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a dose")
    expect(page.locator("#offline-banner")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "Paracetamol 500 mg dose: saved on this device – not yet sent (1 entry waiting)")
    assert ("POST", ENTRIES, 503) in failing.answered
    assert waiting_on_device(page) == 1
    screenshot(page, "custody-server-errors-2-dose-on-device")

    # It goes on trying while the errors last, and keeps the entry.
    page.wait_for_timeout(6_000)
    assert [answer for answer in failing.answered if answer[1] == ENTRIES].count(
        ("POST", ENTRIES, 503)) >= 2
    assert waiting_on_device(page) == 1

    # The errors stop: the dose is sent by itself, and recorded once.
    context.unroute(CUSTODY, failing)
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "1 entry made on this device sent", timeout=SENDS_BY_ITSELF)
    assert waiting_on_device(page) == 0
    assert failing.recorded_behind_a_503 == 1
    assert DoseRecordRow.objects.filter(plan=plan).count() == 1
    assert OfflineEntry.objects.count() == 1
    context.close()
