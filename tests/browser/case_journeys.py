"""Steps shared by the case-file journeys: an officer builds a file from the new-case page
through every task on its task list, the worker checks it, and a supervisor approves it
and sends it to the CPS. Each step uses the pages as a person would, by their labels."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.jobs.tasks import run_job
from cases.dcf.validate import dcf_problems
from cases.models import CaseFile, CaseStatus, CpsHandover, FileSubmission
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD

# A valid 1x1 PNG, as a CCTV still stands in for one.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
UNFINISHED = re.compile("Not yet started|In progress|Returned")


def day(offset):
    """A date ``offset`` days from today, as typed into a date field (dd/mm/yyyy)."""
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d/%m/%Y")


class Journey:
    """One person's way through the pages: counts every click and form submission, and
    looks at every page it reaches (a screenshot each, axe on each new kind of page, or
    on every page when ``check_every_page``)."""

    def __init__(self, page, live_server, name, check_every_page=False):
        self.page = page
        self.live_server = live_server
        self.name = name
        self.check_every_page = check_every_page
        self.case_url = None
        self.clicks = 0
        self.pages = 0
        self._checked = set()

    # --- counting and looking ---------------------------------------------------------

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def choose_file(self, locator, name, content):
        self.clicks += 1  # the "Choose file" button
        locator.set_input_files({"name": name, "mimeType": "image/png", "buffer": content})

    def look(self, kind):
        self.pages += 1
        if self.check_every_page or kind not in self._checked:
            self._checked.add(kind)
            check_accessibility(self.page, f"{self.name} {kind}")
        screenshot(self.page, f"{self.name}-{self.pages:02d}-{kind}")

    # --- answering ----------------------------------------------------------------------

    def group(self, question):
        return self.page.get_by_role("group", name=question)

    def answer(self, question, answer):
        """Click the radio ``answer`` of the question (a fieldset) ``question``."""
        self.click(self.group(question).get_by_label(answer, exact=True))

    def choose(self, question, position):
        """Click the ``position``-th option of the question ``question``."""
        self.click(self.group(question).get_by_role("radio").nth(position))

    def fill(self, label, text):
        self.page.get_by_label(label, exact=True).fill(text)

    def save_and_continue(self):
        self.click(self.page.get_by_role("button", name="Save and continue"))

    # --- moving about -------------------------------------------------------------------

    def sign_in_as(self, username):
        self.page.context.clear_cookies()
        login(self.page, self.live_server, username, TEST_PASSWORD)

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def task(self, title):
        """The task list's link to a task."""
        return self.page.get_by_role("link", name=title, exact=True)

    def task_status(self, title):
        return self.page.locator(".govuk-task-list__item", has=self.task(title)).locator(
            ".govuk-task-list__status")

    def open_task(self, title):
        """Open a task from the file page, unless "Save and continue" already led there."""
        if title not in self.heading().inner_text():
            self.back_to_the_file()
            self.click(self.task(title))
        expect(self.heading()).to_contain_text(title)

    def back_to_the_file(self):
        if not self.page.get_by_role("heading", name="What this file needs").count():
            back = self.page.get_by_role("link", name="Back to the file").first
            if back.count():
                self.click(back)
            else:  # a page with no way back: go to the file as a bookmark would
                self.page.goto(self.case_url)
        expect(self.page.get_by_role("heading", name="What this file needs")).to_be_visible()


# --- the officer's pages ------------------------------------------------------------------

def start_case(j, person, offence_code, offence_title, plea, begins=None, bail=None,
               markers=()):
    """The new-case page: the offence by its CJS code, the plea, how the case begins, bail
    and markers; ends on the file's task list."""
    page = j.page
    page.goto(f"{j.live_server.url}/cases/new/?person={person.pk}")
    j.look("new-case")
    page.get_by_label("Offence", exact=True).fill(offence_code)
    expect(page.get_by_label(offence_title, exact=True)).to_be_checked()
    j.answer("Anticipated plea", plea)
    if begins:
        j.answer("How does the case begin?", begins)
    if bail:
        j.answer("Bail or remand", bail)
    for marker in markers:
        j.click(j.group("Markers").get_by_label(marker, exact=True))
    j.click(page.get_by_role("button", name="Create case file"))
    expect(page.get_by_role("heading", name="What this file needs")).to_be_visible()
    j.look("task-list")
    j.case_url = page.url
    return CaseFile.objects.latest("pk")


