"""A custody sergeant books a detainee in from the people index, authorises detention
and sees them on the board, which shows the review due and the detention limit."""

from playwright.sync_api import expect

from athena.accounts.roles import Role
from custody.models import CustodySuite
from tests.browser.conftest import authorise_detention, check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def test_booking_in_and_the_board(page, live_server):
    CustodySuite.objects.create(force=essex(), code="CHE", name="Chelmsford")
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop")
    UserFactory(username="pc_arrester", first_name="Amy", last_name="Arrester",
                roles=[Role.OFFICER])
    UserFactory(username="ps_custody", rank="PS", roles=[Role.CUSTODY_OFFICER])
    person = PersonFactory(forenames="Lee", surname="Nowak")
    login(page, live_server, "ps_custody", TEST_PASSWORD)

    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_label("Your reason").fill("Booking in an arrested person at Chelmsford")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Book into custody").click()
    from django.utils import timezone

    now = timezone.localtime()
    arrested = now - timezone.timedelta(hours=1)
    page.locator("#id_arrested_at_0").fill(arrested.strftime("%d/%m/%Y"))
    page.locator("#id_arrested_at_1").fill(arrested.strftime("%H:%M"))
    page.locator("#id_arrived_at_0").fill(now.strftime("%d/%m/%Y"))
    page.locator("#id_arrived_at_1").fill(now.strftime("%H:%M"))
    page.get_by_label("Place of arrest").fill("High Street, Chelmsford")
    page.get_by_label("Arresting officer").fill("Amy Arrester")
    page.get_by_label("Grounds for arrest").fill("Seen leaving the shop with unpaid goods")
    page.get_by_role("searchbox", name="Offence").fill("TH68010")
    expect(page.get_by_label("Theft from a shop")).to_be_checked()
    page.get_by_label("Cell", exact=True).fill("C2")
    check_accessibility(page, "book in")
    screenshot(page, "custody-book-in")
    page.get_by_role("button", name="Book in").click()

    # Booking in leads to rights, risk and needs; the record is one link away.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rights, risk and needs")
    page.get_by_role("link", name="Back to the custody record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("NOWAK")
    authorise_detention(page)
    expect(page.get_by_role("heading", name="Detention authorised")).to_be_visible()
    check_accessibility(page, "custody record")
    screenshot(page, "custody-record")

    page.get_by_role("link", name="Custody").first.click()
    expect(page.locator("#custody-board")).to_contain_text("Lee NOWAK")
    check_accessibility(page, "custody board")
    screenshot(page, "custody-board")


def test_the_board_and_records_stay_readable_when_the_server_cannot_be_reached(page, live_server):
    from datetime import timedelta

    from django.utils import timezone

    from custody.services import custody_authorise_detention, custody_book_in

    suite = CustodySuite.objects.create(force=essex(), code="CHE", name="Chelmsford")
    sergeant = UserFactory(username="ps_custody", rank="PS", roles=[Role.CUSTODY_OFFICER])
    arrived = timezone.now() - timedelta(hours=2)
    record = custody_book_in(acting_user=sergeant, suite=suite,
                             person=PersonFactory(forenames="Kim", surname="Osei"),
                             arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
                             arrest_place="Market Road", arresting_officer=sergeant,
                             grounds="Suspected burglary", cell="C7")
    custody_authorise_detention(acting_user=sergeant, record=record,
                                grounds="questioning", necessity=["investigation"],
                                at=arrived + timedelta(minutes=10))
    login(page, live_server, "ps_custody", TEST_PASSWORD)
    page.goto(f"{live_server.url}/custody/")
    page.wait_for_function("navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps what it serves
    expect(page.locator("#custody-board")).to_contain_text("Kim OSEI")
    page.goto(f"{live_server.url}/custody/records/{record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("OSEI")

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/custody/")
    expect(page.locator("#custody-board")).to_contain_text("Kim OSEI")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("This is the copy saved at")
    check_accessibility(page, "custody board offline")
    screenshot(page, "custody-board-offline")
    page.goto(f"{live_server.url}/custody/records/{record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("OSEI")
    expect(page.locator("#offline-banner")).to_be_visible()
    screenshot(page, "custody-record-offline")
    page.context.set_offline(False)
