"""Autosave and a page's own buttons, in Chromium, on the case details for the CPS: the
officer types the property stolen and at once clicks "Answer No to those not yet
answered"; the typing and the Noes must both be kept.

Leaving the box sends its autosave at once (its "change" event). While the autosave of
earlier typing is still unanswered, htmx holds that one back (hx-sync "queue last") and
sends it when the first is answered: on a slow connection, after the button's save, from
the page being left. static/athena/app.mjs stops it once a button has submitted the form.
Here the server's answers are held back, as a slow connection would, so the page always
has such an autosave waiting when the button is clicked.

(htmx sends the name of the button last clicked with that late autosave, so it carries
usual_answers too and the Noes happen to survive it; without app.mjs's guard the first test
fails on the late autosave itself. The second test is the way the Noes are really lost: an
autosave sent before the button's save but reaching the server after it. The guard cannot
stop that one, already sent; each save carries when the page sent it (app.mjs's sent_at),
and cases.services.section_save keeps the page's later save.)"""

import time

from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from cases.models import CaseSection
from cases.sections import SectionKind
from tests.browser.conftest import login
from tests.cases.factories import (
    COMPLETE_ANSWERS,
    DEFENDANT_ANSWERS,
    OFFENCE_ANSWERS,
    CaseFileFactory,
    CaseSectionFactory,
    ChargedOffenceFactory,
    SuspectFactory,
)
from tests.factories import TEST_PASSWORD, UserFactory, essex
from tests.offences.factories import OffenceFactory

TYPED_FIRST = "Two beef steaks"
TYPED_THEN = ", £23.50"
PROPERTY = TYPED_FIRST + TYPED_THEN
# The htmx autosave waits this long after the last keystroke (hx-trigger in section.html).
TYPING_DELAY_MS = 800


def _charged_shoplift():
    """A police-charged theft from a shop, complete but for the case details for the CPS
    (never opened), which then ask for the property stolen."""
    officer = UserFactory(username="pc_carter", force=essex(), roles=[Role.OFFICER])
    case = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(
        suspect=SuspectFactory(case=case, answers=dict(DEFENDANT_ANSWERS)),
        offence=OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                               category=OffenceCategory.EITHER_WAY),
        **OFFENCE_ANSWERS)
    for kind, data in COMPLETE_ANSWERS.items():
        if kind != SectionKind.CPS_DETAILS:
            CaseSectionFactory(case=case, kind=kind, data=dict(data))
    return case


def _wait_for(page, condition, what, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds}s for {what}"
        page.wait_for_timeout(50)


def test_typing_then_at_once_answering_no_keeps_both(page, live_server):
    case = _charged_shoplift()
    login(page, live_server, "pc_carter", TEST_PASSWORD)
    url = f"{live_server.url}/cases/{case.pk}/sections/cps_details/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Case details for the CPS")
    pca = page.get_by_role("group", name="Did the CPS give pre-charge advice?")
    expert = page.get_by_role("group", name="Does the case rely on expert evidence?")
    expect(pca.get_by_role("radio", checked=True)).to_have_count(0)

    posts = []  # what the page posted, in order, for the failure messages
    held = {}  # the server has saved these; its answer reaches the page when released

    def slow_server(route, request):
        if request.method != "POST":
            route.continue_()
            return
        kind = "autosave" if request.headers.get("hx-request") else "button"
        posts.append(kind)
        if kind == "autosave" and "typing" not in held:
            held["typing"] = (route, route.fetch())
        elif kind == "button":
            held["button"] = (route, route.fetch(max_redirects=0))
        else:
            route.continue_()

    page.route(url, slow_server)
    box = page.get_by_label("Property stolen or damaged", exact=True)
    box.press_sequentially(TYPED_FIRST)
    # A pause in the typing: its autosave goes, and is not answered yet.
    _wait_for(page, lambda: "typing" in held, "the autosave of the typing")
    # The rest typed key by key, and the button clicked straight after.
    box.press_sequentially(TYPED_THEN)
    page.get_by_role("button", name="Answer No to those not yet answered").click(
        no_wait_after=True)
    _wait_for(page, lambda: "button" in held, "the button's save")

    # The first autosave is answered: an autosave the page kept waiting behind it would go
    # now, after the button's save.
    route, response = held["typing"]
    route.fulfill(response=response)
    page.wait_for_timeout(TYPING_DELAY_MS * 2)
    route, response = held["button"]
    route.fulfill(response=response)
    expect(pca.get_by_label("No", exact=True)).to_be_checked()
    page.unroute(url)

    page.reload()
    expect(box).to_have_value(PROPERTY)
    expect(pca.get_by_label("No", exact=True)).to_be_checked()
    expect(expert.get_by_label("No", exact=True)).to_be_checked()
    section = CaseSection.objects.get(case=case, kind=SectionKind.CPS_DETAILS)
    assert section.data.get("property") == PROPERTY, (section.data, posts)
    assert (section.data.get("pca_cps"), section.data.get("expert_evidence")) == (
        "no", "no"), (section.data, posts)
    assert posts == ["autosave", "button"], (
        f"an autosave followed the button's save: {posts}")


# The autosave sent as the box is left, before the button's save, reaches the server after
# it: the page's clock on each save (app.mjs's sent_at) lets section_save keep the newer.
def test_an_autosave_overtaken_by_the_answer_no_button_does_not_undo_it(page, live_server):
    case = _charged_shoplift()
    login(page, live_server, "pc_carter", TEST_PASSWORD)
    url = f"{live_server.url}/cases/{case.pk}/sections/cps_details/"
    page.goto(url)
    posts, held = [], {}

    def slow_autosave(route, request):
        if request.method != "POST":
            route.continue_()
            return
        kind = "autosave" if request.headers.get("hx-request") else "button"
        posts.append(kind)
        if kind == "autosave":
            held["autosave"] = route  # still on its way: the server has not seen it
        else:
            held["button"] = (route, route.fetch(max_redirects=0))

    page.route(url, slow_autosave)
    page.get_by_label("Property stolen or damaged", exact=True).fill(PROPERTY)
    page.get_by_role("button", name="Answer No to those not yet answered").click(
        no_wait_after=True)
    _wait_for(page, lambda: "button" in held, "the button's save")
    _wait_for(page, lambda: "autosave" in held, "the autosave sent when the box was left")
    held["autosave"].continue_()  # it arrives after the button's save
    page.wait_for_timeout(TYPING_DELAY_MS)
    route, response = held["button"]
    route.fulfill(response=response)
    page.wait_for_load_state()
    page.unroute(url)

    page.reload()
    expect(page.get_by_label("Property stolen or damaged", exact=True)).to_have_value(PROPERTY)
    section = CaseSection.objects.get(case=case, kind=SectionKind.CPS_DETAILS)
    assert (section.data.get("pca_cps"), section.data.get("expert_evidence")) == (
        "no", "no"), (section.data, posts)