def add_suspect(j, name, offence_code, offence_title, plea, offence_date, particulars):
    """Another suspect, found on the people index, with their offence."""
    page = j.page
    j.click(page.get_by_role("link", name="Add a suspect"))
    j.look("suspect-add")
    page.get_by_label("Name, PNC ID or CRO number").fill(name)
    j.click(page.get_by_role("button", name="Search"))
    j.click(j.group("Choose the suspect").get_by_role("radio").first)
    j.click(page.get_by_role("button", name="Add suspect and choose their offence"))
    j.look("suspect-offence-add")
    page.get_by_label("Offence", exact=True).fill(offence_code)
    expect(page.get_by_label(offence_title, exact=True)).to_be_checked()
    j.answer("Anticipated plea", plea)
    j.fill("Date of the offence", offence_date)
    j.fill("Particulars", particulars)
    j.click(page.get_by_role("button", name="Add offence"))
    expect(page.get_by_role("heading", name="What this file needs")).to_be_visible()


def defendant(j, name, occupation, arrested=None, charged=True, signed_for_bail=True,
              relationship=None):
    """The defendant's own page, from the task list: arrest, occupation, needs at court.
    ``arrested`` is (date, time); ``relationship`` (to the victim, years) in domestic
    abuse."""
    page = j.page
    j.click(j.task(f"Defendant: {name}"))
    j.look("defendant")
    if arrested:
        j.fill("Date of arrest", arrested[0])
        j.fill("Time of arrest", arrested[1])
    j.fill("Occupation", occupation)
    # Five questions whose answer is nearly always No, in one click, then read.
    j.click(page.get_by_role("button", name="Answer No to those not yet answered"))
    for question in ("Is the defendant a foreign national?",
                     "Does the defendant need an interpreter at court?",
                     "Does the offence breach a court order?"):
        expect(j.group(question).get_by_label("No", exact=True)).to_be_checked()
    expect(page.get_by_label("Occupation", exact=True)).to_have_value(occupation)
    j.answer("Was the defendant given a copy of the charges?", "Yes")
    if charged:
        j.answer("Did the defendant sign the charge sheet?", "Yes")
    if signed_for_bail:
        j.answer("Did the defendant sign for bail?", "Yes")
    j.choose("Why is a conditional caution not suitable?", 0)
    j.choose("Which order should the prosecutor apply for?", 0)
    if relationship:
        j.fill("Relationship to the victim", relationship[0])
        j.fill("Length of the relationship in years", relationship[1])
    j.save_and_continue()
    expect(j.task_status(f"Defendant: {name}")).to_have_text("Completed")


def offence(j, title, offence_date, particulars, points_to_prove, demeanour=None):
    """The offence's own page, from the task list: date, particulars, points to prove;
    ``demeanour`` (and children present: no) in domestic abuse."""
    page = j.page
    j.click(j.task(f"Offence: {title}"))
    j.look("offence")
    j.fill("Date of the offence", offence_date)
    j.fill("Particulars", particulars)
    j.fill("How each point to prove is met", points_to_prove)
    j.answer("Was this offence committed while the suspect was on bail?", "No")
    if demeanour:
        j.fill("The defendant's demeanour at the incident", demeanour)
        j.answer("Were children present?", "No")
    j.click(page.get_by_role("button", name="Save", exact=True))
    expect(j.task_status(f"Offence: {title}")).to_have_text("Completed")


def victim_or_witness(j, role, name):
    """Add a victim or a witness (an adult) from the task list."""
    page = j.page
    j.click(j.task("Victims and witnesses"))
    j.look("participant-add")
    j.answer("Victim or witness", role)
    j.fill("Name", name)
    j.answer("Are they under 18?", "No")
    j.click(page.get_by_role("button", name="Add", exact=True))
    expect(page.get_by_role("heading", name="What this file needs")).to_be_visible()
    expect(j.task_status("Victims and witnesses")).to_have_text("Completed")


def case_summary(j, summary, interview_summary, interview_date, hearsay=None):
    j.open_task("Case summary (MG5)")
    j.look("case-summary")
    j.fill("Summary of the key evidence", summary)
    j.answer("Interview", "Gave an account")
    j.fill("Summary of the interview", interview_summary)
    j.fill("Date of the interview", interview_date)
    j.answer("Did the suspect have a solicitor in interview?", "No")
    j.answer("Were special warnings given?", "No")
    if hearsay:
        j.fill("Hearsay evidence", hearsay)
    j.save_and_continue()


