"""The simple shoplift, as an officer who knows the facts builds it: from the new case
page to "submitted for review" in at most 23 clicks and form submissions (typing not
counted), with a screenshot and an accessibility check of every page."""

from datetime import date

from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.jobs.tasks import run_job
from athena.offences.models import OffenceCategory
from cases.models import CaseFile, FileSubmission
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

# 12 before the CPS Digital Case File's own questions (occupation, nationality,
# interpreter, court unit, property...) joined the first-hearing file. Seven of them are
# usually No and take one click together; the rest are a click each.
CLICK_BUDGET = 23
# A valid 1x1 PNG, as a CCTV still stands in for one.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc00000030101 00c9fe92ef0000000049454e44ae426082".replace(" ", ""))


class Journey:
    """Counts every click and form submission, and looks at every page it reaches."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.pages = 0

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def choose_file(self, locator, name, content):
        self.clicks += 1  # the "Choose file" button
        locator.set_input_files({"name": name, "mimeType": "image/png", "buffer": content})

    def look(self, name):
        self.pages += 1
        check_accessibility(self.page, name)
        screenshot(self.page, f"shoplift-{self.pages:02d}-{name}")


def _answer(journey, page, question, answer):
    journey.click(page.get_by_role("group", name=question).get_by_label(answer, exact=True))


def _choose(journey, page, question, position):
    journey.click(page.get_by_role("group", name=question).get_by_role("radio").nth(position))


def test_the_simple_shoplift_takes_at_most_23_clicks(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    suspect = PersonFactory(forenames="Dean", surname="Archer",
                            date_of_birth=date(1991, 6, 2))
    UserFactory(username="pc_carter", roles=[Role.OFFICER])
    login(page, live_server, "pc_carter", TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/new/?person={suspect.pk}")

    journey = Journey(page)
    journey.look("new-case")
    page.get_by_label("Offence").fill("TH68010")
    expect(page.get_by_label("Theft from a shop")).to_be_checked()
    journey.click(page.get_by_label("Guilty", exact=True))
    journey.click(page.get_by_role("button", name="Create case file"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("ARCHER")
    expect(page.locator("#decider")).to_have_text("Police")
    journey.look("task-list")
    journey.click(page.get_by_role("link", name="Case summary (MG5)"))

    journey.look("case-summary")
    page.get_by_label("Summary of the key evidence").fill(
        "At 14:10 on 3 November the suspect put two steaks worth £23.50 in his coat at "
        "Tesco, Chelmsford, and left without paying. Store detective Ms Bell stopped him.")
    journey.click(page.get_by_label("Gave an account"))
    page.get_by_label("Summary of the interview").fill(
        "He admitted taking the steaks to sell and apologised.")
    page.get_by_label("Date of the interview").fill("03/11/2026")
    _answer(journey, page, "The suspect had a solicitor in interview", "No")
    _answer(journey, page, "Special warnings were given (sections 36 and 37)", "No")
    journey.click(page.get_by_role("button", name="Save and continue"))

    journey.look("evidence-for-prosecutor")
    page.get_by_label("Why the police charged (charge rationale)").fill(
        "Clear admission, CCTV and a store witness; loss under £200; anticipated guilty plea.")
    journey.click(page.get_by_role("button", name="Save and continue"))

    journey.look("charges")
    page.get_by_label("Date charged").fill("03/11/2026")
    page.get_by_label("Reply to charge").fill("Sorry.")
    page.get_by_label("First hearing date").fill("17/11/2026")
    page.get_by_label("Court").fill("Chelmsford Magistrates' Court")
    journey.click(page.get_by_role("button", name="Save and continue"))

    journey.look("previous-convictions")
    journey.click(page.get_by_role("group", name="PNC checked").get_by_label("Yes"))
    page.get_by_label("Previous convictions and cautions").fill("None")
    journey.click(page.get_by_role("button", name="Save and continue"))

    journey.look("cps-details")
    page.get_by_label("Defendant's occupation").fill("Unemployed")
    # Seven questions whose answer is nearly always No, in one click, then read.
    journey.click(page.get_by_role("button", name="Answer No to those not yet answered"))
    for question in ("The defendant is a foreign national",
                     "The defendant needs an interpreter at court",
                     "The case relies on expert evidence"):
        expect(page.get_by_role("group", name=question).get_by_label("No", exact=True)
               ).to_be_checked()
    expect(page.get_by_label("Defendant's occupation")).to_have_value("Unemployed")
    for question in ("The defendant was given a copy of the charges",
                     "The defendant signed the charge sheet",
                     "The defendant signed for bail"):
        _answer(journey, page, question, "Yes")
    _choose(journey, page, "Why a conditional caution is not suitable", 0)
    _choose(journey, page, "Order the prosecutor is asked to apply for", 0)
    _choose(journey, page, "Charging test applied", 0)
    page.get_by_label("First hearing court (CJS organisation unit)").fill(
        "Magistrates' Courts, Essex, Chelmsford, A")
    page.get_by_label("Property stolen or damaged").fill("Two beef steaks, £23.50")
    _choose(journey, page, "What happened to the property", 1)
    recovered_from = page.get_by_label("Where or from whom it was recovered")
    expect(recovered_from).to_be_visible()  # asked once the answer is saved
    recovered_from.fill("From the suspect's coat")
    journey.click(page.get_by_role("button", name="Save and continue"))

    journey.look("exhibits")
    page.get_by_label("Exhibit reference").fill("JB/1")
    page.get_by_label("Description").fill("CCTV still of the suspect at the store exit")
    page.get_by_label("Produced by").fill("Joanne Bell, store detective")
    journey.choose_file(page.get_by_label("File"), "cctv-still.png", PNG)
    journey.click(page.get_by_role("button", name="Save exhibit"))

    journey.look("exhibits-saved")
    journey.click(page.get_by_role("button", name="Submit for review"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Submitted for review")
    journey.look("submitted")
    print(f"\nSimple shoplift: {journey.clicks} clicks and submissions "
          f"(budget {CLICK_BUDGET}) over {journey.pages} pages")
    assert journey.clicks <= CLICK_BUDGET

    # The worker's part: run the queued job as a worker would, and watch the page update.
    case = CaseFile.objects.get()
    run_job(FileSubmission.objects.get(case=case).job_id)
    expect(page.get_by_text("File ready for review")).to_be_visible(timeout=10_000)
    journey.look("bundle-ready")
