"""A custody sergeant opens the suite's contingency pack as a page: the risk section, the
overdue marks and the ruled columns for checks and doses are there, the page says when
it was built and when it was opened, and it opens again from the browser's copy when
the server cannot be reached."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from custody.booking.services import risk_assessment_record
from custody.healthcare.services import hcp_direction_record
from custody.medication.services import medication_plan_add
from custody.models import CustodySuite, DirectionKind, HcpRole
from custody.models.booking import RISK_QUESTIONS
from custody.services import custody_authorise_detention, custody_book_in
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory, essex
from tests.people.factories import PersonFactory

LONDON_TIME = re.compile(r"\d\d:\d\d \w{3} \d{1,2} \w{3,4} \d{4}")
SHOWN_MARKS = "[data-overdue-mark]:visible"


def _detainee_with_a_head_injury(suite, sergeant):
    """Eight hours in custody: the review, the check and a dose are overdue."""
    now = timezone.now()
    arrived = now - timedelta(hours=8)
    record = custody_book_in(acting_user=sergeant, suite=suite,
                             person=PersonFactory(forenames="Tom", surname="Reilly"),
                             arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
                             arrest_place="Duke Street", arresting_officer=sergeant,
                             grounds="Suspected assault", cell="C4")
    record = custody_authorise_detention(acting_user=sergeant, record=record,
                                         grounds="questioning", necessity=["investigation"],
                                         at=arrived + timedelta(minutes=10))
    risk_assessment_record(acting_user=sergeant, record=record,
                           at=arrived + timedelta(minutes=20),
                           answers={**dict.fromkeys(RISK_QUESTIONS, "no"),
                                    "head_injury": "yes"},
                           notes={"head_injury": "Bruise behind the right ear"})
    medication_plan_add(sergeant, record, drug="Paracetamol", strength="500 mg",
                        dose="Two tablets", authorised_by="Dr Mensah",
                        min_interval_minutes=240, max_doses_per_24h=4,
                        starts_at=now - timedelta(hours=2))
    hcp_direction_record(acting_user=sergeant, record=record,
                         given_at=now - timedelta(hours=1), hcp_name="Nurse Bello",
                         hcp_role=HcpRole.NURSE, kind=DirectionKind.REASSESS_WITHIN,
                         reassess_by=now + timedelta(hours=3),
                         text="Check his pupils at every rousing")
    return record


def test_the_contingency_pack_opens_as_a_page_and_again_offline(page, live_server,
                                                                csp_violations):
    suite = CustodySuite.objects.create(force=essex(), code="CHE", name="Chelmsford")
    sergeant = UserFactory(username="ps_custody", rank="PS", roles=[Role.CUSTODY_OFFICER])
    record = _detainee_with_a_head_injury(suite, sergeant)
    login(page, live_server, "ps_custody", TEST_PASSWORD)
    pack_url = f"{live_server.url}/custody/contingency/{suite.code}/"

    page.goto(f"{live_server.url}/custody/records/{record.pk}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.get_by_role("link", name="Contingency sheet (opens in an outage)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contingency sheet")
    page.goto(pack_url)
    page.reload()  # under the service worker, which keeps the page and its stylesheet

    expect(page.get_by_role("heading", level=1)).to_have_text("Contingency pack: Chelmsford")
    expect(page.locator("[data-opened-at]")).to_have_text(LONDON_TIME)
    sheet = page.locator("section.sheet")
    # The risk section, from the assessment itself.
    expect(sheet.get_by_role("heading", name="Risk assessment")).to_be_visible()
    expect(sheet.locator("table.risk").get_by_text("Bruise behind the right ear")).to_be_visible()
    expect(sheet.locator("tr.risk-yes")).to_contain_text("Head injury")
    # Overdue as on the board: the review, the check and the dose; not the limit, nor
    # the re-assessment three hours away.
    deadlines = sheet.locator("table.deadlines")
    expect(deadlines.locator(SHOWN_MARKS)).to_have_count(3)
    for what in ("Review of detention", "Check on the detainee", "Medication: Paracetamol"):
        expect(deadlines.locator("tr", has_text=what).get_by_text("OVERDUE")).to_be_visible()
    for what in ("Detention limit", "HCP re-assessment"):
        expect(deadlines.locator("tr", has_text=what).get_by_text("OVERDUE")).to_be_hidden()
    expect(sheet.get_by_role("columnheader",
                             name="Check the time: overdue if past")).to_be_visible()
    # The summary's directions carry the instruction.
    summary = page.locator("section.summary")
    expect(summary).to_contain_text("Re-assess within a set time")
    expect(summary).to_contain_text("Check his pupils at every rousing")
    # The ruled columns for checks with the rousing answers, and for doses.
    for column in ("Level", "Rousable", "Responds to questions", "Responds to commands",
                   "Notes (condition)", "Given / refused", "Witness"):
        expect(sheet.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    border = sheet.locator("table.handwritten td").first.evaluate(
        "cell => getComputedStyle(cell).borderTopStyle")
    assert border == "solid"  # the pack's stylesheet is applied
    check_accessibility(page, "custody contingency pack")
    screenshot(page, "custody-contingency-pack")

    page.emulate_media(media="print")
    expect(page.locator(".moj-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(sheet.locator("table.risk").get_by_text("Bruise behind the right ear")).to_be_visible()
    screenshot(page, "custody-contingency-pack-print")
    page.emulate_media(media="screen")

    page.context.set_offline(True)
    page.goto(pack_url)
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contingency pack: Chelmsford")
    expect(page.locator("[data-opened-at]")).to_have_text(LONDON_TIME)
    expect(page.locator("table.deadlines").locator(SHOWN_MARKS)).to_have_count(3)
    assert page.locator("section.sheet table.handwritten td").first.evaluate(
        "cell => getComputedStyle(cell).borderTopStyle") == "solid"
    check_accessibility(page, "custody contingency pack offline")
    screenshot(page, "custody-contingency-pack-offline")

    # Opened later, the script marks what has fallen due since it was built.
    page.clock.install(time=timezone.now() + timedelta(hours=4))
    page.goto(pack_url)
    expect(page.locator("table.deadlines").locator(SHOWN_MARKS)).to_have_count(4)
    page.context.set_offline(False)
    assert not csp_violations, "\n".join(csp_violations)
