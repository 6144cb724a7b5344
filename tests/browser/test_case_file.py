"""The simple shoplift the long way: from a person's "Start a case file", through every
task on the file's task list, to "submitted for review", with a screenshot and an
accessibility check of every page. Each page of the task list must work for the cases
the quick file does not cover; its clicks are reported beside the quick file's.

The simple shoplift's budget is the quick file's (tests/browser/test_quick_file.py: at
most 8 interactions and 2 seconds of server time from the home page), which replaced the
23 clicks this route was once held to and never met (38)."""

from datetime import date

from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from cases.models import CaseFile
from tests.browser.case_journeys import PNG, Journey, day, submit_and_check
from tests.browser.conftest import JOURNEY_REPORTS
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def test_the_simple_shoplift_can_be_built_section_by_section(page, live_server, settings,
                                                             tmp_path):
    settings.MEDIA_ROOT = tmp_path
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    suspect = PersonFactory(forenames="Dean", surname="Archer",
                            date_of_birth=date(1991, 6, 2))
    UserFactory(username="pc_carter", force=essex(), roles=[Role.OFFICER])
    journey = Journey(page, live_server, "shoplift", check_every_page=True)
    journey.sign_in_as("pc_carter")
    page.goto(f"{live_server.url}/cases/new/?person={suspect.pk}")

    journey.look("new-case")
    page.get_by_label("Offence", exact=True).fill("TH68010")
    expect(page.get_by_label("Theft from a shop")).to_be_checked()
    journey.click(page.get_by_label("Guilty", exact=True))
    journey.click(page.get_by_role("button", name="Create case file"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("ARCHER")
    expect(page.locator("#decider")).to_have_text("Police")
    journey.look("task-list")
    journey.click(journey.task("Defendant: Dean ARCHER"))

    journey.look("defendant")
    journey.fill("Date of arrest", day(-3))
    journey.fill("Time of arrest", "14:20")
    journey.fill("Occupation", "Unemployed")
    # Five questions whose answer is nearly always No, in one click, then read.
    journey.click(page.get_by_role("button", name="Answer No to those not yet answered"))
    for question in ("Is the defendant a foreign national?",
                     "Does the defendant need an interpreter at court?",
                     "Does the offence breach a court order?"):
        expect(journey.group(question).get_by_label("No", exact=True)).to_be_checked()
    expect(page.get_by_label("Occupation")).to_have_value("Unemployed")
    for question in ("Was the defendant given a copy of the charges?",
                     "Did the defendant sign the charge sheet?",
                     "Did the defendant sign for bail?"):
        journey.answer(question, "Yes")
    journey.choose("Why is a conditional caution not suitable?", 0)
    journey.choose("Which order should the prosecutor apply for?", 0)
    journey.save_and_continue()

    expect(journey.task_status("Defendant: Dean ARCHER")).to_have_text("Completed")
    journey.look("task-list-defendant-done")
    journey.click(journey.task("Offence: Theft from a shop"))

    journey.look("offence")
    journey.fill("Date of the offence", day(-3))
    journey.fill("Particulars", "at Tesco, High Street, Chelmsford stole two beef steaks to "
                                "the value of £23.50 belonging to Tesco Stores Ltd")
    journey.fill("How each point to prove is met",
                 "Appropriated: CCTV JB/1 and Ms Bell saw him. Dishonesty: admitted.")
    journey.answer("Was this offence committed while the suspect was on bail?", "No")
    journey.click(page.get_by_role("button", name="Save", exact=True))

    expect(journey.task_status("Offence: Theft from a shop")).to_have_text("Completed")
    journey.look("task-list-offence-done")
    journey.click(journey.task("Victims and witnesses"))

    journey.look("witness-add")
    journey.answer("Victim or witness", "Witness")
    journey.fill("Name", "Joanne Bell")
    journey.answer("Are they under 18?", "No")
    journey.click(page.get_by_role("button", name="Add", exact=True))

    expect(journey.task_status("Victims and witnesses")).to_have_text("Completed")
    journey.look("task-list-witness-done")
    journey.click(journey.task("Case summary (MG5)"))

    journey.look("case-summary")
    journey.fill("Summary of the key evidence",
                 "At 14:10 the suspect put two steaks worth £23.50 in his coat at Tesco, "
                 "Chelmsford, and left without paying. Store detective Ms Bell stopped him.")
    journey.click(page.get_by_label("Gave an account"))
    journey.fill("Summary of the interview",
                 "He admitted taking the steaks to sell and apologised.")
    journey.fill("Date of the interview", day(-3))
    journey.answer("Did the suspect have a solicitor in interview?", "No")
    journey.answer("Were special warnings given?", "No")
    journey.save_and_continue()

    journey.look("evidence-for-prosecutor")
    journey.fill("Why the police charged (charge rationale)",
                 "Clear admission, CCTV and a store witness; loss under £200; anticipated "
                 "guilty plea.")
    journey.save_and_continue()

    journey.look("charges")
    journey.fill("Date charged", day(-3))
    journey.fill("Reply to charge", "Sorry.")
    journey.fill("First hearing date", day(14))
    journey.fill("First hearing time", "10:00")
    journey.fill("Court", "Chelmsford Magistrates' Court")  # typed: a datalist suggests it
    journey.save_and_continue()

    journey.look("witness-statements")
    journey.fill("Witness's name", "Joanne Bell")
    journey.fill("Date of statement", day(-3))
    journey.fill("Statement", "I am a store detective at Tesco, Chelmsford. I saw a man put "
                              "two steaks in his coat and leave without paying.")
    journey.answer("Did the witness sign the MG11 declaration?", "Yes")
    journey.answer("Type of witness", "Eyewitness")
    journey.fill("How the witness is involved", "The store detective who stopped him")
    journey.answer("Did the witness give a visually recorded interview (ABE)?", "No")
    journey.click(page.get_by_role("button", name="Save statement"))

    journey.look("witness-statement-saved")
    journey.click(page.get_by_role("link", name="Continue"))

    journey.look("previous-convictions")
    journey.answer("Was the PNC checked?", "Yes")
    journey.fill("Previous convictions and cautions", "None")
    journey.save_and_continue()

    journey.look("cps-details")
    # The two usually-No questions in one click (before typing: see case_journeys).
    journey.click(page.get_by_role("button", name="Answer No to those not yet answered"))
    for question in ("Did the CPS give pre-charge advice?",
                     "Does the case rely on expert evidence?"):
        expect(journey.group(question).get_by_label("No", exact=True)).to_be_checked()
    journey.answer("Which charging test was applied?", "Full Code Test")
    journey.fill("Property stolen or damaged", "Two beef steaks, £23.50")
    journey.answer("What happened to the property", "Stolen and recovered")
    recovered_from = page.get_by_label("Where or from whom it was recovered")
    expect(recovered_from).to_be_visible()  # asked once the answer is saved
    recovered_from.fill("From the suspect's coat")
    journey.save_and_continue()

    journey.look("exhibits")
    journey.fill("Exhibit reference", "JB/1")
    journey.fill("Description", "CCTV still of the suspect at the store exit")
    journey.fill("Produced by", "Joanne Bell, store detective")
    journey.choose_file(page.get_by_label("File"), "cctv-still.png", PNG)
    journey.click(page.get_by_role("button", name="Save exhibit"))

    journey.look("exhibits-saved")
    # Submit, and the worker's part: run the queued job as a worker would, and watch the
    # page update.
    case = CaseFile.objects.get()
    submit_and_check(journey, case)
    # The court typed by name is kept as its CJS organisation unit; the Noes and the
    # property typed on the same page are all kept.
    assert case.sections.get(kind="charges").data["court"] == (
        "Magistrates' Courts, Essex, Chelmsford, A")
    cps_details = case.sections.get(kind="cps_details").data
    assert (cps_details["pca_cps"], cps_details["expert_evidence"]) == ("no", "no")
    assert cps_details["property"] == "Two beef steaks, £23.50"
    JOURNEY_REPORTS.append(f"Shoplift section by section (the long route): {journey.clicks} "
                           f"clicks and submissions over {journey.pages} pages")
