"""The custody journey of the issue, in one go: book a detainee in, add a medication
plan, record a dose from the board, lose the server and still read the board and the
medication chart, record a check offline, get the server back, and see it saved once.
Screenshots and axe-core on every page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from custody.models import CustodySuite, DoseRecordRow, ObservationCheck
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def look(page, name):
    check_accessibility(page, name)
    screenshot(page, f"custody-journey-{name}")


def test_custody_journey_through_an_outage(page, live_server):
    CustodySuite.objects.create(force=essex(), code="CHE", name="Chelmsford")
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop")
    UserFactory(username="ps_custody", first_name="Priya", last_name="Sharma", rank="PS",
                roles=[Role.CUSTODY_OFFICER])
    person = PersonFactory(forenames="Dana", surname="Whitlock")
    login(page, live_server, "ps_custody", TEST_PASSWORD)

    # Book in.
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Book into custody").click()
    now = timezone.localtime()
    arrested = now - timedelta(minutes=50)
    page.locator("#id_arrested_at_0").fill(arrested.strftime("%d/%m/%Y"))
    page.locator("#id_arrested_at_1").fill(arrested.strftime("%H:%M"))
    page.locator("#id_arrived_at_0").fill(now.strftime("%d/%m/%Y"))
    page.locator("#id_arrived_at_1").fill((now - timedelta(minutes=20)).strftime("%H:%M"))
    page.get_by_label("Place of arrest").fill("Moulsham Street, Chelmsford")
    page.get_by_label("Arresting officer").select_option(index=1)
    page.get_by_label("Grounds for arrest").fill("Seen taking goods without paying")
    page.get_by_label("Offence").fill("TH68010")
    page.get_by_label("Cell").fill("C6")
    look(page, "1-book-in")
    page.get_by_role("button", name="Book in").click()
    page.get_by_role("button", name="Authorise detention now").click()
    expect(page.get_by_role("heading", name="Detention authorised")).to_be_visible()
    look(page, "2-record")

    # A medication plan, due now.
    page.get_by_role("link", name="Medication").first.click()
    page.get_by_role("link", name="Add a medication plan").click()
    page.get_by_label("Drug", exact=True).fill("Paracetamol")
    page.get_by_label("Strength", exact=True).fill("500 mg")
    page.get_by_label("Dose", exact=True).fill("2 tablets")
    page.get_by_label("Authorised by").fill("Dr Amir, forensic physician")
    page.get_by_label("Or the minimum time between doses").fill("4")
    look(page, "3-medication-plan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Medication plan added")).to_be_visible()

    # From the board: the due dose in three interactions.
    page.goto(f"{live_server.url}/custody/")
    look(page, "4-board-dose-due")
    page.locator("#custody-board").get_by_role("link", name="Due").click()  # 1
    look(page, "5-dose-form")
    page.get_by_role("button", name="Save").click()  # 2 (time, outcome and giver filled in)
    expect(page.get_by_text("given at")).to_be_visible()
    assert DoseRecordRow.objects.count() == 1

    # The board keeps every detainee's pages; then the server goes away.
    page.goto(f"{live_server.url}/custody/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_timeout(500)  # the board stores each detainee's pages
    record_path = page.locator("#custody-board").get_by_role(
        "link", name="Dana WHITLOCK", exact=True).get_attribute("href")
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/custody/")
    expect(page.locator("#custody-board")).to_contain_text("Dana WHITLOCK")
    expect(page.locator("#offline-banner")).to_be_visible()
    look(page, "6-board-offline")
    page.goto(f"{live_server.url}{record_path}medication/")
    expect(page.get_by_text("Paracetamol").first).to_be_visible()
    expect(page.locator("#offline-banner")).to_be_visible()
    look(page, "7-medication-offline")

    # A check recorded offline.
    page.goto(f"{live_server.url}{record_path}checks/new/")
    page.get_by_label("Condition").fill("Awake and talking (recorded offline)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue-status")).to_contain_text("Saved on this device")
    look(page, "8-check-offline")
    assert not ObservationCheck.objects.exists()

    # The server is back: the check is sent, and saved once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-queue-status")).to_contain_text("1 entry made offline sent")
    page.reload()
    assert ObservationCheck.objects.count() == 1
    page.goto(f"{live_server.url}{record_path}")
    expect(page.get_by_text("recorded offline")).to_be_visible()
    look(page, "9-record-after-outage")
