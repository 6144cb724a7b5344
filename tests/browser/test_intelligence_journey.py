"""The intelligence journey across two forces: an Essex officer writes and submits a
report, an Essex analyst evaluates and disseminates it, and a Kent officer finds it by a
misspelled name and opens it after stating why they are searching."""

import re
from datetime import date

from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence.models import IntelligenceReport, ReportStatus
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory, essex, kent
from tests.people.factories import PersonFactory, VehicleFactory

ORIGINAL = ("CHIS 4471, met at Chelmsford station, saw Mohammed ALI selling cannabis from "
            "a blue Ford Focus in the Princes Road car park on three evenings.")
SANITISED = ("Mohammed ALI is believed to be supplying cannabis from a vehicle in the "
             "Princes Road area of Chelmsford in the evenings.")


def _visit(page, name):
    check_accessibility(page, name)
    screenshot(page, f"intelligence-{name}")


def _sign_in_as(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, TEST_PASSWORD)


def test_a_report_travels_from_one_force_to_another_lawfully(page, live_server):
    UserFactory(username="pc_author", force=essex(), roles=[Role.OFFICER])
    UserFactory(username="analyst_essex", force=essex(), roles=[Role.INTELLIGENCE_ANALYST])
    UserFactory(username="pc_kent", force=kent(), roles=[Role.OFFICER])
    PersonFactory(forenames="Mohammed", surname="Ali", date_of_birth=date(1991, 4, 2))
    VehicleFactory(registration_mark="AB12CDE", make="Ford", model="Focus", colour="Blue")

    # 1. An Essex officer writes the report, links the person and submits it.
    _sign_in_as(page, live_server, "pc_author")
    page.goto(f"{live_server.url}/intelligence/")
    _visit(page, "landing")
    page.get_by_role("button", name="Write an intelligence report").click()
    page.get_by_label("Title").fill("Cannabis supply from a car, Princes Road")
    page.get_by_label("Report", exact=True).fill(ORIGINAL)
    page.get_by_label("Sanitised version").fill(SANITISED)
    page.get_by_label("2 – Untested").check()
    page.get_by_label("B – Known indirectly but corroborated").check()
    page.get_by_label("P – Lawful sharing permitted").check()
    page.get_by_label("Date obtained").fill("25/11/2026")
    _visit(page, "report-form")
    page.get_by_role("button", name="Save and link entities").click()

    page.get_by_label("Search for").fill("Mohammed Ali")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile("Mohammed ALI")).check()
    page.get_by_label("Why is it linked to the report?").fill("Named by the source as the seller")
    _visit(page, "link-entities")
    page.get_by_role("button", name="Link to the report").click()
    expect(page.get_by_text("Named by the source as the seller")).to_be_visible()
    page.get_by_label("Vehicle", exact=True).check()
    page.get_by_label("Search for").fill("ab12 cde")  # typed with a space, stored without
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile("AB12 ?CDE")).check()
    page.locator("#id_link-reason").fill("The car the seller used")
    page.get_by_role("button", name="Link to the report").click()
    expect(page.get_by_text("The car the seller used")).to_be_visible()
    page.get_by_role("button", name="Continue to the report").click()
    _visit(page, "report-draft")
    page.get_by_role("button", name="Submit for evaluation").click()
    report = IntelligenceReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED

    # 2. The Essex analyst evaluates it, checks the sanitisation and disseminates it.
    _sign_in_as(page, live_server, "analyst_essex")
    page.get_by_role("link", name=re.compile(report.reference)).first.click()
    expect(page.get_by_text(ORIGINAL)).to_be_visible()
    page.get_by_label("I have checked the sanitised text reveals neither the source nor "
                      "tactics").check()
    _visit(page, "evaluate")
    page.get_by_role("button", name="Disseminate").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.DISSEMINATED
    assert report.review_due_on is not None

    # 3. A Kent officer searches with a misspelling, states why once, and opens it.
    _sign_in_as(page, live_server, "pc_kent")
    page.goto(f"{live_server.url}/intelligence/")
    page.get_by_label("Search intelligence").fill("Muhamad Aly")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why are you searching")
    _visit(page, "reason")
    page.get_by_label("Your reason").fill("Op Lantern 46/1234: drugs supply enquiry")
    page.get_by_role("button", name=re.compile("Continue")).click()
    result = page.get_by_role("link", name=report.reference)
    expect(result).to_be_visible()
    _visit(page, "search-results")
    # A report is a new thing for the enquiry: one click to confirm the reason.
    result.click()
    page.get_by_role("button", name="Yes, continue with this reason").click()
    expect(page.get_by_text(SANITISED)).to_be_visible()
    expect(page.get_by_text("CHIS 4471")).to_have_count(0)  # the original stays in Essex
    _visit(page, "report-read-elsewhere")

    # The subject's profile is a new thing for the enquiry: one click to confirm it.
    page.get_by_role("link", name="Mohammed ALI").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is this part of the same enquiry?")
    _visit(page, "same-enquiry")
    page.get_by_role("button", name="Yes, continue with this reason").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mohammed ALI")
    expect(page.locator("svg[role=img]")).to_be_visible()
    _visit(page, "subject-profile")

    kent_events = AuditEvent.objects.filter(actor__username="pc_kent")
    search = kent_events.get(action="intelligence.searched")
    view = kent_events.get(action="intelligence.report.viewed")
    assert search.reason == view.reason == "Op Lantern 46/1234: drugs supply enquiry"
    assert search.details["report_ids"] == [report.pk]
    assert view.details["original"] is False
    assert kent_events.get(action="intelligence.subject.viewed").reason == search.reason

    # 4. An administrator sees who looked at the subject, and why.
    UserFactory(username="admin_essex", force=essex(), roles=[Role.ADMINISTRATOR])
    person = report.links.get(entity_type="person").person
    _sign_in_as(page, live_server, "admin_essex")
    page.goto(f"{live_server.url}/intelligence/subjects/{person.pk}/access/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why are you looking")
    page.get_by_label("Your reason").fill("Complaint 26/0099: who looked at the subject")
    page.get_by_role("button", name=re.compile("Continue")).click()
    expect(page.get_by_text("Op Lantern 46/1234: drugs supply enquiry").first).to_be_visible()
    _visit(page, "subject-access-log")
    assert AuditEvent.objects.get(action="intelligence.subject.access_log_viewed").reason == (
        "Complaint 26/0099: who looked at the subject")


