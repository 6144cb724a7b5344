"""A custody sergeant works through a real outage in Chromium with a persistent profile:
the server is stopped and started again, the browser is closed and reopened, the session
expires, the workstation's network drops with the server up, and a colleague gives a
dose meanwhile. After each step the server's rows are checked: every entry made offline
arrives exactly once, at the time it was saved, and none is lost.
"""

import re
import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from custody.medication.services import dose_record
from custody.models import (
    CustodyEntry,
    DoseRecordRow,
    EntryKind,
    HcpDirection,
    ObservationCheck,
    OfflineEntry,
    OfflineEntryStatus,
)
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.outage import (
    board_kept_on_device,
    kept_on_device,
    open_browser,
    sign_in,
    waiting_on_device,
)
from tests.factories import TEST_PASSWORD

# How long a page may take to send what waits by itself (its retry backs off to a
# minute; the board's 30-second refresh also sets it off).
SENDS_BY_ITSELF = 75_000


def look(page, name):
    check_accessibility(page, f"outage-{name}")
    screenshot(page, f"custody-outage-{name}")


def minute_after(moment):
    """Wait until the clock has passed into the minute after ``moment``."""
    following = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    time.sleep(max(0.0, (following - timezone.now()).total_seconds()) + 1)


def test_entries_made_in_a_real_outage_arrive_once_at_their_true_time(
        browser, outage, suite_with_detainees):
    data = suite_with_detainees
    url, server, network = outage["url"], outage["server"], outage["network"]
    whitlock, osei, plan = data["whitlock"], data["osei"], data["plan"]
    dose_form = f"/custody/records/{whitlock.pk}/medication/{plan.pk}/dose/"
    check_form = f"/custody/records/{osei.pk}/checks/new/"
    context, page = open_browser(browser, outage["profile"])

    # 1. Online: the board keeps every detainee's pages and forms on this device.
    sign_in(page, url, "ps_jones")
    expect(page.locator("#custody-board")).to_contain_text("Dana WHITLOCK")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    board_kept_on_device(page)
    kept_on_device(page, dose_form, check_form, f"/custody/records/{whitlock.pk}/healthcare/",
                   f"/custody/records/{whitlock.pk}/notes/new/", "/custody/contingency/CHE/")

    # 2. The server stops. The due dose from the board: the same two interactions as
    #    online, timed when it was saved, not when the form was opened.
    server.stop()
    network.drop_connections()
    page.goto(f"{url}/custody/")
    expect(page.locator("#offline-banner")).to_be_visible()
    look(page, "1-board-server-down")
    page.locator("#custody-board").get_by_role("link", name=re.compile("^Due")).click()  # 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a dose")
    opened = timezone.now()
    minute_after(opened)
    page.get_by_role("button", name="Save").click()  # 2
    saved = timezone.now()
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "Paracetamol 500 mg dose: saved on this device – not yet sent (1 entry waiting)")
    assert page.url.startswith(f"{url}/custody/?")
    expect(page.locator(f"[data-outbox-count='{whitlock.pk}']")).to_contain_text(
        "1 entry not yet sent Paracetamol 500 mg dose")
    expect(page.locator(f"[data-outbox-count='{osei.pk}']")).to_be_hidden()
    look(page, "2-dose-saved-on-device")
    assert not DoseRecordRow.objects.filter(plan=plan).exists()

    # 3. A check with the rousing answers, the HCP direction acknowledged, and a note.
    page.locator("#custody-board").get_by_role(
        "link", name="Record check for Dana OSEI").click()
    page.get_by_label("Condition").fill("Awake, talking, asked for water")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("2 entries waiting")
    page.goto(f"{url}/custody/records/{whitlock.pk}/healthcare/")
    page.get_by_role("button", name="Acknowledge the direction").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("3 entries waiting")
    page.goto(f"{url}/custody/records/{whitlock.pk}/notes/new/")
    page.get_by_label("Note").fill("Solicitor rang; will attend at 10:00")
    look(page, "3-note-form-offline")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("4 entries waiting")

    # Every copy shows what waits for that detainee, marked as not yet sent.
    page.goto(f"{url}/custody/records/{whitlock.pk}/")
    panel = page.locator("[data-outbox-list]")
    expect(panel).to_contain_text("Paracetamol 500 mg dose")
    expect(panel).to_contain_text("HCP direction acknowledged")
    expect(panel).to_contain_text("Note")
    expect(panel).to_contain_text("Not yet sent")
    page.goto(f"{url}/custody/records/{whitlock.pk}/medication/")
    expect(page.locator(f"[data-outbox-url='{dose_form}']")).to_contain_text(
        "Saved on this device at")
    look(page, "4-medication-copy-shows-waiting")
    assert waiting_on_device(page) == 4
    assert not ObservationCheck.objects.filter(notes__contains="asked for water").exists()

    # The contingency pack opens too, with the time it was built and opened.
    page.goto(f"{url}/custody/contingency/CHE/")
    expect(page.locator("main")).to_contain_text("Dana WHITLOCK")
    expect(page.locator("main")).to_contain_text("Opened at")
    look(page, "5-contingency-pack-offline")

    # 4. The browser is closed and opened again during the outage: nothing is lost.
    context.close()
    context, page = open_browser(browser, outage["profile"])
    page.goto(f"{url}/custody/")
    expect(page.locator("#custody-board")).to_contain_text("Dana WHITLOCK")
    assert waiting_on_device(page) == 4

    # 5. Meanwhile the session expires, and a colleague gives the same dose on paper
    #    keyed in elsewhere: the offline dose will clash with it.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    dose_record(data["colleague"], plan, opened - timedelta(minutes=5), "given")

    # 6. The server is back. Without a reload the page finds it, and says the sergeant
    #    must sign in again; nothing was taken for sent.
    server.start()
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "Sign in again to send them", timeout=SENDS_BY_ITSELF)
    assert waiting_on_device(page) == 4
    assert not ObservationCheck.objects.filter(notes__contains="asked for water").exists()

    # 7. Signed in again (a new session, a new CSRF token): everything is sent, once.
    page.get_by_role("link", name="Sign in again to send them").click()
    page.get_by_label("Username").fill("ps_jones")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "4 entries made on this device sent", timeout=SENDS_BY_ITSELF)
    assert waiting_on_device(page) == 0
    check = ObservationCheck.objects.get(notes__contains="asked for water")
    assert check.checked_by == data["sergeant"]
    assert check.recorded_at > check.at
    assert CustodyEntry.objects.filter(kind=EntryKind.NOTE,
                                       summary__startswith="Solicitor rang").count() == 1
    direction = HcpDirection.objects.get(pk=data["direction"].pk)
    assert direction.acknowledged_by == data["sergeant"]
    assert saved - timedelta(minutes=2) < direction.acknowledged_at < timezone.now()
    refused = OfflineEntry.objects.get(status=OfflineEntryStatus.REFUSED)
    assert refused.what == "Paracetamol 500 mg dose"
    typed_minute = refused.fields["at_1"][0]
    assert typed_minute == timezone.localtime(saved).strftime("%H:%M")
    assert typed_minute != timezone.localtime(opened).strftime("%H:%M")
    assert DoseRecordRow.objects.filter(plan=plan).count() == 1  # the colleague's only

    # 8. The refused dose is in the sergeant's face: on the board, the record and the
    #    medication page, until dealt with.
    page.goto(f"{url}/custody/")
    expect(page.locator("#custody-board")).to_contain_text(
        "Entry made offline refused: Paracetamol 500 mg dose")
    look(page, "6-board-after-outage")
    page.goto(f"{url}/")
    expect(page.locator("main")).to_contain_text(
        "Entry made offline refused: Paracetamol 500 mg dose")
    page.goto(f"{url}/custody/records/{whitlock.pk}/medication/")
    expect(page.locator("#offline-refusals")).to_contain_text("The last dose was given at")
    page.locator("#offline-refusals").get_by_role("link").first.click()
    look(page, "7-refused-entry")
    page.get_by_label("Why it is not recorded").fill(
        "PS Khan gave this dose; mine was the same one")
    page.get_by_role("button", name="Dismiss it").click()
    expect(page.get_by_text("dismissed")).to_be_visible()
    refused.refresh_from_db()
    assert not refused.is_open_refusal

    # 9. The network drops with the server up; a note saved meanwhile is sent by itself
    #    when it comes back (a retry after a failed save), once.
    page.goto(f"{url}/custody/records/{whitlock.pk}/notes/new/")
    network.cut()
    page.get_by_label("Note").fill("Meal refused")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("1 entry waiting")
    assert not CustodyEntry.objects.filter(summary__startswith="Meal refused").exists()
    network.restore()
    expect(page.locator("#offline-queue-status")).to_contain_text(
        "1 entry made on this device sent", timeout=SENDS_BY_ITSELF)
    assert CustodyEntry.objects.filter(summary__startswith="Meal refused").count() == 1
    assert ObservationCheck.objects.filter(notes__contains="asked for water").count() == 1
    context.close()
