"""A file from submission to the CPS decision, in Chromium: the officer submits, the
supervisor returns one section with a comment, the officer fixes only that section,
the supervisor approves, the file goes to the CPS as a Digital Case File with its
bundle, the CPS lawyer records the initial review of the police's charges (proceed), and
the officer sees it."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.jobs.tasks import run_job
from cases.constants import Venue
from cases.models import (
    CaseFile,
    CaseStatus,
    FileSubmission,
    ParticipantRole,
    ReviewState,
)
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.cases.factories import WITNESS_STATEMENT, complete_case_file
from tests.factories import TEST_PASSWORD, UserFactory, essex

COMMENT = "The interview summary reads like a transcript: summarise what he said."
FIXED = "He admitted taking the gin and said he meant to sell it."
APPROVED_FIRST_TIME = [
    "Evidence and information for the prosecutor (MG6)", "Charges (MG4)",
    "Witness statements (MG11)", "Previous convictions", "Streamlined disclosure certificate",
    "Case details for the CPS"]


def _visit(page, name):
    check_accessibility(page, name)
    screenshot(page, f"review-{name}")


def _sign_in_as(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, TEST_PASSWORD)


def _file_ready_for_the_cps(officer):
    """A complete file with what it holds outside its sections (the arrest, the
    offence's particulars), so its Digital Case File validates. ``complete_case_file``
    lists the witness already: a second entry for them would be the same witness twice
    in the Digital Case File, which the check refuses."""
    case = complete_case_file(officer_in_case=officer, likely_venue=Venue.MAGISTRATES,
                              arrested_at=timezone.now() - timedelta(days=2))
    case.suspects.get().offences.update(
        offence_date=timezone.localdate() - timedelta(days=2),
        wording="Stole 2 bottles of gin",
        points_to_prove="Appropriated: CCTV SC/1. Dishonesty: admitted in part.",
        committed_on_bail=False)
    assert list(case.participants.values_list("role", "name")) == [
        (ParticipantRole.WITNESS, WITNESS_STATEMENT["witness_name"])]
    return case


def _run_latest_check(case):
    run_job(FileSubmission.objects.filter(case=case).latest("submitted_at").job_id)


def test_one_returned_section_goes_back_and_the_file_reaches_a_charge(
        page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = UserFactory(username="pc_carter", force=essex(), roles=[Role.OFFICER])
    UserFactory(username="ds_reid", force=essex(), rank="DS", roles=[Role.FILE_SUPERVISOR])
    UserFactory(username="cps_whitfield", force=essex(), rank="CPS", roles=[Role.CPS_LAWYER])
    case = _file_ready_for_the_cps(officer)
    file_page = f"{live_server.url}/cases/{case.pk}/"

    # 1. The officer submits; the worker checks the file and builds the bundle.
    _sign_in_as(page, live_server, "pc_carter")
    page.goto(file_page)
    _visit(page, "file-before-submit")
    page.get_by_role("button", name="Submit for review").click()
    _run_latest_check(case)
    expect(page.get_by_text("File ready for review")).to_be_visible(timeout=10_000)

    # 2. The supervisor returns the case summary, pointing at the interview summary,
    #    and approves the rest.
    _sign_in_as(page, live_server, "ds_reid")
    page.get_by_role("link", name="Review queue").click()
    _visit(page, "queue")
    page.get_by_role("link", name=re.compile(case.urn)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review")
    _visit(page, "review")
    summary_card = page.locator(".govuk-summary-card", has_text="Case summary (MG5)")
    summary_card.get_by_text("Return this section to the officer").click()
    summary_card.get_by_label("What needs changing").fill(COMMENT)
    summary_card.get_by_label("Summary of the interview").check()
    summary_card.get_by_role("button", name=re.compile("^Return")).click()
    for title in APPROVED_FIRST_TIME:
        page.get_by_role("button", name=f"Approve {title}", exact=True).click()
    _visit(page, "review-decided")
    page.get_by_role("button", name="Return the file to the officer").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED

    # 3. The officer goes from the home page straight to the field, fixes it, resubmits.
    _sign_in_as(page, live_server, "pc_carter")
    expect(page.get_by_text(COMMENT)).to_be_visible()
    _visit(page, "officer-home-returned")
    page.get_by_role("link", name=re.compile("Case summary")).first.click()
    expect(page.get_by_text(COMMENT).first).to_be_visible()
    _visit(page, "returned-section")
    page.get_by_label("Summary of the interview").fill(FIXED)
    page.get_by_role("button", name="Save and continue").click()
    page.goto(file_page)
    page.get_by_role("button", name="Submit for review").click()
    _run_latest_check(case)
    expect(page.get_by_text("File ready for review")).to_be_visible(timeout=10_000)
    pending = set(case.sections.filter(review_state=ReviewState.PENDING)
                  .values_list("kind", flat=True))
    assert pending == {"case_summary"}  # only the changed section is reviewed again

    # 4. The supervisor approves it and sends the file to the CPS.
    _sign_in_as(page, live_server, "ds_reid")
    page.goto(f"{live_server.url}/cases/{case.pk}/review/")
    page.get_by_role("button", name="Approve Case summary (MG5)", exact=True).click()
    page.get_by_role("button", name="Approve the file").click()
    page.goto(file_page)
    page.get_by_role("link", name="Send to the CPS").click()
    _visit(page, "send-to-cps")
    page.get_by_role("button", name="Send to the CPS").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_TO_CPS

    # 5. The police charged this file, so the CPS lawyer records an initial review (not
    #    a charging decision): proceed on the police's charges.
    _sign_in_as(page, live_server, "cps_whitfield")
    page.get_by_role("link", name=re.compile(case.urn)).first.click()
    _visit(page, "cps-file")
    expect(page.get_by_role("link", name="Record the charging decision")).to_have_count(0)
    page.get_by_role("link", name="Record the initial review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initial review")
    page.get_by_label("Proceed on the charges as they are", exact=True).check()
    _visit(page, "cps-decision")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text(f"The initial review of {case.urn} is recorded.")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED

    # 6. The officer sees it.
    _sign_in_as(page, live_server, "pc_carter")
    page.goto(file_page)
    page.get_by_role("link", name="See the CPS decision").click()
    expect(page.get_by_text("Proceed on the charges").first).to_be_visible()
    _visit(page, "officer-sees-decision")
    assert CaseFile.objects.get().decisions.get().outcome == "proceed"
