"""The copies and the outbox are not left lying about: a copy outlives no shift without
a signed-in custody user, signing out deletes the copies, and entries still waiting are
deleted only when their maker says so (or once they are sent)."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from custody.models import ObservationCheck
from tests.browser.outage import (
    board_kept_on_device,
    open_browser,
    sign_in,
    waiting_on_device,
)

SHIFT_AND_A_MINUTE = (12 * 60 + 1) * 60 * 1000


def custody_copies(page):
    """The copies of custody pages kept on the device."""
    return page.evaluate("""async () => {
        const kept = [];
        for (const name of await caches.keys()) {
          const urls = (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname);
          kept.push(...urls.filter(path => path.startsWith("/custody/")));
        }
        return kept;
      }""")


def test_a_copy_is_not_shown_after_a_shift_without_a_signed_in_user(
        browser, outage, suite_with_detainees):
    url, server, network = outage["url"], outage["server"], outage["network"]
    record = f"/custody/records/{suite_with_detainees['whitlock'].pk}/"
    context, page = open_browser(browser, outage["profile"])
    sign_in(page, url, "ps_jones")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    board_kept_on_device(page)
    assert record in page.locator("#custody-board").get_attribute("data-offline-urls")
    server.stop()
    network.drop_connections()
    # The last signed-in custody page on this browser was longer than a shift ago.
    page.evaluate("""async age => {
        const cache = await caches.open((await caches.keys()).pop());
        await cache.put("/__athena/last-signed-in", new Response(String(Date.now() - age)));
      }""", SHIFT_AND_A_MINUTE)

    page.goto(f"{url}{record}")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not saved on this device")
    assert custody_copies(page) == []
    context.close()


def test_signing_out_deletes_the_copies_and_asks_about_waiting_entries(
        browser, outage, suite_with_detainees):
    url, network = outage["url"], outage["network"]
    osei = suite_with_detainees["osei"]
    check_form = f"/custody/records/{osei.pk}/checks/new/"
    context, page = open_browser(browser, outage["profile"])
    sign_in(page, url, "ps_jones")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    board_kept_on_device(page)
    network.cut()
    page.goto(f"{url}{check_form}")
    page.get_by_label("Condition").fill("Awake")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("1 entry waiting")

    # Signing out while it cannot be sent: the sergeant is asked, and may stay.
    page.get_by_role("button", name="Sign out").click()
    question = page.locator("#outbox-sign-out")
    expect(question).to_be_visible()
    expect(question).to_contain_text("1 entry you made on this device could not be sent")
    question.get_by_role("button", name="Stay signed in").click()
    expect(question).to_be_hidden()
    assert waiting_on_device(page) == 1

    # Still cut off, the sergeant leaves and discards it: the entry and every copy of a
    # custody page are gone from the device, though the server could not be told.
    page.get_by_role("button", name="Sign out").click()
    question.get_by_role("button", name="Discard them and sign out").click()
    with pytest.raises(PlaywrightError, match="ERR_CONNECTION_REFUSED"):
        page.wait_for_url(f"{url}/account/sign-out/")  # the server cannot be told
    network.restore()
    device = context.new_page()  # the first shows the browser's own error page
    device.goto(f"{url}/account/sign-in/")
    assert waiting_on_device(device) == 0
    assert custody_copies(device) == []
    assert not ObservationCheck.objects.filter(notes="Awake").exists()
    context.close()
