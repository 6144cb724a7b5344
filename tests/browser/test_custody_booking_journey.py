"""Booking in at the suite's pace, measured in Chromium (issue 15): a custody sergeant finds
a new detainee on the people index and books them in, from "Book into custody" to the
custody record, with rights, risk and needs, two items of property (one of them cash,
£12.40) and detention authorised, in at most 25 interactions.

Every click, choice (radio, box, select) and submission is counted; typing is not. The
count and each interaction are printed, and listed at the end of the run with the other
journeys (tests.browser.conftest.JOURNEY_REPORTS). Each page is checked with axe and
photographed (var/screenshots/custody-booking-*.png).
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from custody.booking.services import custody_book_in
from custody.models import CustodyRecord, CustodySuite, PropertyItem, RecordStatus
from custody.models.booking import RISK_QUESTIONS
from custody.records.rules import LONDON
from tests.browser.test_quick_file import TimedJourney
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

TARGET_INTERACTIONS = 25


class BookingJourney(TimedJourney):
    def select(self, locator, label, what):
        """An option of a select, counted as one choice."""
        self.read_server_time()
        heading = self.page.get_by_role("heading", level=1).first.inner_text()
        self.interactions.append((heading, what))
        self.clicks += 1
        locator.select_option(label=label)


def _suite_with_one_detainee():
    """Chelmsford's six cells, C1 held by a detainee booked in earlier; the arresting
    officer, PC 1234 Amy Arrester; the custody sergeant, ps_custody."""
    force = essex()
    suite = CustodySuite.objects.create(force=force, code="CHE", name="Chelmsford",
                                        cells=["C1", "C2", "C3", "C4", "C5", "C6"])
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    officer = UserFactory(username="pc_arrester", first_name="Amy", last_name="Arrester",
                          rank="PC", collar_number="1234", force=force, roles=[Role.OFFICER])
    UserFactory(username="pc_other", first_name="Ben", last_name="Other", rank="PC",
                collar_number="5678", force=force, roles=[Role.OFFICER])
    sergeant = UserFactory(username="ps_custody", first_name="Priya", last_name="Jones",
                           rank="PS", collar_number="4321", force=force,
                           roles=[Role.CUSTODY_OFFICER])
    now = timezone.now()
    custody_book_in(acting_user=sergeant, suite=suite,
                    person=PersonFactory(forenames="Dana", surname="Whitlock"),
                    arrested_at=now - timedelta(hours=2), arrived_at=now - timedelta(hours=1),
                    arrest_place="Moulsham Street", arresting_officer=officer,
                    grounds="Seen taking goods", cell="C1")
    return suite, sergeant, officer


def _now_typed():
    now = timezone.localtime(timezone.now(), LONDON)
    return {now.strftime("%d/%m/%Y")}, {(now - timedelta(minutes=m)).strftime("%H:%M")
                                        for m in (-1, 0, 1)}


def _authorise_detention(j):
    """The authorisation page as it stands: its time starts at now; tick a reason the
    arrest was necessary if it asks, choose a ground if it asks, and submit."""
    page = j.page
    reasons = page.get_by_role("group", name="Why the arrest was necessary")
    if reasons.count():
        j.tick(reasons.get_by_label("To allow the prompt and effective investigation",
                                    exact=False), "Necessity – investigation")
    grounds = page.get_by_role("group", name="Grounds for detention")
    if grounds.count():
        j.click(grounds.get_by_label("To obtain evidence by questioning", exact=False),
                "Grounds for detention – questioning")
    j.look("authorise")
    j.click(page.locator("main").get_by_role("button", name="Authorise detention"))


def test_booking_in_a_new_detainee_takes_at_most_25_interactions(page, live_server):
    _suite_with_one_detainee()
    PersonFactory(forenames="Lee", surname="Nowak")
    j = BookingJourney(page, live_server, "custody-booking", check_every_page=True)
    j.sign_in_as("ps_custody")
    page.goto(f"{live_server.url}/people/")
    j.start()

    # Found on the people index, saying why (once), and confirming the record is part of
    # the same enquiry (one click).
    j.fill("Name, PNC ID or CRO number", "Lee Nowak")
    j.click(page.get_by_role("button", name="Search"))
    expect(j.heading()).to_contain_text("Why are you searching?")
    j.fill("Your reason", "Booking in Lee Nowak, arrested for shop theft")
    j.click(page.get_by_role("button", name="Continue"))
    j.click(page.get_by_role("link", name="Lee NOWAK"))
    expect(j.heading()).to_contain_text("Is this part of the same enquiry?")
    j.click(page.get_by_role("button", name="Yes, continue with this reason"))
    j.click(page.get_by_role("link", name="Book into custody"))

    # The arrest and booking: times start at now, the officer found by collar number,
    # the cell from the free ones.
    expect(j.heading()).to_contain_text("NOWAK")
    dates, times = _now_typed()
    assert page.locator("#id_arrested_at_0").input_value() in dates
    assert page.locator("#id_arrived_at_1").input_value() in times
    j.fill("Place of arrest", "High Street, Chelmsford")
    j.fill("Arresting officer", "1234")
    j.fill("Grounds for arrest", "Seen leaving Tesco with two steaks he had not paid for")
    page.get_by_role("searchbox", name="Offence").fill("TH68010")
    expect(page.get_by_label("Theft from a shop")).to_be_checked()
    cell = page.get_by_label("Cell", exact=True)
    expect(cell.locator("option")).to_have_text(["No cell yet", "C2", "C3", "C4", "C5", "C6"])
    j.select(cell, "C3", "Cell – C3")
    j.look("book-in")
    j.click(page.get_by_role("button", name="Book in"))

    # Rights, risk and needs on one page.
    expect(j.heading()).to_contain_text("Rights, risk and needs")
    j.answer("Legal advice", "Wants legal advice (duty solicitor)")
    j.tick(page.get_by_label("Written notice of rights and entitlements given"),
           "Written notice given")
    for question, label in RISK_QUESTIONS.items():
        j.answer(label, "Yes" if question == "drug_or_alcohol_intoxication" else "No")
    j.fill("Under the influence of drink or drugs: notes", "Smells of alcohol")
    j.fill("Diet", "Vegetarian")
    j.look("rights-risk-needs")
    j.click(page.get_by_role("button", name="Save rights, risk and needs"))

    # Property as a table: a wallet, and cash in pounds and pence.
    expect(j.heading()).to_contain_text("Property")
    j.fill("Item 1 description", "Black leather wallet")
    j.fill("Item 1 sealed bag number", "A1001")
    j.select(page.get_by_label("Item 1 signed by the detainee"), "Signed", "Item 1 – signed")
    j.fill("Item 2 description", "Cash")
    j.fill("Item 2 cash in pounds", "£12.40")
    j.fill("Item 2 sealed bag number", "A1001")
    j.select(page.get_by_label("Item 2 signed by the detainee"), "Signed", "Item 2 – signed")
    j.look("property")
    j.click(page.get_by_role("button", name="Save property"))

    # The record: the checklist says detention is still to authorise.
    expect(j.heading()).to_contain_text("NOWAK")
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Booking in: 1 to do")
    j.look("record-before-authorising")
    j.click(page.locator("main").get_by_role("link", name="Authorise detention", exact=True))
    _authorise_detention(j)

    expect(j.heading()).to_contain_text("NOWAK")
    expect(checklist).to_contain_text("Booking in: done")
    expect(checklist).to_contain_text("Next check")
    expect(checklist).to_contain_text("Detention limit")
    j.look("record")
    j.report("Booking in a new detainee")
    assert len(j.interactions) <= TARGET_INTERACTIONS, j.interactions

    record = CustodyRecord.objects.get(person__surname="Nowak")
    assert record.status == RecordStatus.DETAINED and record.cell == "C3"
    assert record.arresting_officer.username == "pc_arrester"
    assert record.observation_level == 2
    wallet, cash = PropertyItem.objects.filter(record=record).order_by("pk")
    assert (wallet.description, wallet.quantity, wallet.signed_by_detainee) == (
        "Black leather wallet", 1, True)
    assert (cash.cash_pence, cash.quantity) == (1240, None)
    assert set(record.entries.values_list("kind", flat=True)) >= {
        "booked_in", "authorised", "rights", "risk", "needs", "property"}


def test_the_property_table_keeps_what_was_typed_when_a_row_is_added_or_refused(
        page, live_server):
    suite, sergeant, officer = _suite_with_one_detainee()
    record = custody_book_in(acting_user=sergeant, suite=suite,
                             person=PersonFactory(forenames="Kim", surname="Osei"),
                             arrested_at=timezone.now() - timedelta(hours=1),
                             arrived_at=timezone.now() - timedelta(minutes=30),
                             arrest_place="Market Road", arresting_officer=officer,
                             grounds="Suspected burglary", cell="C2")
    j = BookingJourney(page, live_server, "custody-property", check_every_page=True)
    j.sign_in_as("ps_custody")
    page.goto(f"{live_server.url}/custody/records/{record.pk}/property/")
    j.fill("Item 1 description", "Phone")
    j.fill("Item 2 description", "Cash")
    j.fill("Item 2 cash in pounds", "12.345")
    j.click(page.get_by_role("button", name="Add another row"))
    expect(page.get_by_label("Item 4 description")).to_be_visible()
    expect(page.get_by_label("Item 2 cash in pounds")).to_have_value("12.345")
    j.click(page.get_by_role("button", name="Save property"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the cash in pounds and pence, for example £12.40")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether the detainee signed for it")
    expect(page.get_by_label("Item 1 description")).to_have_value("Phone")
    j.look("property-refused")
    assert not PropertyItem.objects.exists()