def test_a_report_for_the_originating_force_only_stays_in_it(page, live_server):
    """Code C, "Originating force only", ticked by the author in the browser: the analyst
    sees it ticked, and once disseminated a Kent officer can neither find nor open it."""
    UserFactory(username="pc_author", force=essex(), roles=[Role.OFFICER])
    UserFactory(username="analyst_essex", force=essex(), roles=[Role.INTELLIGENCE_ANALYST])
    UserFactory(username="pc_kent", force=kent(), roles=[Role.OFFICER])
    PersonFactory(forenames="Mohammed", surname="Ali", date_of_birth=date(1991, 4, 2))

    _sign_in_as(page, live_server, "pc_author")
    page.goto(f"{live_server.url}/intelligence/reports/new/")
    page.get_by_label("Title").fill("Essex-only source on Princes Road")
    page.get_by_label("Report", exact=True).fill(ORIGINAL)
    page.get_by_label("Sanitised version").fill(SANITISED)
    page.get_by_label("2 – Untested").check()
    page.get_by_label("B – Known indirectly but corroborated").check()
    page.get_by_label(re.compile("^C – Sharing permitted")).check()
    page.get_by_label("Conditions of sharing").fill("Essex only: the source is local.")
    page.get_by_label("Originating force only").check()
    page.get_by_label("Date obtained").fill("25/11/2026")
    page.get_by_role("button", name="Save and link entities").click()
    page.get_by_label("Search for").fill("Mohammed Ali")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile("Mohammed ALI")).check()
    page.get_by_label("Why is it linked to the report?").fill("Named by the source")
    page.get_by_role("button", name="Link to the report").click()
    page.get_by_role("button", name="Continue to the report").click()
    page.get_by_role("button", name="Submit for evaluation").click()
    report = IntelligenceReport.objects.get()

    _sign_in_as(page, live_server, "analyst_essex")
    page.goto(f"{live_server.url}/intelligence/reports/{report.pk}/evaluate/")
    expect(page.get_by_label("Originating force only")).to_be_checked()
    page.get_by_label("I have checked the sanitised text reveals neither the source nor "
                      "tactics").check()
    page.get_by_role("button", name="Disseminate").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.DISSEMINATED
    assert report.originator_only

    _sign_in_as(page, live_server, "pc_kent")
    page.goto(f"{live_server.url}/intelligence/search/?q=Mohammed+Ali")
    page.get_by_label("Your reason").fill("Op Lantern 46/1234: drugs supply enquiry")
    page.get_by_role("button", name=re.compile("Continue")).click()
    expect(page.get_by_role("link", name="Mohammed ALI").first).to_be_visible()
    expect(page.get_by_role("link", name=report.reference)).to_have_count(0)
    _visit(page, "search-restricted-elsewhere")
    response = page.goto(f"{live_server.url}/intelligence/reports/{report.pk}/")
    assert response.status == 404


def test_an_analyst_leaves_their_own_report_to_a_second_analyst(page, live_server):
    """An Essex analyst writes and submits a report: their queue lists it as waiting for
    another analyst, its evaluation page says why and offers nothing to press; a second
    Essex analyst disseminates it."""
    from tests.intelligence.factories import IntelligenceReportFactory

    author = UserFactory(username="analyst_author", force=essex(),
                         roles=[Role.INTELLIGENCE_ANALYST])
    UserFactory(username="analyst_second", force=essex(), roles=[Role.INTELLIGENCE_ANALYST])
    report = IntelligenceReportFactory(author=author, status=ReportStatus.SUBMITTED,
                                       original_text=ORIGINAL, sanitised_text=SANITISED)

    _sign_in_as(page, live_server, "analyst_author")
    page.goto(f"{live_server.url}/intelligence/evaluation/")
    expect(page.get_by_text("Waiting for another analyst")).to_be_visible()
    _visit(page, "queue-own-report")
    page.goto(f"{live_server.url}/intelligence/reports/{report.pk}/evaluate/")
    expect(page.get_by_text("A second analyst must evaluate and disseminate a report you "
                            "wrote. Your force requires it.")).to_be_visible()
    expect(page.get_by_role("button", name="Disseminate")).to_have_count(0)
    _visit(page, "evaluate-own-report")

    _sign_in_as(page, live_server, "analyst_second")
    page.goto(f"{live_server.url}/intelligence/evaluation/")
    page.get_by_role("link", name=re.compile(report.reference)).click()
    page.get_by_label("I have checked the sanitised text reveals neither the source nor "
                      "tactics").check()
    page.get_by_role("button", name="Disseminate").click()
    expect(page.get_by_text(f"Report {report.reference} is disseminated")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.DISSEMINATED
    assert report.evaluated_by.username == "analyst_second"
