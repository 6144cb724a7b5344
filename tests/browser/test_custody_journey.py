"""The custody journey online, in one go: book a detainee in, add a medication plan,
and record the due dose from the board in two interactions. Screenshots and axe-core on
every page. Working through an outage is test_custody_outage.py, with a real one."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from custody.models import CustodySuite, DoseRecordRow
from tests.browser.conftest import authorise_detention, check_accessibility, login, screenshot
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
    page.get_by_label("Your reason").fill("Booking in an arrested person at Chelmsford")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Book into custody").click()
    now = timezone.localtime()
    arrested = now - timedelta(minutes=50)
    page.locator("#id_arrested_at_0").fill(arrested.strftime("%d/%m/%Y"))
    page.locator("#id_arrested_at_1").fill(arrested.strftime("%H:%M"))
    page.locator("#id_arrived_at_0").fill(now.strftime("%d/%m/%Y"))
    page.locator("#id_arrived_at_1").fill((now - timedelta(minutes=20)).strftime("%H:%M"))
    page.get_by_label("Place of arrest").fill("Moulsham Street, Chelmsford")
    page.get_by_label("Arresting officer").fill("Priya Sharma")
    page.get_by_label("Grounds for arrest").fill("Seen taking goods without paying")
    page.get_by_role("searchbox", name="Offence").fill("TH68010")
    page.get_by_label("Cell", exact=True).fill("C6")
    look(page, "1-book-in")
    page.get_by_role("button", name="Book in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rights, risk and needs")
    page.get_by_role("link", name="Back to the custody record").click()
    authorise_detention(page)
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

    # From the board: the due dose in two interactions.
    page.goto(f"{live_server.url}/custody/")
    look(page, "4-board-dose-due")
    page.locator("#custody-board").get_by_role("link", name="Due").click()  # 1
    look(page, "5-dose-form")
    page.get_by_role("button", name="Save").click()  # 2 (time, outcome and giver filled in)
    expect(page.get_by_text("given at")).to_be_visible()
    assert DoseRecordRow.objects.count() == 1