def charging_report(j, evidence, decision_sought, lines_of_enquiry):
    j.open_task("Report to the prosecutor for a charging decision (MG3)")
    j.look("charging-report")
    j.fill("Summary of the evidence", evidence)
    j.fill("Decision you are asking for", decision_sought)
    j.fill("Reasonable lines of enquiry", lines_of_enquiry)
    j.save_and_continue()


def evidence_for_prosecutor(j, charge_rationale=None, safeguarding=None):
    j.open_task("Evidence and information for the prosecutor (MG6)")
    j.look("evidence-for-prosecutor")
    if charge_rationale:
        j.fill("Why the police charged (charge rationale)", charge_rationale)
    if safeguarding:
        j.fill("Safeguarding assessment (domestic abuse)", safeguarding)
    j.save_and_continue()


def charges(j, charge_date, reply, hearing_date, court="Chelmsford Magistrates' Court"):
    j.open_task("Charges (MG4)")
    j.look("charges")
    j.fill("Date charged", charge_date)
    j.fill("Reply to charge", reply)
    j.fill("First hearing date", hearing_date)
    j.fill("First hearing time", "10:00")
    # One text box completed from the force's courts (a datalist): typing a listed
    # court's name is enough; the server keeps its CJS organisation unit.
    j.fill("Court", court)
    j.save_and_continue()


def requisition(j, issued, posted, hearing_date, court="Chelmsford Magistrates' Court"):
    j.open_task("Written charge and requisition")
    j.look("requisition")
    j.fill("Date the written charge was issued", issued)
    j.fill("Date it was posted", posted)
    j.fill("First hearing date", hearing_date)
    j.fill("First hearing time", "10:00")
    # One text box completed from the force's courts (a datalist): typing a listed
    # court's name is enough; the server keeps its CJS organisation unit.
    j.fill("Court", court)
    j.save_and_continue()


def witness_statement(j, name, whose, made_on, statement, witness_type, involvement,
                      retraction=None):
    """One MG11 on the witness statements page; ``whose`` is "A witness" or "The victim"
    (a victim's, in domestic abuse, says whether it is a retraction)."""
    page = j.page
    j.open_task("Witness statements (MG11)")
    j.look("witness-statements")
    j.fill("Witness's name", name)
    j.answer("Whose statement is it?", whose)
    j.fill("Date of statement", made_on)
    j.fill("Statement", statement)
    j.answer("Did the witness sign the MG11 declaration?", "Yes")
    j.answer("Is the witness under 18?", "No")
    j.answer("Type of witness", witness_type)
    j.fill("How the witness is involved", involvement)
    j.answer("Did the witness give a visually recorded interview (ABE)?", "No")
    if retraction is not None:
        j.answer("Is this a retraction statement?", retraction)
    j.click(page.get_by_role("button", name="Save statement"))
    expect(page.locator("main").get_by_text(name).first).to_be_visible()
    j.look("witness-statement-saved")


def previous_convictions(j, convictions="None"):
    j.open_task("Previous convictions")
    j.look("previous-convictions")
    j.answer("Was the PNC checked?", "Yes")
    j.fill("Previous convictions and cautions", convictions)
    j.save_and_continue()


def streamlined_disclosure(j, material="None"):
    j.open_task("Streamlined disclosure certificate")
    j.look("streamlined-disclosure")
    j.page.get_by_label(re.compile("^Unused material that might reasonably assist")).fill(
        material)
    j.answer("Do you certify that you have complied with the disclosure duty?", "Yes")
    j.save_and_continue()


def victim_personal_statement(j):
    """The victim was given the Victims' Code, offered and made a VPS, and chooses how
    it is read in court (the first option)."""
    j.open_task("Victim personal statement")
    j.look("victim-personal-statement")
    j.answer("Was the victim given what the Victims' Code entitles them to?", "Yes")
    j.answer("Was the victim offered a victim personal statement?", "Yes")
    j.answer("Did the victim make a victim personal statement?", "Yes")
    j.choose("Does the victim wish to read it in court?", 0)
    j.save_and_continue()


