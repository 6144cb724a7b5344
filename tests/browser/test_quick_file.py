"""The quick file, measured honestly: a new officer builds a shoplift (a suspect new to
the index, with an address; a store detective's statement; a guilty plea; bail) and a
common assault (the victim's statement, a no comment interview, a not guilty plea), from
the home page to "submitted for review", in Chromium.

Every click, choice and submission is counted (typing is not), and the server's time
is summed from the browser's own Navigation and Resource Timing over every navigation
(with the redirect after each form) and every fetch, from the home page to the submitted
page. The worker's check after that is not the officer's journey: the test runs it in
the live server's own process, where its PDF work would hold up the submitted page's
polls as a separate worker process never does. The shoplift must take at most 8
interactions and 2.0 seconds of server time; the common assault reports its count
against a target of 15. Then a supervisor approves each file and sends it to the CPS,
and the Digital Case File the CPS receives passes its schema and business rules.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from athena.people.models import Person
from cases.models import CaseFile
from tests.browser.case_journeys import (
    Journey,
    approve_and_send_to_the_cps,
    finish_check,
    offence_codes,
    sent_dcf_document,
    witness_names,
)
from tests.browser.conftest import JOURNEY_REPORTS
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory

SHOPLIFT_INTERACTIONS = 8
SHOPLIFT_SERVER_SECONDS = 2.0
ASSAULT_TARGET = 15

# What the browser knows of the server's time on the page it shows: the navigation
# (with the redirect that led to it, a form's POST) and each fetch the page made.
SERVER_TIMES = """() => {
  const seen = [];
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav && nav.redirectEnd > 0) {
    seen.push({key: "redirect", name: "the form's POST, redirected to " + nav.name,
               ms: nav.redirectEnd - nav.redirectStart});
  }
  if (nav) {
    seen.push({key: "navigation", name: nav.name, ms: nav.responseStart - nav.requestStart});
  }
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.initiatorType === "fetch" || entry.initiatorType === "xmlhttprequest") {
      seen.push({key: entry.name + "@" + entry.startTime, name: entry.name,
                 ms: entry.responseStart - entry.requestStart});
    }
  }
  return {document: performance.timeOrigin, seen};
}"""


def day(offset):
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d/%m/%Y")


class TimedJourney(Journey):
    """A Journey that also lists each interaction with the page it happened on, and sums
    the server's time of every request from the moment ``start`` is called."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.interactions = []
        self.server_ms = {}
        self.timing = False

    def start(self):
        self.timing = True
        self.clicks = 0

    def stop(self):
        """Read the server time of the page on screen and count no more."""
        self.read_server_time()
        self.timing = False

    def read_server_time(self):
        if not self.timing:
            return
        found = self.page.evaluate(SERVER_TIMES)
        for entry in found["seen"]:
            self.server_ms[(found["document"], entry["key"])] = (entry["name"], entry["ms"])

    def click(self, locator, what=""):
        self.read_server_time()
        heading = self.page.get_by_role("heading", level=1).first.inner_text()
        self.interactions.append((heading, what or locator.inner_text() or "choice"))
        super().click(locator)

    def answer(self, question, answer):
        self.click(self.group(question).get_by_label(answer, exact=True),
                   f"{question} – {answer}")

    def tick(self, locator, what):
        """A checkbox, counted as one choice."""
        self.click(locator, what)

    @property
    def server_seconds(self):
        return sum(ms for _name, ms in self.server_ms.values()) / 1000

    def report(self, title):
        self.read_server_time()
        lines = [f"\n{title}: {len(self.interactions)} interactions, "
                 f"{self.server_seconds:.3f} s of server time over "
                 f"{len(self.server_ms)} requests"]
        lines += [f"  {n}. {page}: {what}" for n, (page, what) in
                  enumerate(self.interactions, 1)]
        lines += [f"  {ms:7.1f} ms  {_path(name)}" for name, ms in self.server_ms.values()]
        print("\n".join(lines))
        JOURNEY_REPORTS.extend(lines)


def _path(address):
    """``http://host:port/cases/1/`` as ``/cases/1/``, keeping any words before it."""
    before, _, rest = address.rpartition("http://")
    return before + "/" + rest.split("/", 1)[-1]


def _officer_signed_in(page, live_server, name, settings, tmp_path):
    """The offences and people of a journey, and its officer signed in."""
    settings.MEDIA_ROOT = tmp_path
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    OffenceFactory(cjs_code="CJ88001", title="Common assault",
                   category=OffenceCategory.SUMMARY_NON_MOTORING)
    UserFactory(username="pc_carter", force=essex(), roles=[Role.OFFICER],
                team="Chelmsford Response")
    UserFactory(username="ds_reid", force=essex(), rank="DS", roles=[Role.FILE_SUPERVISOR])
    journey = TimedJourney(page, live_server, name, check_every_page=True)
    journey.sign_in_as("pc_carter")
    return journey


def _suspect(j, forenames, surname, born, address=None):
    j.fill("Forenames", forenames)
    j.fill("Surname", surname)
    j.fill("Date of birth", born)
    if address:
        j.fill("Building and street", address[0])
        j.fill("Town or city", address[1])
        j.fill("Postcode", address[2])


def _new_quick_file(j, crime):
    """From the home page: "New case file", then the volume crime."""
    page = j.page
    page.goto(j.live_server.url + "/")
    j.start()
    j.click(page.get_by_role("link", name="New case file"))
    j.look("new-case-file")
    j.click(page.get_by_role("link", name=crime))
    expect(j.heading()).to_have_text(crime)
    j.look("quick-file")


def _check_and_submit(j):
    expect(j.heading()).to_have_text("Check your answers")
    j.look("check-answers")
    case = CaseFile.objects.latest("pk")
    j.case_url = f"{j.live_server.url}/cases/{case.pk}/"
    j.click(j.page.get_by_role("button", name="Submit for review"))
    expect(j.heading()).to_have_text("Submitted for review")
    # The journey ends here, submitted. What follows is the worker's check, which the
    # test runs in the live server's own process (in production it is another process):
    # the submitted page's polls while it runs wait on that process, not on the pages.
    j.stop()
    finish_check(j, case)
    return case


def test_a_shoplift_quick_file_takes_at_most_8_interactions_and_2_seconds(
        page, live_server, settings, tmp_path):
    j = _officer_signed_in(page, live_server, "quick-shoplift", settings, tmp_path)
    _new_quick_file(j, "Shoplifting (theft from a shop)")

    _suspect(j, "Dean", "Archer", "02/06/1991", ("3 Mill Lane", "Chelmsford", "CM1 1AA"))
    j.fill("Occupation", "Unemployed")
    j.fill("Date of arrest", day(0))
    j.fill("Time of arrest", "14:20")
    j.fill("Date of the offence", day(0))
    j.fill("Time", "14:10")
    j.fill("Shop", "Tesco, High Street, Chelmsford")
    j.fill("What was taken or damaged", "two beef steaks")
    j.fill("Value (£)", "23.50")
    j.answer("Was it recovered?", "Yes")
    j.fill("What happened", "He put two steaks in his coat and walked past the tills "
                            "without paying. The store detective stopped him outside.")
    j.fill("Name", "Joanne Bell")
    j.fill("Who they are", "The store detective who stopped him")
    j.fill("Their statement (MG11)", "I am a store detective at Tesco, Chelmsford. I saw a "
                                     "man put two steaks in his coat and leave without "
                                     "paying. I stopped him and found the steaks.")
    j.answer("Interview", "Gave an account")
    j.fill("The suspect's account", "He admitted taking the steaks to sell and apologised.")
    j.answer("Anticipated plea", "Guilty")
    j.answer("Charge and bail", "Charged and bailed to court")
    j.fill("Reply to charge", "Sorry.")
    j.look("quick-file-filled")
    j.click(page.get_by_role("button", name="Continue"))

    # Everything the file will say, the derived answers with where they came from.
    main = page.locator("main")
    expect(main).to_contain_text("Dean ARCHER")
    expect(main).to_contain_text("3 Mill Lane, Chelmsford, CM1 1AA")
    expect(main).to_contain_text("On " + day(0) + " at Tesco, High Street, Chelmsford stole "
                                 "two beef steaks to the value of £23.50 belonging to Tesco. "
                                 "Contrary to sections 1 and 7 of the Theft Act 1968.")
    expect(main).to_contain_text("Chelmsford Magistrates' Court")
    hearing = timezone.localdate() + timedelta(days=14)
    expect(main).to_contain_text(f"{hearing.day} {hearing:%B %Y}")
    expect(main).to_contain_text("None recorded: the suspect has no PNC record")
    expect(page.get_by_role("link", name="Change Has the defendant asked for the case to be "
                                          "heard in Welsh?")).to_be_visible()
    case = _check_and_submit(j)

    j.report("Quick shoplift")
    assert len(j.interactions) <= SHOPLIFT_INTERACTIONS, j.interactions
    assert j.server_seconds <= SHOPLIFT_SERVER_SECONDS

    person = Person.objects.get(surname="Archer")
    assert person.addresses.get().location.postcode == "CM1 1AA"
    approve_and_send_to_the_cps(j, case, "ds_reid")
    document = sent_dcf_document(case)
    assert offence_codes(document) == ["TH68010"]