def cps_details(j, stolen_property=None, recovered_from=None, cps_charges=False):
    """Case details for the CPS: the usual Noes, the charging test and, for a theft from
    a shop, the property. Where the CPS decides the charge, pre-charge advice is not
    asked: its decision is the advice, and the DCF says so."""
    page = j.page
    j.open_task("Case details for the CPS")
    j.look("cps-details")
    # The usual Noes, then the typing (either order keeps both: test_autosave.py).
    j.click(page.get_by_role("button", name="Answer No to those not yet answered"))
    expect(j.group("Does the case rely on expert evidence?").get_by_label("No", exact=True)
           ).to_be_checked()
    advice = j.page.get_by_role("group", name="Did the CPS give pre-charge advice?")
    expect(advice).to_have_count(0 if cps_charges else 1)
    if stolen_property:
        j.fill("Property stolen or damaged", stolen_property)
    j.answer("Which charging test was applied?", "Full Code Test")
    if recovered_from:
        j.answer("What happened to the property", "Stolen and recovered")
        where = page.get_by_label("Where or from whom it was recovered")
        expect(where).to_be_visible()
        where.fill(recovered_from)
    j.save_and_continue()


def all_tasks_done(j):
    j.back_to_the_file()
    expect(j.page.locator(".govuk-task-list__status", has_text=UNFINISHED)).to_have_count(0)
    j.look("all-tasks-done")


def submit_and_check(j, case):
    """Submit for review, run the queued check as the worker would, and see it pass."""
    j.click(j.page.get_by_role("button", name="Submit for review"))
    expect(j.heading()).to_have_text("Submitted for review")
    finish_check(j, case)


def finish_check(j, case):
    """On the submitted page: run the queued check as the worker would, and see it pass."""
    run_job(FileSubmission.objects.filter(case=case).latest("submitted_at").job_id)
    expect(j.page.get_by_text("File ready for review")).to_be_visible(timeout=10_000)
    j.look("bundle-ready")
    print(f"\n{j.name}: the officer's {j.clicks} clicks and submissions")


# --- the supervisor's pages -----------------------------------------------------------------

def approve_and_send_to_the_cps(j, case, supervisor):
    """The supervisor approves every section and the file, then sends it to the CPS."""
    page = j.page
    j.sign_in_as(supervisor)
    j.click(page.get_by_role("link", name="Review queue"))
    j.look("review-queue")
    j.click(page.get_by_role("link", name=re.compile(case.urn)).first)
    expect(j.heading()).to_contain_text("Review")
    j.look("review")
    section = page.get_by_role("button", name=re.compile(r"^Approve (?!the file)"))
    while section.count():
        left = section.count()
        j.click(section.first)
        expect(section).to_have_count(left - 1)
    j.click(page.get_by_role("button", name="Approve the file"))
    expect(page.get_by_text(f"{case.urn} is approved.")).to_be_visible()
    j.click(page.get_by_role("link", name="Send to the CPS"))
    j.look("send-to-cps")
    j.click(page.get_by_role("button", name="Send to the CPS"))
    expect(page.get_by_text(f"Case file {case.urn} · Sent to the CPS")).to_be_visible()
    j.look("sent-to-cps")
    print(f"\n{j.name}: {j.clicks} clicks and submissions to the CPS")
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_TO_CPS


def sent_dcf_document(case):
    """The Digital Case File the CPS received; it must pass the schema and the rules."""
    document = CpsHandover.objects.get(case=case).dcf_document
    assert dcf_problems(document) == []
    return document


def values_of(document, key):
    """Every value of ``key`` anywhere in the document."""
    found = []
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key:
                found.append(value)
            found.extend(values_of(value, key))
    elif isinstance(document, list):
        for value in document:
            found.extend(values_of(value, key))
    return found


def defendant_names(document):
    return [f"{' '.join(d['name']['given_name'])} {d['name']['surname']}"
            for d in document["case"]["defendants"]]


def offence_codes(document):
    return sorted(code.upper() for code in values_of(document, "cjs_offence_code"))


def witness_names(document):
    """The names of the document's witnesses; the DCF lists a victim among them too, as a
    ``PersonVictim``."""
    return [f"{' '.join(p['name']['given_name'])} {p['name']['surname']}"
            for p in document["case"].get("witnesses", [])]