def test_a_common_assault_quick_file_with_a_not_guilty_plea(page, live_server, settings,
                                                             tmp_path):
    j = _officer_signed_in(page, live_server, "quick-assault", settings, tmp_path)
    _new_quick_file(j, "Common assault")

    _suspect(j, "Karl", "Moss", "12/03/1988")
    j.fill("Date of arrest", day(-1))
    j.fill("Time of arrest", "23:40")
    j.fill("Date of the offence", day(-1))
    j.fill("Where it happened", "Outside the Railway Tavern, Duke Street, Chelmsford")
    j.fill("What happened", "He pushed Mr Reed and punched him once in the face.")
    j.fill("Victim's name", "Tom Reed")
    j.fill("The victim's statement (MG11)", "A man I did not know pushed me and punched me "
                                            "in the face outside the pub.")
    j.tick(page.get_by_label("The victim was given what the Victims' Code entitles them "
                             "to"), "Victims' Code given")
    j.answer("Victim personal statement", "Offered, and the victim did not want to make one")
    j.answer("Interview", "No comment")
    j.fill("The suspect's account", "Did you punch Mr Reed? Why were you outside the pub?")
    j.answer("Anticipated plea", "Not guilty")
    j.answer("Charge and bail", "Charged and bailed with conditions")
    j.fill("Reply to charge", "No reply")
    j.fill("Bail conditions", "Not to contact Tom Reed\nNot to enter the Railway Tavern")
    j.fill("Unused material that might assist the defence or undermine the prosecution",
           "None")
    j.tick(page.get_by_label("I certify that I have complied with the disclosure duty"),
           "Disclosure certified")
    j.click(page.get_by_role("button", name="Continue"))

    main = page.locator("main")
    expect(main).to_contain_text("Not guilty plea expected: the first hearing sets a trial")
    hearing = timezone.localdate() + timedelta(days=28)
    expect(main).to_contain_text(f"{hearing.day} {hearing:%B %Y}")
    case = _check_and_submit(j)
    j.report("Quick common assault")
    assert len(j.interactions) <= ASSAULT_TARGET, j.interactions

    approve_and_send_to_the_cps(j, case, "ds_reid")
    document = sent_dcf_document(case)
    assert offence_codes(document) == ["CJ88001"]
    assert witness_names(document) == ["Tom Reed"]


def test_the_quick_file_keeps_what_was_typed_and_shows_only_what_applies(
        page, live_server, settings, tmp_path):
    j = _officer_signed_in(page, live_server, "quick-draft", settings, tmp_path)
    page.goto(f"{live_server.url}/cases/quick/TH68010/")
    grounds = page.get_by_label("Grounds for objecting to bail")
    certify = page.get_by_label("I certify that I have complied with the disclosure duty")
    expect(grounds).to_be_hidden()
    expect(certify).to_be_hidden()
    j.fill("Forenames", "Dean")
    j.fill("Their statement (MG11)", "I saw him take the steaks.")
    j.answer("Anticipated plea", "Not guilty")
    j.answer("Charge and bail", "Charged and kept in custody for court")
    expect(grounds).to_be_visible()
    expect(certify).to_be_visible()
    grounds.fill("He would fail to surrender")

    page.reload()  # a wrong click, a reload: nothing typed is lost
    expect(page.get_by_label("Forenames", exact=True)).to_have_value("Dean")
    expect(page.get_by_label("Their statement (MG11)")).to_have_value(
        "I saw him take the steaks.")
    expect(j.group("Anticipated plea").get_by_label("Not guilty")).to_be_checked()
    expect(grounds).to_have_value("He would fail to surrender")
    j.answer("Charge and bail", "Charged and bailed to court")
    expect(grounds).to_be_hidden()
